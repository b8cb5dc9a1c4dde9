"""What a long run measures about its own process: references, memory, Qt objects, files, and every warning.

:func:`measure` reads the figures a leak moves: ``sys.getrefcount(None)`` (the count PySide6 6.12 on Python 3.11
lost one of per void Qt call until the interpreter aborted), the resident memory (``/proc/self/statm``), the
Python wrappers of live Qt objects (``shiboken6.Shiboken.getAllValidWrappers``), the widgets Qt knows
(``QApplication.allWidgets``), every QObject reachable from the application and its windows, and the open file
descriptors (``/proc/self/fd``). :class:`WarningTrap` records every log record of level WARNING or worse and
every Qt warning, so "nothing was logged" is checked, not assumed.
"""

from __future__ import annotations

import gc
import logging
import os
import resource
import sys
from dataclasses import asdict, dataclass

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

#: Qt messages that say something about the test platform, not about FrontDesk: the offscreen plugin cannot
#: size a window from its contents, and has no session bus or tray.
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


@dataclass(frozen=True)
class Figures:
    """One measurement of the process."""

    none_refs: int
    rss_kib: int
    qt_wrappers: int
    widgets: int
    qobjects: int
    open_files: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def rss_kib() -> int:
    """The resident set size now (not the peak), in KiB."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:  # not Linux: the peak is the best there is
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def open_files() -> int:
    """File descriptors open in this process."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return -1


def qobject_count() -> int:
    """The application object and every QObject under it or under a top-level widget."""
    app = QApplication.instance()
    roots: list[QObject] = [app] if app is not None else []
    roots += QApplication.topLevelWidgets()
    return len(roots) + sum(len(root.findChildren(QObject)) for root in roots)


def measure() -> Figures:
    """The figures now, after pending deletions and a full garbage collection (only what is really kept)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    qobjects = qobject_count()  # first: walking the children gives each a Python wrapper, counted below
    return Figures(
        none_refs=sys.getrefcount(None),
        rss_kib=rss_kib(),
        qt_wrappers=len(shiboken6.Shiboken.getAllValidWrappers()),
        widgets=len(QApplication.allWidgets()),
        qobjects=qobjects,
        open_files=open_files(),
    )


class WarningTrap(logging.Handler):
    """Keeps every WARNING-or-worse log record and every Qt warning (Qt's are logged under ``qt``)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []
        self._qt = logging.getLogger("qt")

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    def install(self) -> WarningTrap:
        logging.getLogger().addHandler(self)
        qInstallMessageHandler(self._on_qt_message)
        return self

    def _on_qt_message(self, kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtDebugMsg or kind == QtMsgType.QtInfoMsg:
            return
        if any(noise in message for noise in PLATFORM_NOISE):
            return
        self._qt.warning("%s", message)
