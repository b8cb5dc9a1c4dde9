"""No widget class names a signal after a method of its Qt base class.

``CallbackDialog.done = Signal(object)`` hid ``QDialog.done(int)``, the virtual that ``reject()`` and
``accept()`` call: PySide6 then kept every closed callback dialog alive for good (the week's soak found one
Python dialog and its hint label left behind per call). Every QObject subclass in ``desktop/views`` is checked.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from PySide6.QtCore import QObject, Signal

import desktop.views


def view_classes() -> list[type[QObject]]:
    found = []
    for info in pkgutil.walk_packages(desktop.views.__path__, desktop.views.__name__ + "."):
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value) and issubclass(value, QObject) and value.__module__ == module.__name__
        ]
    return found


def qt_bases(cls: type) -> list[type]:
    return [base for base in cls.__mro__ if base.__module__.startswith("PySide6.")]


def test_no_signal_shadows_a_qt_method() -> None:
    shadowing = []
    for cls in view_classes():
        for name, value in vars(cls).items():
            if isinstance(value, Signal) and any(hasattr(base, name) for base in qt_bases(cls)):
                shadowing.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert shadowing == []
    assert len(view_classes()) > 100  # the walk found the views
