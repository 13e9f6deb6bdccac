#!/usr/bin/env bash
# Installs the real clients the client tests drive, idempotently, from Debian's packages and the
# npm registry only: GDAL (ogrinfo), QGIS's Python bindings (headless), Chromium, and the pinned
# timeline widgets with playwright-core (which drives /usr/bin/chromium; it downloads no browser).
# Run once as root (or with sudo): bash tests/clients/setup.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo

packages=(gdal-bin python3-qgis qgis-providers chromium fonts-dejavu-core python3-venv)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

cd "$here"
need_npm=0
for p in @knight-lab/timelinejs vis-timeline playwright-core; do
  [ -f "node_modules/$p/package.json" ] || need_npm=1
done
if [ "$need_npm" = 1 ]; then
  echo "setup: npm ci (versions pinned in package-lock.json)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
else
  echo "setup: node_modules present"
fi

# DuckDB's Python package (PyPI) for the GeoParquet test, in a venv of the clients' own.
if ! cmp -s requirements-duckdb.txt .venv/.installed-duckdb 2>/dev/null; then
  echo "setup: DuckDB into tests/clients/.venv (pinned in requirements-duckdb.txt)"
  [ -x .venv/bin/pip ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --only-binary :all: -r requirements-duckdb.txt
  cp requirements-duckdb.txt .venv/.installed-duckdb
else
  echo "setup: DuckDB present"
fi

ogrinfo --version
QT_QPA_PLATFORM=offscreen /usr/bin/python3 -c 'from qgis.core import Qgis; print("QGIS", Qgis.QGIS_VERSION)'
chromium --version
.venv/bin/python -c 'import duckdb; print("DuckDB", duckdb.__version__)'
node -e 'for (const p of ["@knight-lab/timelinejs","vis-timeline","playwright-core"]) console.log(p, require("./node_modules/"+p+"/package.json").version)'
