"""The Settings tab for the office calendar, the problem-sheet deadlines and numbering, with a deadline calculator.

Managers check here that the deadlines FrontDesk will set are the ones they expect (issue 4): the office hours per
weekday, the office's own closed days and extra working days (the ``holidays`` package can lag behind the State
Council's notice for next year, TECH-NOTES "Working days"), the hand-over hours and result working days of seed
000:95, and the sheet number pattern of seed 000:97 with the next number it gives. The calculator answers
"received at …, due when?" with :func:`desktop.services.calendar.deadline_from`, i.e. with the *saved* settings,
so it shows exactly what a sheet filed now would get; after an edit it says that Save applies the change.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import _
from desktop.services import calendar, numbering, office, settings
from desktop.views import ops
from desktop.views.desk_dialog import message_line
from desktop.views.fields.base import ERROR_COLOUR

#: Colour of the warning about a year without the official arrangement (amber on white, readable).
WARNING_COLOUR = "#8a5a00"

_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~至到]\s*(\d{1,2}):(\d{2})\s*$")

#: The settings this tab edits, in the order they are saved.
KEYS: tuple[str, ...] = (
    "calendar.office_hours",
    "calendar.extra_closures",
    "calendar.extra_workdays",
    "deadline.handover_hours",
    "deadline.result_working_days",
    "numbering.problem_sheet",
)

HOURS = "hours"
DAYS = "days"


def format_intervals(intervals: list[list[str]]) -> str:
    """``[["08:30", "12:00"], ["13:30", "17:30"]]`` → ``08:30–12:00, 13:30–17:30`` (empty: closed)."""
    return ", ".join(f"{start}–{end}" for start, end in intervals)


def parse_intervals(text: str) -> list[list[str]]:
    """The inverse of :func:`format_intervals`; accepts ``-``, ``–``, ``~`` or ``至`` and commas or blanks.

    Raises:
        ValueError: with a translated message naming the piece that is not a from–to time.
    """
    pieces = [piece for piece in re.split(r"[,，;；]|\s{2,}", text) if piece.strip()]
    if len(pieces) == 1 and len(_INTERVAL.findall(pieces[0])) == 0:
        # "08:30-12:00 13:30-17:30" with single blanks between the stretches.
        pieces = re.findall(r"\d{1,2}:\d{2}\s*[-–~至到]\s*\d{1,2}:\d{2}", text) or pieces
    intervals = []
    for piece in pieces:
        match = _INTERVAL.match(piece)
        if match is None:
            raise ValueError(_("{text} is not a from–to time like 08:30–12:00.").format(text=piece.strip()))
        hours_from, minutes_from, hours_to, minutes_to = (int(part) for part in match.groups())
        if hours_from > 23 or hours_to > 24 or minutes_from > 59 or minutes_to > 59:
            raise ValueError(_("{text} is not a time of day.").format(text=piece.strip()))
        intervals.append([f"{hours_from:02d}:{minutes_from:02d}", f"{hours_to:02d}:{minutes_to:02d}"])
    return intervals


def weekday_name(weekday: int, lang: str | None = None) -> str:
    """Monday … Sunday (0 … 6) in the UI language, from babel's calendar data."""
    return str(i18n.babel_locale(lang or i18n.ui_language()).days["format"]["wide"][weekday])


class DateListEditor(QWidget):
    """A list of dates with a date field, Add and Remove (the office's closures or extra working days).

    Signals:
        changed(): a date was added or removed.
    """

    changed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.list_widget = QListWidget()
        self.list_widget.setObjectName(f"{object_name}_list")
        self.list_widget.setMinimumHeight(60)
        self.list_widget.setMaximumHeight(110)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName(f"{object_name}_date")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setObjectName(f"{object_name}_add")
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName(f"{object_name}_remove")
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.date_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(self.list_widget)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def dates(self) -> list[str]:
        """The listed days as ISO dates, sorted."""
        return sorted(self.list_widget.item(row).data(256) for row in range(self.list_widget.count()))

    def set_dates(self, days: list[str]) -> None:
        """Show ``days`` (ISO dates)."""
        self.list_widget.clear()
        for day in sorted(set(days)):
            self._add_item(day)

    def add_date(self, day: date) -> None:
        """Add ``day`` unless it is listed already."""
        iso = day.isoformat()
        if iso in self.dates():
            return
        self.set_dates([*self.dates(), iso])
        self.changed.emit()

    def _add_item(self, iso: str) -> None:
        day = date.fromisoformat(iso)
        text = _("{date} ({weekday})").format(date=i18n.format_date(day), weekday=weekday_name(day.weekday()))
        item = QListWidgetItem(text)
        item.setData(256, iso)
        self.list_widget.addItem(item)

    def _on_add_button_clicked(self) -> None:
        day = self.date_edit.date()
        self.add_date(date(day.year(), day.month(), day.day()))

    def _on_remove_button_clicked(self) -> None:
        row = self.list_widget.currentRow()
        if row < 0:
            return
        self.list_widget.takeItem(row)
        self.changed.emit()


