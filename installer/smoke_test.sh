#!/usr/bin/env bash
# Smoke-run the built bundle (dist/FrontDesk, or the folder given as $1) the way the office would use it:
# --version, forms, a blank print, a demo database, its check, and the GUI for a few seconds (offscreen).
# Every run gets fresh user folders (HOME and XDG_* in a temp folder), so nothing touches this machine's data.
# Exits non-zero on the first failure.
#
# The PDF is checked with pypdf from the build venv (installer/build.sh installs it there), else from .venv;
# set PYTHON to use another interpreter that has pypdf.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${1:-$root/dist/FrontDesk}"
gui_seconds="${GUI_SECONDS:-6}"
cli="$bundle/frontdesk-cli"
gui="$bundle/FrontDesk"
if [[ -z "${PYTHON:-}" ]]; then
    for candidate in "$root/build/venv/bin/python" "$root/.venv/bin/python" python3; do
        if command -v "$candidate" >/dev/null && "$candidate" -c "import pypdf" 2>/dev/null; then
            PYTHON="$candidate"
            break
        fi
    done
fi
[[ -n "${PYTHON:-}" ]] || { echo "smoke: no python with pypdf (set PYTHON)" >&2; exit 2; }
[[ -x "$cli" && -x "$gui" ]] || { echo "smoke: no bundle at $bundle (run installer/build.sh)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-smoke.XXXXXX")"
gui_pid=""
cleanup() {
    if [[ -n "$gui_pid" ]] && kill -0 "$gui_pid" 2>/dev/null; then kill "$gui_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
    XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
export QT_QPA_PLATFORM=offscreen
unset FRONTDESK_DB
db="$work/smoke.sqlite3"
passed=0

ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() {
    echo "FAIL $*" >&2
    for file in "$work"/out "$work"/err; do [[ -s "$file" ]] && sed 's/^/     | /' "$file" >&2; done
    find "$work" -name "*.log" -exec sh -c 'echo "     log $1:"; tail -n 30 "$1" | sed "s/^/     | /"' _ {} \; >&2
    exit 1
}
# run NAME COMMAND...: the command must exit 0; its output is kept in $work/out and $work/err.
run() {
    local name="$1"
    shift
    if ! "$@" >"$work/out" 2>"$work/err"; then fail "$name (exit $?): $*"; fi
    ok "$name"
}

run "--version" "$cli" --version
grep -qx "FrontDesk [0-9][0-9.]*" "$work/out" || fail "--version printed: $(cat "$work/out")"

# The commands are found with pkgutil.iter_modules over desktop/cli, which must work frozen (pyi_rth_pkgutil).
run "--help lists the commands" "$cli" --lang en --help
for command in audit backup check demo export forms import print restore; do
    grep -qE "^    $command " "$work/out" || fail "--help does not list the command $command"
done

run "forms (every form definition loads from desktop/_data)" "$cli" --lang en forms
grep -q "problem_sheet" "$work/out" || fail "forms does not list problem_sheet"
echo "     $(grep -c . "$work/out") lines, e.g. $(grep -m1 problem_sheet "$work/out")"

for lang in en zh_CN; do
    pdf="$work/problem_sheet_$lang.pdf"
    run "print problem_sheet --blank ($lang)" "$cli" --lang "$lang" print problem_sheet --blank -o "$pdf"
    [[ -s "$pdf" ]] || fail "print wrote no PDF at $pdf"
    "$PYTHON" - "$pdf" "$lang" <<'EOF' || fail "PDF check ($lang)"
import sys

from pypdf import PdfReader

path, lang = sys.argv[1], sys.argv[2]
title = {"en": "Hotline Customer Problem-Handling Sheet", "zh_CN": "800客户问题处理表"}[lang]
reader = PdfReader(path)
text = "".join(page.extract_text() or "" for page in reader.pages)
fonts = {
    str(font.get_object().get("/BaseFont"))
    for page in reader.pages
    for font in (page["/Resources"].get("/Font") or {}).values()
}
if title not in " ".join(text.split()) and title.replace(" ", "") not in "".join(text.split()):
    sys.exit(f"title {title!r} not in the PDF's text: {text[:200]!r}")
if not any("WenQuanYi" in font or "wqy" in font.lower() for font in fonts):
    sys.exit(f"the bundled CJK font is not embedded; fonts: {sorted(fonts)}")
print(f"     {len(reader.pages)} page(s), title found, fonts: {', '.join(sorted(fonts))}")
EOF
done

run "demo (fills $db; migrations, every service's demo step)" "$cli" --db "$db" --lang en demo
sed -n '1,3p' "$work/out" | sed 's/^/     /'
run "check (the demo database verifies)" "$cli" --db "$db" --lang en check
sed -n '1,3p' "$work/out" | sed 's/^/     /'

# export finds the record stores that desktop.services modules register at import (pkgutil again).
run "export problem_sheet to .xlsx (record stores, openpyxl)" \
    "$cli" --db "$db" --lang en export problem_sheet -o "$work/sheets.xlsx"
"$PYTHON" - "$work/sheets.xlsx" <<'EOF' || fail "xlsx check"
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as book:
    sheet = next(name for name in book.namelist() if name.startswith("xl/worksheets/sheet"))
    rows = book.read(sheet).count(b"<row ")
if rows < 2:
    sys.exit(f"only {rows} row(s) exported")
print(f"     {rows} rows (header included)")
EOF

# The argon2 bindings cannot be called from outside the bundle; at least the compiled module must be there.
find "$bundle" -path "*_argon2_cffi_bindings*" -name "_ffi*" | grep -q . || fail "argon2 bindings missing"
find "$bundle" -name "_cffi_backend*" | grep -q . || fail "cffi backend missing"
find "$bundle" -name "qtbase_zh_CN.qm" | grep -q . || fail "Qt's qtbase_zh_CN.qm missing"
ok "argon2 bindings, cffi backend and qtbase_zh_CN.qm are in the bundle"

# gui_run NAME ARGS...: the GUI must still be running after $gui_seconds s (then it is stopped) and log no error.
gui_run() {
    local name="$1"
    shift
    "$gui" "$@" >"$work/out" 2>"$work/err" &
    gui_pid=$!
    sleep "$gui_seconds"
    if ! kill -0 "$gui_pid" 2>/dev/null; then
        local code=0
        wait "$gui_pid" || code=$?
        gui_pid=""
        fail "$name: the GUI exited with $code within ${gui_seconds}s"
    fi
    kill "$gui_pid"
    wait "$gui_pid" 2>/dev/null || true
    gui_pid=""
    local bad="Traceback|ERROR|translations for .* are missing|could not load the bundled font"
    local logs
    mapfile -t logs < <(find "$work" -name "*.log")
    if grep -qsE "$bad" "$work/err" "${logs[@]}"; then
        fail "$name: errors or warnings logged: $(grep -hsE "$bad" "$work/err" "${logs[@]}" | head -5)"
    fi
    ok "$name (still running after ${gui_seconds}s, then stopped)"
}

gui_run "GUI on the demo database in Chinese (main window, every page)" --db "$db" --lang zh_CN
gui_run "GUI on a new database in English (first-run wizard)" --db "$work/new.sqlite3" --lang en

echo "$passed passed, 0 failed"
