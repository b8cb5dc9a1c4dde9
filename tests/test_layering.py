"""The layers hold: nothing outside desktop/app.py and desktop/views/ pulls in Qt, and the core no reportlab.

Each check runs in a fresh interpreter, because this test process has long since imported both. It catches
transitive leaks that a per-file lint cannot see (Vorta's ``store/models.py → views/utils.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"


def _modules(*folders: str) -> list[str]:
    """Dotted names of every module under the given folders of desktop/, minus the GUI and the entry point."""
    names = []
    for folder in folders:
        base = PACKAGE / folder if folder else PACKAGE
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = relative.parts
            if parts[1:2] == ("views",) or relative.as_posix() in ("desktop/app", "desktop/__main__"):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return sorted(set(names))


def _imported_after(modules: list[str], banned: str) -> list[str]:
    """Run a fresh interpreter that imports ``modules``; return the banned modules it ended up with."""
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print('\\n'.join(sorted(m for m in sys.modules if m == {banned!r} or m.startswith({banned!r} + '.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_module_list_is_not_empty() -> None:
    modules = _modules("")
    assert "desktop.models.database" in modules and "desktop.services.audit" in modules
    assert not any(name.startswith("desktop.views") or name == "desktop.app" for name in modules)


def test_nothing_outside_the_gui_imports_pyside6() -> None:
    assert _imported_after(_modules(""), "PySide6") == []


@pytest.mark.parametrize("folder", ["rules", "models", "formspec"])
def test_the_core_imports_no_reportlab(folder: str) -> None:
    if not (PACKAGE / folder).is_dir():
        pytest.skip(f"desktop/{folder} does not exist yet")
    assert _imported_after(_modules(folder), "reportlab") == []
