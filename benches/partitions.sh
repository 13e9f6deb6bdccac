#!/usr/bin/env bash
# The model behind "Beyond one machine" in the README: N generated events (default 200k) exported
# whole, then split into P partitions (default 4) exported one by one with the same gazetteer,
# as P machines would, and the partitions' outputs merged. Prints each step's wall seconds and
# checks what merges exactly.
#
#     bash benches/partitions.sh [N] [P]
#
# The merge: the partitions' events.parquet files are concatenated and sorted by (start, id)
# with DuckDB (tests/clients/.venv, from tests/clients/setup.sh), and compared row for row with
# the whole export's events.parquet; provinces' additive counts (events, n_<type>, the count
# columns) are summed across the partitions' provinces.geojson and compared with the whole's.
# TONLE=path/to/tonle skips the release build.
set -euo pipefail
n="${1:-200000}"
parts="${2:-4}"
source "$(dirname "$0")/prelude.sh"
python="$root/tests/clients/.venv/bin/python"
[ -x "$python" ] || { echo "DuckDB is missing: bash tests/clients/setup.sh" >&2; exit 1; }

out="$work/partitions-$n"
rm -rf "$out"
mkdir -p "$out"
seconds() { awk "BEGIN{printf \"%.2f\", $EPOCHREALTIME - $1}"; }

started=$EPOCHREALTIME
"$tonle" export "$events" --out "$out/whole" >/dev/null 2>&1
echo "whole: $n rows, every output: $(seconds "$started") s"

# Split by rows (the header on each part), as a loader would split a large file.
rows=$((n / parts + 1))
tail -n +2 "$events" | split -l "$rows" -d - "$out/part-"
slowest=0
for part in "$out"/part-*; do
  { head -1 "$events"; cat "$part"; } > "$part.csv"
  rm "$part"
  started=$EPOCHREALTIME
  "$tonle" export "$part.csv" --out "$part.out" >/dev/null 2>&1
  took=$(seconds "$started")
  echo "$(basename "$part"): $(($(wc -l < "$part.csv") - 1)) rows, every output: $took s"
  slowest=$(awk "BEGIN{print ($took > $slowest) ? $took : $slowest}")
done
echo "slowest partition: $slowest s"

started=$EPOCHREALTIME
"$python" - "$out" <<'EOF'
import glob, json, sys
import duckdb

out = sys.argv[1]
db = duckdb.connect()
parts = sorted(glob.glob(f"{out}/part-*.out/events.parquet"))
db.execute(
    f"COPY (SELECT * FROM read_parquet({parts!r}) ORDER BY start, id) "
    f"TO '{out}/merged.parquet' (FORMAT parquet)"
)
differ = db.sql(
    f"SELECT count(*) FROM (SELECT * EXCLUDE (geometry), ST_AsText(geometry) AS wkt "
    f"FROM read_parquet('{out}/merged.parquet') "
    f"EXCEPT ALL SELECT * EXCLUDE (geometry), ST_AsText(geometry) FROM read_parquet('{out}/whole/events.parquet'))"
).fetchone()[0]
rows = db.sql(f"SELECT count(*) FROM read_parquet('{out}/merged.parquet')").fetchone()[0]
print(f"events merged: {rows} rows, {differ} differing from the whole export's")

# Which aggregate fields merge exactly from the partitions' files, and by what rule; the others
# need the merged events (re-aggregated from them).
LAYERS = {
    "provinces": lambda p: p["id"],
    "activity": lambda p: (p["province_id"], p["period"]),
    "flows": lambda p: (p["origin_id"], p["destination_id"], p["period"]),
}
RULES = {
    "same": lambda vs: vs[0] if all(v == vs[0] for v in vs) else object(),
    "sum": lambda vs: sum(v for v in vs if v is not None) if all(isinstance(v, (int, type(None))) and not isinstance(v, bool) for v in vs) else object(),
    "min": lambda vs: min((v for v in vs if v is not None), default=None),
    "max": lambda vs: max((v for v in vs if v is not None), default=None),
}
for layer, key in LAYERS.items():
    def load(path):
        return {key(f["properties"]): f["properties"] for f in json.load(open(path))["features"]}
    whole = load(f"{out}/whole/{layer}.geojson")
    parts = [load(p) for p in sorted(glob.glob(f"{out}/part-*.out/{layer}.geojson"))]
    fields = list(next(iter(whole.values())))
    by_rule, rest = {}, []
    for field in fields:
        for rule, merge in RULES.items():
            if field in ("first_event", "last_event", "event_ids"):
                continue  # ordered by (start, id): the partitions' files do not carry the starts
            if all(merge([p[k][field] for p in parts if k in p]) == v[field] for k, v in whole.items()):
                by_rule.setdefault(rule, []).append(field)
                break
        else:
            rest.append(field)
    merged = "; ".join(f"{rule}: {', '.join(fs)}" for rule, fs in by_rule.items())
    print(f"{layer}: exact from the partitions' files by {merged}; from the merged events only: {', '.join(rest)}")
EOF
echo "merge (DuckDB, events sorted into one GeoParquet, provinces summed): $(seconds "$started") s"
