#!/usr/bin/env bash
# Build FrontDesk's one-folder bundle on Linux: dist/FrontDesk/ (FrontDesk + frontdesk-cli beside their libraries).
#
# PyInstaller analyses the Python it runs in, so it gets a build venv of its own (build/venv, kept between
# builds): the app's dependencies from pyproject.toml plus PyInstaller, and pypdf for installer/smoke_test.sh.
# The project's .venv is left alone.
#
# The bundle ships the Python and the PySide6 it is built with (issue 21): $PYTHON if set, else the newest
# python3.X that is 3.11 or newer, else python3 (scripts/_setup.sh, pick_python newest: on 3.12+ None is immortal,
# so no reference bug can abort the bundle). pyproject.toml then installs PySide6 6.12 on 3.12+ and 6.11 on 3.11
# (6.12 on 3.11 loses a reference to None on every void Qt call and aborts a desk after some hours). Before
# PyInstaller runs, the reference-count guard runs in the build venv: a combination that fails it is never
# bundled.
#
#   bash installer/build.sh            # build (reuses build/venv)
#   bash installer/build.sh --fresh    # remake build/venv and build from scratch
#   bash installer/smoke_test.sh       # then check the bundle
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${FRONTDESK_BUILD_VENV:-$root/build/venv}"
# pick_python, drop_stale_qt_pdf, check_qt_refcounts: the same choices as ./scripts/run and ./scripts/test.
source "$root/scripts/_setup.sh"
# The range the spec was written and tested against; 6.x collects PySide6 and supports pkgutil.iter_modules.
pyinstaller_req="pyinstaller>=6.10,<7"

cd "$root"
if [[ "${1:-}" == "--fresh" ]]; then
    rm -rf "$venv" build/frontdesk dist/FrontDesk
fi

start=$(date +%s)
if [[ ! -x "$venv/bin/python" ]]; then
    python="$(pick_python newest)"
    echo "== making the build venv $venv with $("$python" -c 'import sys; print("Python", sys.version.split()[0])')"
    "$python" -m venv "$venv"
fi
echo "== installing FrontDesk's dependencies and PyInstaller"
drop_stale_qt_pdf "$venv"
# Editable, so PyInstaller reads desktop/ from this checkout (the spec puts the repo root first on its path).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root" "$pyinstaller_req" "pypdf>=4"
"$venv/bin/python" -m PyInstaller --version | sed 's/^/   PyInstaller /'
echo "== checking that this PySide6 keeps Python's reference counts (issue 21)"
check_qt_refcounts "$venv" | sed 's/^/   /'

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
