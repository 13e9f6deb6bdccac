# What benches/gpkg.sh and benches/partitions.sh share, sourced after they set `n`: the
# project's root, the folders under target/bench/, the release build (TONLE=path/to/tonle skips
# it) and N generated events (benches/generate.rs, seed 42), kept in target/bench/data/ from
# one run to the next. Sets root, work, data, tonle and events.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/target/bench"
data="$work/data"
mkdir -p "$data"

tonle="${TONLE:-}"
if [ -z "$tonle" ]; then
  cargo build --quiet --release --manifest-path "$root/Cargo.toml"
  tonle="$root/target/release/tonle"
fi

events="$data/events-$n.csv"
if [ ! -s "$events" ]; then
  echo "generating $n events" >&2
  cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench generate -- "$n" 42 "$events.tmp" "$data/latlon-$n.csv"
  mv "$events.tmp" "$events"
fi
