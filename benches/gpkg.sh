#!/usr/bin/env bash
# How long headless QGIS takes to open N generated events (default 1M) from tonle.gpkg and
# from events.geojson, and to read every feature of each: the case for the GeoPackage.
#
#     bash benches/gpkg.sh [N]
#
# Generates N events (benches/generate.rs, seed 42; kept in target/bench/data/ as run.sh keeps
# them), exports them with the release build (`--only events,gpkg`: the same features in both
# files), then runs tests/clients/qgis_gpkg.py (which opens the layer and reads every feature)
# on each, RUNS times (default 3), and prints a Markdown row per file with the median
# seconds: opening the layer, and reading all its features. Needs python3-qgis
# (tests/clients/setup.sh). TONLE=path/to/tonle skips the release build.
set -euo pipefail
n="${1:-1000000}"
runs="${RUNS:-3}"
source "$(dirname "$0")/prelude.sh"

out="$work/gpkg-$n"
rm -rf "$out"
echo "exporting $n events (events.geojson and tonle.gpkg)" >&2
export_started=$EPOCHREALTIME
"$tonle" export "$events" --out "$out" --only events,gpkg >/dev/null 2>"$work/gpkg-export.log" || {
  cat "$work/gpkg-export.log" >&2
  exit 1
}
echo "export: $(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $export_started}") s" >&2

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure FILE LAYERNAME: RUNS fresh QGIS processes, each opening the layer and reading it.
measure() {
  local file="$1" layer="$2" opens=() reads=()
  for _ in $(seq "$runs"); do
    local report
    report=$(/usr/bin/python3 "$root/tests/clients/qgis_gpkg.py" "$file" "$layer" 2>/dev/null)
    opens+=("$(python3 -c 'import json,sys; r=json.load(sys.stdin)[sys.argv[1]]; print(r["open_seconds"])' "$layer" <<<"$report")")
    reads+=("$(python3 -c 'import json,sys; r=json.load(sys.stdin)[sys.argv[1]]; print(r["read_seconds"], r["features"])' "$layer" <<<"$report")")
  done
  local open read features
  open=$(printf '%s\n' "${opens[@]}" | median)
  read=$(printf '%s\n' "${reads[@]}" | cut -d' ' -f1 | median)
  features=$(printf '%s\n' "${reads[@]}" | head -1 | cut -d' ' -f2)
  printf '| %s | %s | %s | %.2f | %.2f | %.2f |\n' "$n" "$(basename "$file")" "$features" "$open" "$read" \
    "$(awk "BEGIN{print $open + $read}")"
}

echo "| events | file | features | open (s) | read every feature (s) | total (s) |"
echo "|---:|---|---:|---:|---:|---:|"
# GDAL names a GeoJSON file's layer after its collection: `events`.
measure "$out/events.geojson" events
measure "$out/tonle.gpkg" events
ls -l "$out/events.geojson" "$out/tonle.gpkg" | awk '{print $5, $9}' >&2
