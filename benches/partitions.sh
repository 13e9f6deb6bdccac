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
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-200000}"
parts="${2:-4}"
work="$root/target/bench"
data="$work/data"
mkdir -p "$data"
python="$root/tests/clients/.venv/bin/python"
[ -x "$python" ] || { echo "DuckDB is missing: bash tests/clients/setup.sh" >&2; exit 1; }

tonle="${TONLE:-}"
if [ -z "$tonle" ]; then
  cargo build --quiet --release --manifest-path "$root/Cargo.toml"
  tonle="$root/target/release/tonle"
fi
events="$data/events-$n.csv"
if [ ! -s "$events" ]; then
  cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench generate -- "$n" 42 "$events.tmp" "$data/latlon-$n.csv"
  mv "$events.tmp" "$events"
fi

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

def provinces(path):
    return {f["id"]: f["properties"] for f in json.load(open(path))["features"]}

whole = provinces(f"{out}/whole/provinces.geojson")
summed = {}
for path in sorted(glob.glob(f"{out}/part-*.out/provinces.geojson")):
    for pid, props in provinces(path).items():
        into = summed.setdefault(pid, {})
        for key, value in props.items():
            if isinstance(value, int) and not isinstance(value, bool):
                into[key] = into.get(key, 0) + value
additive = [k for k in next(iter(whole.values())) if all(
    isinstance(p.get(k), int) and summed[pid].get(k) == p.get(k) for pid, p in whole.items())]
other = [k for k, v in next(iter(whole.values())).items() if k not in additive]
print(f"provinces: {len(additive)} fields sum exactly ({', '.join(additive[:6])}, ...); "
      f"the rest must be recomputed from the merged events: {', '.join(other)}")
EOF
echo "merge (DuckDB, events sorted into one GeoParquet, provinces summed): $(seconds "$started") s"
