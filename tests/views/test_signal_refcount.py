"""Emitting signals from Python must not eat references to True (PySide6 6.12.0 on Python 3.11 did)."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QObject, Signal

from desktop.views import signal_refcount


class _Sender(QObject):
    plain = Signal()
    changed = Signal(str, list)


def test_a_thousand_emits_keep_the_bools_alive() -> None:
    sender = _Sender()
    sender.plain.connect(lambda: None)
    sender.changed.connect(lambda kind, ids: None)
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(500):
        sender.plain.emit()
        sender.changed.emit("problem_sheet", [1])
    assert sys.getrefcount(True) + sys.getrefcount(False) >= before


def test_installing_twice_wraps_once() -> None:
    signal_refcount.install()
    assert signal_refcount.install() is False
    assert signal_refcount.emit_loses_references() == 0


def test_a_long_session_exits_cleanly() -> None:
    """Thousands of emits, then interpreter exit: the abort happened at exit, so only a child can see it."""
    code = (
        "import desktop.views\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class S(QObject):\n    s = Signal()\n"
        "x = S(); x.s.connect(lambda: None)\n"
        "for _ in range(5000): x.s.emit()\n"
        "print('done')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"
