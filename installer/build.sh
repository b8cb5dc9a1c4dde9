#!/usr/bin/env bash
# Build FrontDesk's one-folder bundle on Linux: dist/FrontDesk/ (FrontDesk + frontdesk-cli beside their libraries).
#
# PyInstaller analyses the Python it runs in, so it gets a build venv of its own (build/venv, kept between
# builds): the app's dependencies from pyproject.toml plus PyInstaller, and pypdf for installer/smoke_test.sh.
# The project's .venv is left alone. Set PYTHON to choose the interpreter (3.11+) the venv is made from.
#
#   bash installer/build.sh            # build (reuses build/venv)
#   bash installer/build.sh --fresh    # remake build/venv and build from scratch
#   bash installer/smoke_test.sh       # then check the bundle
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${FRONTDESK_BUILD_VENV:-$root/build/venv}"
python="${PYTHON:-python3}"
# The range the spec was written and tested against; 6.x collects PySide6 and supports pkgutil.iter_modules.
pyinstaller_req="pyinstaller>=6.10,<7"

cd "$root"
if [[ "${1:-}" == "--fresh" ]]; then
    rm -rf "$venv" build/frontdesk dist/FrontDesk
fi

start=$(date +%s)
if [[ ! -x "$venv/bin/python" ]]; then
    echo "== making the build venv $venv"
    "$python" -m venv "$venv"
fi
echo "== installing FrontDesk's dependencies and PyInstaller"
# Editable, so PyInstaller reads desktop/ from this checkout (the spec puts the repo root first on its path).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root" "$pyinstaller_req" "pypdf>=4"
"$venv/bin/python" -m PyInstaller --version | sed 's/^/   PyInstaller /'

echo "== building dist/FrontDesk"
build_start=$(date +%s)
"$venv/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath "$root/build" --distpath "$root/dist" "$root/installer/frontdesk.spec"
end=$(date +%s)

bundle="$root/dist/FrontDesk"
echo "== done: $bundle"
echo "   size:  $(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files"
echo "   time:  $((end - build_start)) s for PyInstaller, $((end - start)) s in all"
echo "   run:   $bundle/FrontDesk    (GUI)   $bundle/frontdesk-cli --version    (commands)"
