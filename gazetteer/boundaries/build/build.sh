#!/usr/bin/env bash
# Rebuilds ../provinces.geojson and ../countries.geojson from the vendored geoBoundaries
# file and registry packages only (PyPI: shapely, numpy; npm: world-atlas), then checks
# every gazetteer point against the new polygons (the table goes to .work/check.md).
# Usage: gazetteer/boundaries/build/build.sh   (needs python3 with venv, npm, network
# access to PyPI and the npm registry; about 15 s after the first install)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/.work"
world_atlas="world-atlas-2.0.2.tgz"
world_atlas_sha256="032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
source_sha256="28120785569a57dc70e3ac53aa03a6a5ca6a450d98504c4dd71e7431fef7832f"

mkdir -p "$work"
echo "$source_sha256  $here/source/kh-adm1-geoboundaries.geojson" | sha256sum --check --quiet

if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"

if [ ! -f "$work/$world_atlas" ]; then
    (cd "$work" && npm pack --silent world-atlas@2.0.2 >/dev/null)
fi
echo "$world_atlas_sha256  $work/$world_atlas" | sha256sum --check --quiet
tar -xzf "$work/$world_atlas" -C "$work" package/countries-10m.json

"$work/venv/bin/python" "$here/build.py" --world-atlas "$work/package/countries-10m.json"
"$work/venv/bin/python" "$here/check.py" > "$work/check.md"
echo "point-in-polygon check passed: $work/check.md"
