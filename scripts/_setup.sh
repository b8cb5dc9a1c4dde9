# Shared by scripts/run and scripts/test: make .venv, install FrontDesk into it, and make sure the
# system libraries Qt needs are present. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${FRONTDESK_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Debian/Ubuntu package names of the shared libraries Qt's xcb and offscreen plugins load.
QT_APT_PACKAGES="libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 libx11-xcb1
 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0"
QT_LIBS="libEGL.so.1 libGL.so.1 libfontconfig.so.1 libglib-2.0.so.0 libxkbcommon.so.0 libdbus-1.so.3
 libX11-xcb.so.1 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxkbcommon-x11.so.0"

ensure_system_libs() {
    [ "$(uname -s)" = "Linux" ] || return 0
    command -v ldconfig >/dev/null 2>&1 || return 0
    local missing=""
    for lib in $QT_LIBS; do
        ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing the system libraries Qt needs:$missing" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            $QT_APT_PACKAGES >/dev/null
    else
        echo "Qt needs system libraries that are missing:$missing" >&2
        echo "Install them once with:" >&2
        echo "  sudo apt-get install -y --no-install-recommends $(echo $QT_APT_PACKAGES)" >&2
        return 1
    fi
}

ensure_venv() {
    local extra="${1:-}"
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.frontdesk-installed$extra"
    # Reinstall only when pyproject.toml changed: a second start takes no network round trip.
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e "$ROOT$extra"
        touch "$stamp"
    fi
}
