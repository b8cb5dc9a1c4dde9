# Shared by scripts/run and scripts/test: make .venv, install FrontDesk into it, and make sure the
# system libraries Qt needs are present. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${FRONTDESK_VENV:-$ROOT/.venv}"

# The Python to install with: $PYTHON if given, else the system's python3, else the newest python3.X found —
# the first that is 3.11 or newer and can make a venv. pyproject.toml picks the PySide6 that is safe on it
# (6.12 on 3.12+, 6.11 on 3.11: issue 21). `pick_python newest` tries the newest python3.X before python3: the
# one-folder bundle carries its own interpreter, and on 3.12+ None and the bools are immortal, so no reference
# bug of a future PySide6 can abort it.
python_is_suitable() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

pick_python() {
    if [ -n "${PYTHON:-}" ]; then
        if python_is_suitable "$PYTHON"; then echo "$PYTHON"; return 0; fi
        echo "PYTHON=$PYTHON is not Python 3.11 or newer with venv." >&2
        return 1
    fi
    local candidate candidates="python3 python3.14 python3.13 python3.12 python3.11"
    [ "${1:-}" = "newest" ] && candidates="python3.14 python3.13 python3.12 python3.11 python3"
    for candidate in $candidates; do
        if command -v "$candidate" >/dev/null 2>&1 && python_is_suitable "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    echo "FrontDesk needs Python 3.11 or newer with its venv module, and none was found." >&2
    echo "On Debian/Ubuntu/UOS/Kylin install it with:  sudo apt-get install -y python3 python3-venv" >&2
    echo "On other systems install Python 3.12 from python.org, or run with PYTHON=/path/to/python3.12." >&2
    return 1
}

# Debian/Ubuntu package names of the shared libraries Qt's xcb and offscreen plugins load.
QT_APT_PACKAGES="libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 libx11-xcb1
 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0"
QT_LIBS="libEGL.so.1 libGL.so.1 libfontconfig.so.1 libglib-2.0.so.0 libxkbcommon.so.0 libdbus-1.so.3
 libX11-xcb.so.1 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxkbcommon-x11.so.0"

ensure_system_libs() {
    [ "$(uname -s)" = "Linux" ] || return 0
    command -v ldconfig >/dev/null 2>&1 || return 0
    local missing="" known
    # Read the cache once: `ldconfig -p | grep -q` under pipefail fails at random (grep exits at the first
    # match, ldconfig dies of SIGPIPE) and reported present libraries as missing.
    known="$(ldconfig -p 2>/dev/null || true)"
    for lib in $QT_LIBS; do
        grep -qF "$lib" <<<"$known" || missing="$missing $lib"
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
        local python
        python="$(pick_python)"
        echo "Installing FrontDesk into $VENV with $("$python" -c 'import sys; print("Python", sys.version.split()[0])')" >&2
        "$python" -m venv "$VENV"
    fi
    local stamp="$VENV/.frontdesk-installed$extra"
    # Reinstall only when pyproject.toml changed: a second start takes no network round trip.
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        drop_stale_qt_pdf "$VENV"
        "$VENV/bin/python" -m pip install -q -e "$ROOT$extra"
        check_qt_refcounts "$VENV"
        touch "$stamp"
    fi
}

# A venv made before issue 21 may hold PySide6 6.12 on Python 3.11: its PySide6-Pdf wheel would clash with the
# PySide6-Addons that 3.11 now takes QtPdf from. Usage: drop_stale_qt_pdf VENV
drop_stale_qt_pdf() {
    if ! "$1/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
        "$1/bin/python" -m pip uninstall -q -y PySide6-Pdf >/dev/null 2>&1 || true
    fi
}

# The installed PySide6 must keep Python's reference counts, or the app aborts after hours open (issue 21).
# Usage: check_qt_refcounts VENV (default: the project's .venv)
check_qt_refcounts() {
    local venv="${1:-$VENV}"
    if ! QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m desktop.views.refcount_guard; then
        echo "The PySide6 installed in $venv loses Python references and would stop FrontDesk after some hours." >&2
        echo "Remove $venv and run this again; if it happens again, install Python 3.12 or newer and run with" >&2
        echo "PYTHON=python3.12." >&2
        return 1
    fi
}
