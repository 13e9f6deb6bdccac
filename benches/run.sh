#!/usr/bin/env bash
# The benchmark: tonle against GDAL's ogr2ogr, DuckDB and (optionally) geopandas on the same
# synthetic rows, in one run.
#
#   bash benches/run.sh                        # N = 10k, 100k and 1M
#   bash benches/run.sh 10k 100k               # chosen sizes (10000, 10k, 1M, 2.5M ...)
#   bash benches/run.sh --readme               # ... and rewrite the README's table
#   bash benches/run.sh --skip geopandas 10k   # leave cases out (ids below, comma-separated)
#   bash benches/run.sh --runs 1 10k           # runs per case (default 5, 3 from 1M rows)
#   bash benches/run.sh --wait 0               # seconds to wait for a quiet machine (default 60)
#
# For each N it generates (seed 42) N events with place names and the same rows with lat/lon
# (benches/generate.rs; kept in target/bench/data/ until generate.rs, Cargo.lock or the
# gazetteer change), then times each case with /usr/bin/time: median wall time, peak RSS (the
# largest of the runs), output size and the features written. The machine may be shared: before
# each run it waits (up to --wait seconds) until other programs use under a quarter of a core,
# and it records the CPU time they took during each run. The cases:
#
#   tonle-sorted     tonle export --only events             (sorted by start: the default)
#   tonle-input      tonle export --only events --order input
#   tonle-stream     tonle export --only events,movements,csv --order input
#   tonle-all        tonle export                           (every output, sorted)
#   tonle-validate   tonle validate
#   tonle-failing    tonle validate on N rows that all fail twice (findings stream, not pile up)
#   ogr2ogr          ogr2ogr -f GeoJSON on the lat/lon rows (coordinates given, no names)
#   duckdb           benches/duckdb-join.sql: the names joined on a normalised key, GeoJSON out
#   geopandas        benches/geopandas_join.py: the same join, merge + to_file (optional)
#
# DuckDB (the official CLI wheel) and geopandas (wheels only) are installed from PyPI by this
# script into target/bench/venv at the versions pinned in benches/requirements-*.txt; DuckDB
# is required, geopandas is skipped with the reason printed when it does not install.
# Results go to target/bench/results.tsv and meta.tsv; benches/table.py turns them into the
# Markdown table (target/bench/results.md), and with --readme writes it into README.md.
# Everything is written under target/bench/, except pip's download cache.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench"
venv="$work/venv"

die() { echo "benches/run.sh: $*" >&2; exit 2; }
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

command_line="bash benches/run.sh${*:+ $*}"
readme=0 skip="" runs_override="" quiet_wait=60
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --readme) readme=1 ;;
    --skip) [ $# -ge 2 ] || die "--skip needs a list of case ids, e.g. --skip geopandas"; skip=",$2,"; shift ;;
    --runs)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then die "--runs needs a whole number above 0"; fi
      runs_override=$2; shift ;;
    --wait)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then die "--wait needs a whole number of seconds"; fi
      quiet_wait=$2; shift ;;
    -h|--help) usage ;;
    -*) die "unknown option $1 (try --help)" ;;
    *)
      size=$(awk -v s="$1" 'BEGIN {
        if (match(s, /^[0-9]+(\.[0-9]+)?[kKmM]?$/) == 0) { print "bad"; exit }
        m = 1; u = substr(s, length(s)); if (u ~ /[kK]/) m = 1e3; if (u ~ /[mM]/) m = 1e6
        v = (m > 1 ? substr(s, 1, length(s) - 1) : s) * m
        if (v < 1 || v != int(v)) print "bad"; else printf "%.0f\n", v }')
      [ "$size" != bad ] || die "size '$1' is not a number of rows (e.g. 10000, 10k, 1M)"
      sizes+=("$size") ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