class CalendarSettings(QWidget):
    """Office hours, closures, working days, sheet deadlines, numbering and the deadline calculator.

    The Settings dialog calls :meth:`load` when it opens and :meth:`save` on Save.

    Signals:
        edited(): something differs from the saved settings now.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_settings")
        self.hours_edits: list[QLineEdit] = []
        for weekday in range(7):
            edit = QLineEdit()
            edit.setObjectName(f"hours_{weekday}")
            # Not "Closed": that word is also a sheet's status (已结案).
            edit.setPlaceholderText(_("Office closed"))
            edit.setToolTip(
                _("From–to times separated by commas, e.g. 08:30–12:00, 13:30–17:30; empty: closed")
            )
            self.hours_edits.append(edit)
        self.hours_error = self._error_label("hours_error")
        self.closures = DateListEditor("extra_closures")
        self.workdays = DateListEditor("extra_workdays")
        self.dates_error = self._error_label("dates_error")
        self.year_warning = QLabel()
        self.year_warning.setObjectName("year_warning")
        self.year_warning.setWordWrap(True)
        self.year_warning.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.year_warning.hide()
        self.handover_spin = QSpinBox()
        self.handover_spin.setObjectName("handover_hours")
        self.handover_spin.setRange(1, 24)
        self.handover_spin.setSuffix(_(" working hours"))
        self.result_spin = QSpinBox()
        self.result_spin.setObjectName("result_working_days")
        self.result_spin.setRange(1, 30)
        self.result_spin.setSuffix(_(" working days"))
        self.pattern_edit = QLineEdit()
        self.pattern_edit.setObjectName("number_pattern")
        self.pattern_edit.setToolTip(
            _("{date:%Y%m%d} the day, {operator} the operator's number, {serial:03d} the serial of the day")
        )
        self.pattern_preview = QLabel()
        self.pattern_preview.setObjectName("number_preview")
        self.pattern_error = self._error_label("pattern_error")
        self.start_edit = QDateTimeEdit()
        self.start_edit.setObjectName("calculator_start")
        self.start_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start_edit.setCalendarPopup(True)
        self.amount_spin = QSpinBox()
        self.amount_spin.setObjectName("calculator_amount")
        self.amount_spin.setRange(1, 999)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("calculator_unit")
        self.unit_combo.addItem(_("working hours"), HOURS)
        self.unit_combo.addItem(_("working days"), DAYS)
        self.result_label = QLabel()
        self.result_label.setObjectName("calculator_result")
        font = self.result_label.font()
        font.setBold(True)
        self.result_label.setFont(font)
        self.calculator_note = QLabel(_("Save to use your changes in the calculator."))
        self.calculator_note.setObjectName("calculator_note")
        self.calculator_note.setStyleSheet("color: palette(mid);")
        self.calculator_note.setWordWrap(True)
        self.calculator_note.hide()
        self._saved: dict[str, Any] = {}
        self._build_layout()
        self._connect_signals()

    # -- building -----------------------------------------------------------------------------------------

    def _error_label(self, name: str) -> QLabel:
        return message_line(name)

    def _build_layout(self) -> None:
        hours_box = QGroupBox(_("Office hours"))
        hours_grid = QGridLayout(hours_box)
        for weekday, edit in enumerate(self.hours_edits):
            label = QLabel(weekday_name(weekday))
            label.setBuddy(edit)
            hours_grid.addWidget(label, weekday, 0)
            hours_grid.addWidget(edit, weekday, 1)
        hours_grid.addWidget(self.hours_error, 7, 0, 1, 2)

        days_box = QGroupBox(_("The office's own days"))
        # One above the other, so the tab fits the Settings dialog without scrolling sideways.
        days_layout = QVBoxLayout(days_box)
        days_layout.addWidget(QLabel(_("Extra closed days")))
        days_layout.addWidget(self.closures)
        days_layout.addWidget(QLabel(_("Extra working days")))
        days_layout.addWidget(self.workdays)
        days_layout.addWidget(self.dates_error)
        days_layout.addWidget(self.year_warning)

        sheets_box = QGroupBox(_("Problem sheets"))
        sheets_form = QFormLayout(sheets_box)
        sheets_form.addRow(_("Hand over within:"), self.handover_spin)
        sheets_form.addRow(_("Result due within:"), self.result_spin)
        sheets_form.addRow(_("Number pattern:"), self.pattern_edit)
        sheets_form.addRow(_("Next number:"), self.pattern_preview)
        sheets_form.addRow("", self.pattern_error)

        calculator_box = QGroupBox(_("Deadline calculator"))
        calculator_form = QFormLayout(calculator_box)
        calculator_form.addRow(_("Start:"), self.start_edit)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_spin)
        amount_row.addWidget(self.unit_combo)
        amount_row.addStretch(1)
        calculator_form.addRow(_("Plus:"), amount_row)
        calculator_form.addRow(_("Due:"), self.result_label)
        calculator_form.addRow("", self.calculator_note)

        left = QVBoxLayout()
        left.addWidget(hours_box)
        left.addWidget(sheets_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(days_box)
        right.addWidget(calculator_box)
        right.addStretch(1)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _connect_signals(self) -> None:
        for edit in self.hours_edits:
            edit.textEdited.connect(self._on_anything_edited)
        self.closures.changed.connect(self._on_anything_edited)
        self.workdays.changed.connect(self._on_anything_edited)
        self.handover_spin.valueChanged.connect(self._on_anything_edited)
        self.result_spin.valueChanged.connect(self._on_anything_edited)
        self.pattern_edit.textChanged.connect(self._on_pattern_edit_changed)
        self.start_edit.dateTimeChanged.connect(self.calculate)
        self.amount_spin.valueChanged.connect(self.calculate)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_combo_changed)

    # -- public -------------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the saved settings; the calculator starts now with the hand-over hours."""
        self._saved = {key: settings.get_setting(key) for key in KEYS}
        hours = self._saved["calendar.office_hours"]
        for weekday, edit in enumerate(self.hours_edits):
            edit.setText(format_intervals(hours.get(str(weekday), [])))
        self.closures.set_dates(self._saved["calendar.extra_closures"])
        self.workdays.set_dates(self._saved["calendar.extra_workdays"])
        spins = (
            (self.handover_spin, "deadline.handover_hours"),
            (self.result_spin, "deadline.result_working_days"),
        )
        for spin, key in spins:
            spin.blockSignals(True)
            spin.setValue(int(self._saved[key]))
            spin.blockSignals(False)
        self.pattern_edit.setText(self._saved["numbering.problem_sheet"])
        now = ops.now()
        self.closures.date_edit.setDate(QDate(now.year, now.month, now.day))
        self.workdays.date_edit.setDate(QDate(now.year, now.month, now.day))
        self.amount_spin.blockSignals(True)
        self.amount_spin.setValue(int(self._saved["deadline.handover_hours"]))
        self.amount_spin.blockSignals(False)
        self.set_start(now)
        self._show_errors({})
        self._update_year_warning()
        self._update_note()
        self.calculate()

    def values(self) -> dict[str, Any]:
        """The edited settings by key.

        Raises:
            UserError: an office-hours line that is not a list of from–to times (field = its weekday).
        """
        hours: dict[str, list[list[str]]] = {}
        for weekday, edit in enumerate(self.hours_edits):
            try:
                hours[str(weekday)] = parse_intervals(edit.text())
            except ValueError as exc:
                raise UserError(
                    _("{weekday}: {problem}").format(weekday=weekday_name(weekday), problem=exc),
                    "calendar.office_hours",
                ) from None
        return {
            "calendar.office_hours": hours,
            "calendar.extra_closures": self.closures.dates(),
            "calendar.extra_workdays": self.workdays.dates(),
            "deadline.handover_hours": self.handover_spin.value(),
            "deadline.result_working_days": self.result_spin.value(),
            "numbering.problem_sheet": self.pattern_edit.text().strip(),
        }

    def has_changes(self) -> bool:
        """Whether the tab differs from the saved settings."""
        try:
            return self.values() != self._saved
        except UserError:
            return True

    def save(self) -> bool:
        """Store each changed setting (one service call and audit event each); False after a refusal.

        A refusal is shown beside its part of the tab; the settings saved before it stay saved.
        """
        self._show_errors({})
        try:
            values = self.values()
        except UserError as exc:
            self._show_errors({exc.field or "": exc.message})
            return False
        both = sorted(set(values["calendar.extra_closures"]) & set(values["calendar.extra_workdays"]))
        if both:
            message = _("{day} is entered both as a closed day and as a working day; keep one.")
            self._show_errors({"calendar.extra_workdays": message.format(day=both[0])})
            return False
        try:
            # Checked here first: the setting's own check trips over a lone brace (a ValueError, not a message).
            numbering.preview_number(
                "problem_sheet", pattern=values["numbering.problem_sheet"], operator="01", now=ops.now()
            )
        except UserError as exc:
            self._show_errors({"numbering.problem_sheet": exc.message})
            return False
        for key in KEYS:
            if values[key] == self._saved.get(key):
                continue
            result = ops.run(
                lambda by, now, key=key: settings.set_setting(key, values[key], by=by, now=now),
                parent=self,
                kind="office",
                ids=lambda _value: [],
                show_field_error=self._show_field_error,
            )
            if not result.ok:
                return False
            self._saved[key] = result.value
        self._update_year_warning()
        self._update_note()
        self.calculate()
        return True

    def set_start(self, moment: datetime) -> None:
        """Start the calculator at ``moment``."""
        self.start_edit.setDateTime(
            QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))
        )

    def set_amount(self, amount: int, unit: str) -> None:
        """Add ``amount`` working ``unit`` (:data:`HOURS` or :data:`DAYS`) in the calculator."""
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit))
        self.amount_spin.setValue(amount)

    def calculate(self) -> datetime | None:
        """Compute and show the due moment; None (with the reason shown) when the calendar refuses."""
        moment = self.start_edit.dateTime()
        day, clock = moment.date(), moment.time()
        start = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
        amount = self.amount_spin.value()
        unit = self.unit_combo.currentData()
        try:
            if unit == DAYS:
                due = calendar.deadline_from(start, working_days=amount)
            else:
                due = calendar.deadline_from(start, working_hours=amount)
        except UserError as exc:
            self.result_label.setText(exc.message)
            self.result_label.setStyleSheet(f"color: {ERROR_COLOUR};")
            return None
        self.result_label.setStyleSheet("")
        self.result_label.setText(
            _("{weekday}, {moment}").format(
                weekday=weekday_name(due.weekday()), moment=i18n.format_datetime(due)
            )
        )
        return due

    # -- slots --------------------------------------------------------------------------------------------

    def _on_anything_edited(self) -> None:
        self._update_note()
        self.edited.emit()

    def _on_pattern_edit_changed(self, _text: str) -> None:
        self._update_preview()
        self._on_anything_edited()

    def _on_unit_combo_changed(self, _index: int) -> None:
        key = (
            "deadline.result_working_days"
            if self.unit_combo.currentData() == DAYS
            else "deadline.handover_hours"
        )
        self.amount_spin.setValue(int(self._saved.get(key) or 1))
        self.calculate()

    # -- helpers ------------------------------------------------------------------------------------------

    def _update_note(self) -> None:
        self.calculator_note.setVisible(self.has_changes())

    def _update_preview(self) -> None:
        pattern = self.pattern_edit.text().strip()
        try:
            # preview_number checks the pattern (rules.numbering.parse_pattern) and says what is wrong with it.
            number = numbering.preview_number(
                "problem_sheet", pattern=pattern, operator=self._operator_no(), now=ops.now()
            )
        except UserError as exc:
            self.pattern_preview.setText("—")
            self.pattern_error.setText(exc.message)
            self.pattern_error.show()
            return
        self.pattern_error.hide()
        self.pattern_preview.setText(number)

    def _operator_no(self) -> str:
        staff_id = ops.staff_on_duty()
        if staff_id is not None:
            try:
                return office.get_staff(staff_id).employee_no
            except UserError:
                pass
        return "01"

    def _update_year_warning(self) -> None:
        year = ops.now().year
        try:
            years = calendar.years_needing_office_days(year, year + 1)
        except UserError as exc:
            self.year_warning.setText(exc.message)
            self.year_warning.show()
            return
        if not years:
            self.year_warning.hide()
            return
        self.year_warning.setText(
            _(
                "The official holidays and make-up working days of {years} are not known yet. When the State "
                "Council publishes them, enter the closed days and the make-up working days here."
            ).format(years=_(", ").join(str(y) for y in years))
        )
        self.year_warning.show()

    def _show_field_error(self, key: str, message: str) -> bool:
        self._show_errors({key: message})
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        sinks = {
            "calendar.office_hours": self.hours_error,
            "calendar.extra_closures": self.dates_error,
            "calendar.extra_workdays": self.dates_error,
            "numbering.problem_sheet": self.pattern_error,
        }
        for label in {id(label): label for label in sinks.values()}.values():
            label.hide()
        for key, message in errors.items():
            label = sinks.get(key, self.hours_error)
            label.setText(message)
            label.show()
