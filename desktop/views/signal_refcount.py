"""Work around a reference-count bug in PySide6 6.12.0's ``SignalInstance.emit`` on Python < 3.12.

``signal.emit(...)`` called from Python returns ``True``/``False`` without taking a reference, so every emit
connected to a Python slot leaves the interpreter one reference short on the bool. Python 3.12 made the bools
immortal, but on 3.11 a few hundred emits (every records_changed, every model refresh) bring ``True`` to zero
and the process aborts with "Fatal Python error: bool_dealloc" — at the latest when it exits, which turns a
green test run or a normal quit into a crash.

:func:`install` measures the bug once at start-up and, only when it is there, wraps ``emit`` to give back the
missing reference. A PySide6 without the bug (or Python ≥ 3.12) is left untouched.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    fired = Signal()


def emit_loses_references() -> int:
    """How many references to ``True`` eight emits lose (0 on a sound PySide6); the loss is given back."""
    probe = _Probe()
    probe.fired.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit()
    lost = max(0, before - sys.getrefcount(True))
    for _ in range(lost):
        _incref(True)
    return lost


def install() -> bool:
    """Wrap ``SignalInstance.emit`` when it loses references; returns whether it did (once per process)."""
    if getattr(SignalInstance.emit, "_gives_back_reference", False) or not emit_loses_references():
        return False
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        _incref(result)  # the reference emit() forgot to take on the bool it returns
        return result

    emit._gives_back_reference = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True
