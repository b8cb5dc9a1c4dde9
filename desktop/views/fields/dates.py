"""Editors for dates and clock times: a line edit typed as ``YYYY-MM-DD`` with a calendar popup.

A QDateEdit cannot be empty, and most date fields on the paper forms are filled later (the reviewer's date, the
return date of a key), so the editor is a line edit that accepts nothing, ``2026-03-16``, ``2026/3/16``,
``20260316`` or ``2026年3月16日``; the button (or F4 / Alt+Down) opens a calendar.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.views.desk_dialog import fit_placeholder
from desktop.views.fields.base import FieldEditor

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_TIME_RE = re.compile(r"^\s*(\d{1,2})\s*[:：.时]\s*(\d{2})\s*分?\s*$")
_COMPACT_TIME_RE = re.compile(r"^\s*(\d{1,2})(\d{2})\s*$")


def parse_date_text(text: str) -> date | None:
    """The date typed in ``text``, or None when it is not one."""
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_time_text(text: str) -> time | None:
    """The clock time typed in ``text`` (``9:30``, ``0930``, ``09：30``), or None when it is not one."""
    match = _TIME_RE.match(text) or _COMPACT_TIME_RE.match(text)
    if not match:
        return None
    try:
        return time(int(match[1]), int(match[2]))
    except ValueError:
        return None


def parse_datetime_text(text: str) -> datetime | None:
    """``YYYY-MM-DD HH:MM`` (or the ISO ``T`` form), or None when it is not one."""
    text = text.strip().replace("T", " ")
    day_part, _sep, time_part = text.rpartition(" ")
    if not day_part:
        return None
    day = parse_date_text(day_part)
    clock = parse_time_text(time_part)
    if day is None or clock is None:
        return None
    return datetime.combine(day, clock)


class _CalendarPopup(QFrame):
    """A calendar that closes itself when a day is picked or the focus leaves it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)


class _DateLikeEditor(FieldEditor):
    """Shared line edit + calendar button; subclasses say how text and values convert."""

    placeholder = "YYYY-MM-DD"
    has_calendar = True

    def _build_input(self) -> QWidget:
        box = QWidget(self)
        self._line = QLineEdit(box)
        self._line.setPlaceholderText(self.placeholder)
        fit_placeholder(self._line)
        self._line.textEdited.connect(self.changed)
        self._line.editingFinished.connect(self._normalise)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._line, 1)
        self._button: QToolButton | None = None
        if self.has_calendar:
            self._button = QToolButton(box)
            self._button.setText("…")
            self._button.setToolTip(_("Choose a date (F4)"))
            self._button.setAccessibleName(_("Choose a date"))
            # The keyboard opens the calendar with F4 / Alt+Down; a tab stop on every button would double the
            # number of Tab presses through a sheet.
            self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._button.clicked.connect(self.open_calendar)
            layout.addWidget(self._button)
            for keys in ("F4", "Alt+Down"):
                shortcut = QShortcut(QKeySequence(keys), self._line)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(self.open_calendar)
        self._popup: _CalendarPopup | None = None
        return box

    def line_edit(self) -> QLineEdit:
        """The line edit the date is typed in."""
        return self._line

    def focus_widgets(self) -> list[QWidget]:
        return [self._line]

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        if self._button is not None:
            self._button.setEnabled(not read_only)

    # -- conversions (subclasses) -------------------------------------------------------------------------------

    def _parse(self, text: str) -> Any:
        raise NotImplementedError

    def _format(self, value: Any) -> str:
        raise NotImplementedError

    def _picked(self, day: date) -> Any:
        """The value after ``day`` is picked in the calendar (a datetime keeps the time already typed)."""
        return day

    def _calendar_start(self) -> date | None:
        value = self.value()
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else None

    # -- behaviour ----------------------------------------------------------------------------------------------

    def value(self) -> Any:
        text = self._line.text().strip()
        if not text:
            return None
        parsed = self._parse(text)
        return text if parsed is None else parsed

    def set_value(self, value: Any) -> None:
        if value is None or value == "":
            self._line.setText("")
            return
        if isinstance(value, str):
            parsed = self._parse(value)
            self._line.setText(value if parsed is None else self._format(parsed))
            return
        self._line.setText(self._format(value))

    def _normalise(self) -> None:
        """Rewrite what was typed (``2026/3/5``) in the one form the desk reads back (``2026-03-05``)."""
        text = self._line.text().strip()
        parsed = self._parse(text) if text else None
        if parsed is not None and self._format(parsed) != self._line.text():
            self._line.setText(self._format(parsed))

    def open_calendar(self) -> None:
        """Show the calendar under the field, on the typed date (or today)."""
        if self.is_read_only() or not self.has_calendar:
            return
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.calendar.clicked.connect(self._on_calendar_picked)
            self._popup.calendar.activated.connect(self._on_calendar_picked)
        start = self._calendar_start()
        self._popup.calendar.setSelectedDate(QDate(start) if start else QDate.currentDate())
        self._popup.move(self._line.mapToGlobal(QPoint(0, self._line.height())))
        self._popup.show()
        self._popup.calendar.setFocus()

    def _on_calendar_picked(self, qdate: QDate) -> None:
        picked = qdate.toPython()
        assert isinstance(picked, date)
        self._line.setText(self._format(self._picked(picked)))
        if self._popup is not None:
            self._popup.hide()
        self._line.setFocus()
        self.changed.emit()


class DateEditor(_DateLikeEditor):
    """A day (``date``), typed ``YYYY-MM-DD`` or picked from the calendar; empty when not required."""

    def _parse(self, text: str) -> date | None:
        return parse_date_text(text)

    def _format(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


class DateTimeEditor(_DateLikeEditor):
    """A moment (``datetime``), typed ``YYYY-MM-DD HH:MM``; the calendar sets the day and keeps the time."""

    placeholder = "YYYY-MM-DD HH:MM"

    def _parse(self, text: str) -> datetime | None:
        return parse_datetime_text(text)

    def _format(self, value: Any) -> str:
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        return str(value)

    def _picked(self, day: date) -> datetime:
        current = self.value()
        clock = current.time() if isinstance(current, datetime) else time(0, 0)
        return datetime.combine(day, clock)


class TimeEditor(_DateLikeEditor):
    """A clock time (``time``), typed ``HH:MM`` (``930`` and ``9:30`` are accepted)."""

    placeholder = "HH:MM"
    has_calendar = False

    def _parse(self, text: str) -> time | None:
        return parse_time_text(text)

    def _format(self, value: Any) -> str:
        return value.strftime("%H:%M") if isinstance(value, time) else str(value)
