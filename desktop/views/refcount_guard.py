"""Is this PySide6 safe to leave running all week on this Python? Measure Python's reference counts around Qt calls.

A front desk keeps FrontDesk open for days. PySide6 6.12.0 on Python 3.11 loses one reference to ``None`` on
every void Qt method called from Python (``setToolTip``, ``setData``, ``addItem`` …) and one to ``True`` on every
``Signal.emit``; the reminder check refreshes the Today board every few minutes, so after a few hours the count
reaches zero and the interpreter aborts ("Fatal Python error: none_dealloc"). Python 3.12 made ``None`` and the
bools immortal, and PySide6 6.11 on 3.11 keeps its counts; ``pyproject.toml`` installs only those combinations.

This module is the guard that keeps it so:

- :func:`drift` measures a few calls of each kind and gives back whatever they took, so it is safe to run inside
  the app; :mod:`desktop.app` runs it at start-up and warns once when an installation is unsafe (a PySide6
  installed by hand past the project's constraints).
- ``python -m desktop.views.refcount_guard [CALLS]`` runs the full micro-test (10,000 calls of each kind, nothing
  given back) and exits 0 only when no count moved: ``scripts/_setup.sh`` runs it after installing, and the test
  suite runs it on whatever versions are installed, so a future PySide6 or Python that regresses fails CI
  instead of a desk.
"""

from __future__ import annotations

import ctypes
import gc
import os
import platform
import sys
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem

#: Calls per kind in the full micro-test: enough to abort a leaking interpreter well before it ends.
FULL_CALLS = 10_000
#: Calls per kind when checking inside the running app: far from any abort (None is referenced thousands of
#: times), and a leak still shows as -128.
QUICK_CALLS = 64

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    fired = Signal()


@dataclass(frozen=True)
class Drift:
    """How far the counts of the immortal-looking objects moved over the measured calls (0 when sound)."""

    none: int
    true: int
    calls: int = QUICK_CALLS

    @property
    def sound(self) -> bool:
        """No call lost a reference.

        A leaking build loses one per call (``-2 * calls`` for None, ``-calls`` for True). Another thread
        dropping an object that held None can move the count by a few during the loop, so a loss of less than
        one per ten calls is noise, not a leak.
        """
        tolerance = max(2, self.calls // 10)
        return self.none > -tolerance and self.true > -tolerance


def versions() -> str:
    """``PySide6 6.12.0 on Python 3.11.7``: what the desk would have to change."""
    return f"PySide6 {PySide6.__version__} on Python {platform.python_version()}"


def drift(calls: int = QUICK_CALLS, *, give_back: bool = True) -> Drift:
    """Call void Qt methods and emit a signal ``calls`` times each; how much did ``None`` and ``True`` move?

    Args:
        calls: calls of each kind.
        give_back: restore the references a leaking PySide6 took, so the caller can go on safely.
    """
    view = QListWidget()
    item = QListWidgetItem("probe")
    view.addItem(item)
    probe = _Probe()
    probe.fired.connect(lambda: None)
    collecting = gc.isenabled()
    gc.disable()  # a collection in the middle would free objects that held None and blur the count
    none_before = sys.getrefcount(None)
    for _ in range(calls):
        item.setToolTip("probe")
        item.setData(256, calls)
    none_after = sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for _ in range(calls):
        probe.fired.emit()
    true_after = sys.getrefcount(True)
    if collecting:
        gc.enable()
    result = Drift(none=none_after - none_before, true=true_after - true_before, calls=calls)
    if give_back:
        for _ in range(max(0, -result.none)):
            _incref(None)
        for _ in range(max(0, -result.true)):
            _incref(True)
    view.clear()
    return result


def main(argv: list[str] | None = None) -> int:
    """The full micro-test: exit 0 when sound, 1 when a count moved (a leaking build may abort with 134)."""
    args = sys.argv[1:] if argv is None else argv
    calls = int(args[0]) if args else FULL_CALLS
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen"
    )  # run by the set-up script, with or without a screen
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive while the probes run
    result = drift(calls, give_back=False)
    if result.sound:
        print(f"reference counts kept over {calls:,} Qt calls: {versions()}")
        return 0
    print(
        f"{versions()} loses references to None ({result.none:+d}) or True ({result.true:+d}) over "
        f"{calls:,} Qt calls: a FrontDesk left open would stop after some hours. Install Python 3.12 or newer, "
        "or PySide6 older than 6.12 on Python 3.11.",
        file=sys.stderr,
    )
    # Give the references back so the interpreter can still exit cleanly with the answer.
    for _ in range(max(0, -result.none)):
        _incref(None)
    for _ in range(max(0, -result.true)):
        _incref(True)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
