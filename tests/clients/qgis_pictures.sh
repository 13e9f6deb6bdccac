#!/usr/bin/env bash
# Renders the README's pictures of the QGIS project with headless QGIS, offline, from a fresh
# export of the built-in dataset: docs/qgis-map.png (the layout of the whole map) and
# docs/qgis-activity.png (the layout of one period's activity).
#
#     bash tests/clients/qgis_pictures.sh [DPI]      # DPI: 100 unless given
#
# Needs python3-qgis (tests/clients/setup.sh). Nothing is fetched: the map is drawn from the
# outlines tonle ships.
set -euo pipefail
cd "$(dirname "$0")/../.."
dpi="${1:-100}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cargo run --quiet -- export --out "$out" >/dev/null
QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/clients/qgis_layouts.py "$out/tonle.qgs" "$dpi" \
    1="$PWD/docs/qgis-map.png" 2="$PWD/docs/qgis-activity.png" 2>/dev/null \
    | python3 -c 'import json, sys
for e in json.load(sys.stdin)["exports"]:
    print(e["name"], "->", e["png"], "%sx%s" % (e["width"], e["height"]), "ok" if e["result"] == 0 else "FAILED")
    if e["result"] != 0:
        sys.exit(1)'
ls -l docs/qgis-map.png docs/qgis-activity.png
