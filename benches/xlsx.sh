#!/usr/bin/env bash
# The benchmark of reading workbooks: the synthetic rows of benches/generate.rs as CSV and as
# .xlsx (benches/xlsx.rs), each read by `tonle validate` and by a streamed export.
#
#   bash benches/xlsx.sh                # N = 100k
#   bash benches/xlsx.sh 10000 100000   # chosen sizes
#
# For each N it generates (once, seed 42) target/bench/N.csv and target/bench/N.xlsx, then
# times each case RUNS times (5) with /usr/bin/time and prints the median wall time, rows/s,
# peak RSS and the .xlsx case's rows/s over the same case on the CSV, as a Markdown table (also
# written to target/bench/xlsx-results.md). benches/run.sh is the main benchmark; this one is
# kept apart so that each can change without the other.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)
runs=5

cargo build --quiet --release --manifest-path "$root/Cargo.toml"
tonle="$root/target/release/tonle"

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# measure LABEL N CMD...: prints "N wall_s rss_kb LABEL"
measure() {
  local label=$1 n=$2; shift 2
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/xlsx-out"
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
      echo "$label failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
    read -r wall kb < <(tail -1 "$work/time.txt")
    walls+=("$wall"); rss+=("$kb")
  done
  echo "$n $(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${rss[@]}" | median) $label"
}

results="$work/xlsx-results.txt"
: > "$results"
for n in "${sizes[@]}"; do
  csv="$work/$n.csv"; xlsx="$work/$n.xlsx"
  if [ ! -s "$csv" ]; then
    echo "generating $n rows" >&2
    cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench generate -- "$n" 42 "$csv" "$work/$n-latlon.csv"
  fi
  if [ ! -s "$xlsx" ] || [ "$xlsx" -ot "$csv" ]; then
    echo "writing $xlsx" >&2
    cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench xlsx -- "$csv" "$xlsx"
  fi
  echo "N=$n: $runs runs per case" >&2
  {
    measure "csv validate" "$n" "$tonle" validate "$csv"
    measure "xlsx validate" "$n" "$tonle" validate "$xlsx"
    measure "csv export --only events --order input" "$n" "$tonle" export "$csv" --only events --order input --out "$work/xlsx-out"
    measure "xlsx export --only events --order input" "$n" "$tonle" export "$xlsx" --only events --order input --out "$work/xlsx-out"
  } | tee -a "$results" >&2
  echo "$n sizes $(stat -c %s "$csv") $(stat -c %s "$xlsx")" >> "$results"
done

{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d); $("$tonle" --version)"
  echo
  echo "| N | input | case | median wall s | rows/s | peak RSS MB | input MB | rows/s vs the CSV |"
  echo "|---:|---|---|---:|---:|---:|---:|---:|"
  awk '
    $2 == "sizes" { csvmb[$1] = $3 / 1e6; xlsxmb[$1] = $4 / 1e6; next }
    {
      n = $1; wall = $2; rss = $3; input = $4
      label = $5; for (i = 6; i <= NF; i++) label = label " " $i
      count++; rn[count] = n; rw[count] = wall; rr[count] = rss; ri[count] = input; rl[count] = label
      rate[input, label, n] = n / wall
    }
    END {
      for (i = 1; i <= count; i++) {
        n = rn[i]; r = n / rw[i]
        mb = (ri[i] == "csv") ? csvmb[n] : xlsxmb[n]
        ratio = (ri[i] == "csv") ? "1.00" : sprintf("%.2f", r / rate["csv", rl[i], n])
        printf "| %d | %s | `tonle %s` | %.2f | %.0f | %.0f | %.1f | %s |\n", n, ri[i], rl[i], rw[i], r, rr[i] / 1024, mb, ratio
      }
    }' "$results"
} | tee "$work/xlsx-results.md"
