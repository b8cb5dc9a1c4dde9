"""The application-wide announcement that records changed, so every open list can refresh its own kind.

Services return what they changed and never emit signals (they import no Qt); :mod:`desktop.views.ops` turns a
successful call into one :attr:`RecordEvents.records_changed` emission. Pages and table models connect to the
singleton from :func:`record_events` and refresh only when ``kind`` is theirs.

Kinds used so far: ``"office"`` (office data, departments, settings), ``"staff"``. Later record kinds use the
name of their service module (``"ticket"``, ``"callback"``, ``"complaint"``, ``"key"`` …).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class RecordEvents(QObject):
    """Announces saved records.

    Signals:
        records_changed(str, list): ``kind`` of record and the ids that were created, changed or removed
            (an empty list means "possibly all of this kind").
        staff_on_duty_changed(object): the staff id now on duty, or None.
        record_saved(str, str): a record of ``kind`` was created or changed from the screens, with its record
            number (the status bar announces it).
    """

    records_changed = Signal(str, list)
    staff_on_duty_changed = Signal(object)
    record_saved = Signal(str, str)

    def announce(self, kind: str, ids: list[int] | tuple[int, ...] = ()) -> None:
        """Emit :attr:`records_changed` for ``kind`` and ``ids``."""
        self.records_changed.emit(kind, list(ids))


_instance: RecordEvents | None = None


def record_events() -> RecordEvents:
    """The one :class:`RecordEvents` of this process (created on first use, after the QApplication)."""
    global _instance
    if _instance is None:
        _instance = RecordEvents()
    return _instance
