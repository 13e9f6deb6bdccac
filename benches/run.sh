#!/usr/bin/env bash
# The benchmark: tonle against GDAL's ogr2ogr on the same synthetic rows, in one run.
#
#   bash benches/run.sh                 # N = 10k, 100k and 1M
#   bash benches/run.sh 10000 100000    # chosen sizes
#
# For each N it generates (once, seed 42) N events with place names (target/bench/N.csv), the
# same rows with lat/lon (target/bench/N-latlon.csv) and N rows that all fail validation
# (target/bench/N-failing.csv), then times each case RUNS times
# (5, or 3 from 1M rows) with /usr/bin/time and prints the median wall time, rows/s, output
# MB/s, peak RSS and tonle's rows/s over ogr2ogr's, as a Markdown table (also written to
# target/bench/results.md). Needs ogr2ogr (gdal-bin) and /usr/bin/time (time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)

cargo build --quiet --release --manifest-path "$root/Cargo.toml"
tonle="$root/target/release/tonle"
command -v ogr2ogr >/dev/null || { echo "ogr2ogr is missing: apt-get install gdal-bin" >&2; exit 2; }

# median of the numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# measure LABEL N RUNS OUTDIR CMD...: prints "LABEL N wall_s rss_kb out_bytes"; the command must
# exit with $EXPECT (0 unless set: `validate` of failing rows exits 1)
measure() {
  local label=$1 n=$2 runs=$3 out=$4; shift 4
  local walls=() rss=() rc
  for _ in $(seq "$runs"); do
    rm -rf "$out"; mkdir -p "$out"
    rc=0
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || rc=$?
    [ "$rc" -eq "${EXPECT:-0}" ] || {
      echo "$label exited $rc:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
    read -r wall kb < <(tail -1 "$work/time.txt")
    walls+=("$wall"); rss+=("$kb")
  done
  local bytes
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  echo "$label $n $(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${rss[@]}" | median) $bytes"
}

results="$work/results.txt"
: > "$results"
for n in "${sizes[@]}"; do
  events="$work/$n.csv"; latlon="$work/$n-latlon.csv"
  if [ ! -s "$events" ] || [ ! -s "$latlon" ]; then
    echo "generating $n rows" >&2
    cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench generate -- "$n" 42 "$events" "$latlon"
  fi
  # Every row fails twice (a bad month, an unknown place): findings must stream, not pile up.
  failing="$work/$n-failing.csv"
  [ -s "$failing" ] || awk -v n="$n" 'BEGIN { print "id,date,type,title,place,source";
    for (i = 0; i < n; i++) printf "f-%d,2022-13,raid,Title,Nowhere,Src\n", i }' > "$failing"
  runs=5; [ "$n" -ge 1000000 ] && runs=3
  out="$work/out"
  echo "N=$n: $runs runs per case" >&2
  {
    measure "tonle export --only events" "$n" "$runs" "$out" "$tonle" export --events "$events" --out "$out" --only events
    measure "tonle export --only events --order input" "$n" "$runs" "$out" "$tonle" export --events "$events" --out "$out" --only events --order input
    measure "tonle export --only events,movements,csv --order input" "$n" "$runs" "$out" "$tonle" export --events "$events" --out "$out" --only events,movements,csv --order input
    measure "tonle export (all outputs)" "$n" "$runs" "$out" "$tonle" export --events "$events" --out "$out"
    measure "tonle validate" "$n" "$runs" "$out" "$tonle" validate "$events"
    EXPECT=1 measure "tonle validate (every row fails)" "$n" "$runs" "$out" "$tonle" validate "$failing"
    measure "ogr2ogr -f GeoJSON (lat/lon)" "$n" "$runs" "$out" ogr2ogr -f GeoJSON "$out/ogr.geojson" "$latlon" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO
  } | tee -a "$results" >&2
  echo "$n input_bytes $(stat -c %s "$events")" >> "$results"
done

# The table: each case against ogr2ogr at the same N.
{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d); $("$tonle" --version); $(ogr2ogr --version | cut -d, -f1)"
  echo
  echo "| N | case | median wall s | rows/s | output MB/s | peak RSS MB | input MB | rows/s vs ogr2ogr |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  awk '
    / input_bytes / { input[$1] = $3; next }
    {
      n = $(NF-3); wall = $(NF-2); rss = $(NF-1); bytes = $NF
      label = $1; for (i = 2; i <= NF-4; i++) label = label " " $i
      row[++count] = label; rn[count] = n; rw[count] = wall; rr[count] = rss; rb[count] = bytes
      if (label ~ /^ogr2ogr/) ogr[n] = n / wall
    }
    END {
      for (i = 1; i <= count; i++) {
        n = rn[i]; rate = n / rw[i]
        ratio = (row[i] ~ /^ogr2ogr/) ? "1.00" : sprintf("%.2f", rate / ogr[n])
        printf "| %d | `%s` | %.2f | %.0f | %.1f | %.0f | %.0f | %s |\n", n, row[i], rw[i], rate, rb[i] / rw[i] / 1e6, rr[i] / 1024, input[n] / 1e6, ratio
      }
    }' "$results"
} | tee "$work/results.md"