cases=",tonle-sorted,tonle-input,tonle-stream,tonle-all,tonle-validate,tonle-failing,ogr2ogr,duckdb,geopandas,"
for id in ${skip//,/ }; do
  [[ "$cases" == *",$id,"* ]] || die "--skip: no case '$id'; the cases are${cases//,/ }"
done
wanted() { [[ "$skip" != *",$1,"* ]]; }

# The tools, each with what to do when it is missing.
command -v cargo >/dev/null || die "cargo is missing: install Rust (https://rustup.rs)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (GNU time, for peak memory): apt-get install time"
command -v python3 >/dev/null || die "python3 is missing (for the venv and benches/table.py): apt-get install python3 python3-venv"
if wanted ogr2ogr; then
  command -v ogr2ogr >/dev/null || die "ogr2ogr is missing: apt-get install gdal-bin (or --skip ogr2ogr)"
fi
mkdir -p "$work"
started=$EPOCHREALTIME
load_start=$(cut -d' ' -f1 /proc/loadavg)

echo "building tonle (release)" >&2
cargo build --quiet --release --manifest-path "$root/Cargo.toml"
tonle="$root/target/release/tonle"

# pip_install NAME: installs benches/requirements-NAME.txt into the venv unless already done.
pip_install() {
  local req="$root/benches/requirements-$1.txt" stamp="$venv/.installed-$1"
  cmp -s "$req" "$stamp" 2>/dev/null && return 0
  if [ ! -x "$venv/bin/pip" ]; then
    python3 -m venv "$venv" >"$work/pip.log" 2>&1 ||
      { cat "$work/pip.log" >&2; die "could not make a venv in $venv: apt-get install python3-venv"; }
  fi
  echo "installing $1 from PyPI into $venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: -r "$req" >"$work/pip.log" 2>&1 || return 1
  cp "$req" "$stamp"
}

duckdb=""
if wanted duckdb; then
  pip_install duckdb || { tail -5 "$work/pip.log" >&2; die "DuckDB did not install from PyPI (see above; or --skip duckdb)"; }
  duckdb="$("$venv/bin/python" -c 'import duckdb_cli, os; print(os.path.dirname(duckdb_cli.__file__))')/duckdb"
  [ -x "$duckdb" ] || die "the duckdb-cli wheel has no binary at $duckdb"
fi
geopandas=0
if wanted geopandas; then
  if pip_install geopandas; then
    geopandas=1
  else
    echo "geopandas skipped: it did not install from wheels: $(grep -m1 -i error "$work/pip.log" || tail -1 "$work/pip.log")" >&2
  fi
fi

# The gazetteer the DuckDB and geopandas joins read, as tonle itself lists it.
gazetteer="$work/gazetteer.csv"
"$tonle" gazetteer list --format csv > "$gazetteer"

# The generated rows are kept while what makes them is unchanged.
data="$work/data"
mkdir -p "$data"
stamp=$(cat "$root/benches/generate.rs" "$root/Cargo.lock" "$gazetteer" | sha256sum | cut -c1-16)
[ "$(cat "$data/stamp" 2>/dev/null)" = "$stamp" ] || { rm -f "$data"/*.csv; echo "$stamp" > "$data/stamp"; }

# median of the numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

results="$work/results.tsv" raw="$work/runs.tsv"
printf 'n\tcase\tlabel\truns\twall_s\twall_min_s\twall_max_s\tcpu_s\tpeak_rss_kb\toutput_bytes\tfeatures\tinput_bytes\n' > "$results"
printf 'n\tcase\trun\twall_s\tcpu_s\tothers_cpu_s\tpeak_rss_kb\n' > "$raw"

# CPU seconds the whole machine has been busy (all cores, every process), from /proc/stat.
busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }

# wait_quiet: waits, up to $quiet_wait seconds, until the other programs on the machine keep
# less than a quarter of a core busy over half a second; counts the runs that started anyway.
busy_starts=0
wait_quiet() {
  [ "$quiet_wait" -gt 0 ] || return 0
  local deadline=$((SECONDS + quiet_wait)) a b
  while :; do
    a=$(busy); sleep 0.5; b=$(busy)
    awk -v a="$a" -v b="$b" 'BEGIN {exit !(b - a < 0.125)}' && return 0
    [ "$SECONDS" -lt "$deadline" ] || { busy_starts=$((busy_starts + 1)); return 0; }
  done
}

# measure ID LABEL N RUNS INPUT FEATURES_FILE CMD...: runs CMD RUNS times in a fresh
# $work/out/ID and appends a row to results.tsv (medians of wall and CPU time, the largest
# peak RSS); runs.tsv gets each run, with the CPU time other programs took meanwhile (the
# machine is shared). FEATURES_FILE (in the output folder, or -) is the GeoJSON whose
# features are counted (one a line in every writer here).
measure() {
  local id=$1 label=$2 n=$3 runs=$4 input=$5 features_file=$6; shift 6
  local out="$work/out/$id" walls=() cpus=() rss=() t0 t1 b0 b1 wall kb user sys cpu others
  for run in $(seq "$runs"); do
    rm -rf "$out"; mkdir -p "$out"
    wait_quiet
    b0=$(busy); t0=$EPOCHREALTIME
    local rc=0
    /usr/bin/time -f "%M %U %S" -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || rc=$?
    [ "$rc" -eq "${EXPECT:-0}" ] || {
      echo "$label exited $rc (N=$n):" >&2; tail -20 "$work/stderr.txt" >&2; exit 1; }
    t1=$EPOCHREALTIME; b1=$(busy)
    read -r kb user sys < <(tail -1 "$work/time.txt")
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
    others=$(awk -v a="$b0" -v b="$b1" -v c="$cpu" 'BEGIN {o = b - a - c; printf "%.2f", o < 0 ? 0 : o}')
    walls+=("$wall"); cpus+=("$cpu"); rss+=("$kb")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$id" "$run" "$wall" "$cpu" "$others" "$kb" >> "$raw"
  done
  local bytes features="" sorted median_wall peak
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f\n", s}')
  if [ "$features_file" != - ]; then
    features=$(grep -c '"type": *"Feature"' "$out/$features_file" || true)
  fi
  sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
  median_wall=$(median <<<"$sorted")
  peak=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$id" "$label" "$runs" \
    "$median_wall" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$peak" "$bytes" "$features" "$input" >> "$results"
  printf '  %-16s %8.2f s  %7.0f MB peak  %s features\n' "$id" "$median_wall" "$((peak / 1024))" "${features:--}" >&2
  rm -rf "$out"
}

for n in "${sizes[@]}"; do
  events="$data/$n.csv" latlon="$data/$n-latlon.csv"
  if [ ! -s "$events" ] || [ ! -s "$latlon" ]; then
    echo "generating $n rows" >&2
    cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench generate -- "$n" 42 "$events.tmp" "$latlon.tmp"
    mv "$events.tmp" "$events"; mv "$latlon.tmp" "$latlon"
  fi
  input=$(stat -c %s "$events")
  runs=5; [ "$n" -ge 1000000 ] && runs=3
  [ -z "$runs_override" ] || runs=$runs_override
  echo "N=$n ($((input / 1000000)) MB): $runs runs per case" >&2
  o="$work/out"
  if wanted tonle-sorted; then
    measure tonle-sorted "tonle export --only events" "$n" "$runs" "$input" events.geojson \
      "$tonle" export --events "$events" --out "$o/tonle-sorted" --only events
  fi
  if wanted tonle-input; then
    measure tonle-input "tonle export --only events --order input" "$n" "$runs" "$input" events.geojson \
      "$tonle" export --events "$events" --out "$o/tonle-input" --only events --order input
  fi
  if wanted tonle-stream; then
    measure tonle-stream "tonle export --only events,movements,csv --order input" "$n" "$runs" "$input" events.geojson \
      "$tonle" export --events "$events" --out "$o/tonle-stream" --only events,movements,csv --order input
  fi
  if wanted tonle-all; then
    measure tonle-all "tonle export (every output, sorted)" "$n" "$runs" "$input" events.geojson \
      "$tonle" export --events "$events" --out "$o/tonle-all"
  fi
  if wanted tonle-validate; then
    measure tonle-validate "tonle validate" "$n" "$runs" "$input" - "$tonle" validate "$events"
  fi
  if wanted tonle-failing; then
    # Every row fails twice (a bad month, an unknown place); validate exits 1.
    failing="$data/$n-failing.csv"
    [ -s "$failing" ] || awk -v n="$n" 'BEGIN { print "id,date,type,title,place,source";
      for (i = 0; i < n; i++) printf "f-%d,2022-13,raid,Title,Nowhere,Src\n", i }' > "$failing"
    EXPECT=1 measure tonle-failing "tonle validate (every row fails)" "$n" "$runs" "$(stat -c %s "$failing")" - \
      "$tonle" validate "$failing"
  fi
  if wanted ogr2ogr; then
    measure ogr2ogr "ogr2ogr -f GeoJSON (lat/lon given)" "$n" "$runs" "$input" ogr.geojson \
      ogr2ogr -f GeoJSON "$o/ogr2ogr/ogr.geojson" "$latlon" \
      -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO
  fi
  if [ -n "$duckdb" ]; then
    sql="$work/duckdb-$n.sql"
    sed -e "s|@TMP@|$work/duckdb.tmp|" -e "s|@GAZETTEER@|$gazetteer|" -e "s|@EVENTS@|$events|" \
      -e "s|@OUT@|$o/duckdb/duckdb.geojson|" "$root/benches/duckdb-join.sql" > "$sql"
    measure duckdb "DuckDB join on a normalised name, GeoJSON out" "$n" "$runs" "$input" duckdb.geojson \
      "$duckdb" -bail -no-init -f "$sql"
  fi
  if [ "$geopandas" = 1 ]; then
    measure geopandas "geopandas merge + to_file (GeoJSON)" "$n" "$runs" "$input" geopandas.geojson \
      "$venv/bin/python" "$root/benches/geopandas_join.py" "$events" "$gazetteer" "$o/geopandas/geopandas.geojson"
  fi
done

# The joins must do the work tonle does: at the smallest size, every event tonle places must be
# at the same place and point in DuckDB's and geopandas's output, and no other.
check=""
if [ -n "$duckdb" ] || [ "$geopandas" = 1 ]; then
  n=$(printf '%s\n' "${sizes[@]}" | sort -n | head -1)
  c="$work/check"; rm -rf "$c"; mkdir -p "$c"
  events="$data/$n.csv" others=()
  "$tonle" export --events "$events" --out "$c" --only events --order input 2>/dev/null
  if [ -n "$duckdb" ]; then
    sed -e "s|@TMP@|$work/duckdb.tmp|" -e "s|@GAZETTEER@|$gazetteer|" -e "s|@EVENTS@|$events|" \
      -e "s|@OUT@|$c/duckdb.geojson|" "$root/benches/duckdb-join.sql" > "$c/duckdb.sql"
    "$duckdb" -bail -no-init -f "$c/duckdb.sql"; others+=("$c/duckdb.geojson")
  fi
  if [ "$geopandas" = 1 ]; then
    "$venv/bin/python" "$root/benches/geopandas_join.py" "$events" "$gazetteer" "$c/geopandas.geojson"
    others+=("$c/geopandas.geojson")
  fi
  python3 "$root/benches/same_places.py" "$c/events.geojson" "${others[@]}" > "$c/report.txt" ||
    { cat "$c/report.txt" >&2; die "a join placed events differently from tonle at N=$n (above)"; }
  check="at N=$n every event of tonle's events.geojson is at the same place and point in the output of $(
    [ -z "$duckdb" ] || printf 'DuckDB'; [ -z "$duckdb" ] || [ "$geopandas" = 0 ] || printf ' and '
    [ "$geopandas" = 0 ] || printf 'geopandas'), and no other (benches/same_places.py)"
  echo "checked: $check" >&2
  rm -rf "$c"
fi

# What the table says the figures were measured on and with.
{
  printf 'command\t%s\n' "$command_line"
  printf 'date\t%s\n' "$(date -u +%Y-%m-%d)"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'ram\t%s\n' "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  printf 'cpu\t%s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  # the last commit that changed what is built into the binary (its code, data and build)
  built=(src gazetteer events Cargo.toml Cargo.lock build.rs)
  commit=$(git -C "$root" log -1 --format='code of %h, %cs' -- "${built[@]}" 2>/dev/null || echo "commit unknown")
  git -C "$root" diff --quiet HEAD -- "${built[@]}" 2>/dev/null || commit="$commit, with uncommitted changes"
  printf 'tonle\t%s (%s)\n' "$("$tonle" --version)" "$commit"
  command -v ogr2ogr >/dev/null && printf 'gdal\t%s\n' "$(ogr2ogr --version | cut -d, -f1)"
  [ -z "$duckdb" ] || printf 'duckdb\tDuckDB %s\n' "$("$duckdb" --version | cut -d' ' -f1 | sed 's/^v//')"
  [ "$geopandas" = 0 ] || printf 'geopandas\t%s\n' "$("$venv/bin/python" -c 'import geopandas, pandas, pyogrio; print(f"geopandas {geopandas.__version__} (pandas {pandas.__version__}, pyogrio {pyogrio.__version__} with GDAL {pyogrio.__gdal_version_string__})")')"
  printf 'sizes\t%s\n' "${sizes[*]}"
  [ -z "$check" ] || printf 'check\t%s\n' "$check"
  printf 'load\t%s at the start, %s at the end\n' "$load_start" "$(cut -d' ' -f1 /proc/loadavg)"
  [ "$quiet_wait" = 0 ] || printf 'busy_starts\t%s runs of %s started after %s s of waiting for a quiet machine\n' \
    "$busy_starts" "$(($(wc -l < "$raw") - 1))" "$quiet_wait"
  printf 'elapsed_s\t%s\n' "$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')"
} > "$work/meta.tsv"

table_args=("$results" "$work/meta.tsv")
[ "$readme" = 0 ] || table_args+=(--readme "$root/README.md")
python3 "$root/benches/table.py" "${table_args[@]}" > "$work/results.md"
cat "$work/results.md"
[ "$readme" = 0 ] || echo "README.md: benchmark table rewritten" >&2
