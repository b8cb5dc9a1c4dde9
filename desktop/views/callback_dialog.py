"""Doing a callback: the seed's script as a prompt, the customer's answer, and what happens next — in one dialog.

Opened from the Today board or the callback book. The desk reads the script (seed 000:88 for repairs, 001:604-612
otherwise), writes down what the customer says verbatim (000:88 "按客户原意如实记录"), ticks running well / not
and satisfied / average / not satisfied, and saves. Not satisfied → "Reopen the sheet" or "Open a complaint"
is done in the same step. Nobody answered, the customer was busy, or named another time → "Call again at…"
moves the callback to that time and counts the attempt; nothing typed is needed and nothing is lost.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.rules import callbacks as rules
from desktop.services import callbacks, office
from desktop.services.callback_rows import PENDING, CallbackRow, RepairFacts, get_callback, repair_facts
from desktop.views import openers, ops
from desktop.views.desk_dialog import DeskDialog, message_line
from desktop.views.events import record_events

# seed 000:88: the 800 callback after a repair, with its two branches. "Yesterday" only when it was
# (rules.repair_day): a Monday call about a Friday repair says the date.
REPAIR_OPENINGS: dict[str, str] = {
    rules.REPAIRED_YESTERDAY: N_(
        "Hello, this is the customer service department of {office}. Yesterday your equipment had a fault and "
        "our engineer {engineer} repaired it. Is it running normally today?"
    ),
    rules.REPAIRED_TODAY: N_(
        "Hello, this is the customer service department of {office}. Earlier today your equipment had a fault "
        "and our engineer {engineer} repaired it. Is it running normally now?"
    ),
    rules.REPAIRED_ON: N_(
        "Hello, this is the customer service department of {office}. On {date} your equipment had a fault and "
        "our engineer {engineer} repaired it. Is it running normally today?"
    ),
    rules.REPAIRED_RECENTLY: N_(
        "Hello, this is the customer service department of {office}. Your equipment had a fault recently and "
        "our engineer {engineer} repaired it. Is it running normally today?"
    ),
}
REPAIR_WELL = N_(
    "Thank you, sorry to have disturbed you. If you need us again, just call; we are always glad to help. Goodbye!"
)
REPAIR_BADLY = N_("We are sorry for the trouble. I will get an engineer to solve this for you right away.")
# seed 001:604-612: the general callback with satisfied / dissatisfied-or-average branches.
GENERAL_OPENING = N_(
    "Hello, I am the customer service representative of {office}. Am I speaking to {customer}? "
    "Sorry to disturb you."
)
GENERAL_SATISFIED = N_("Do you have any suggestions for our service?")
GENERAL_DISSATISFIED = N_("Could you tell me what you are not satisfied with?")
# seed 002:491: the customer is busy.
BUSY_LINE = N_("Sorry to have disturbed you. Goodbye!")

#: Reschedule reasons as the combo shows them.
REASON_LABELS: dict[str, str] = {
    callbacks.NO_ANSWER: N_("No answer"),
    callbacks.BUSY: N_("Customer busy"),
    callbacks.CUSTOMER_TIME: N_("Customer asked for another time"),
}
#: What to do for an unsatisfied customer.
FOLLOW_UPS: tuple[tuple[str, str], ...] = (
    ("", N_("Nothing more")),
    (callbacks.REOPENED, N_("Reopen the sheet")),
    (callbacks.COMPLAINT_OPENED, N_("Open a complaint")),
)


def script_text(
    row: CallbackRow, office_name: str, facts: RepairFacts | None = None, today: date | None = None
) -> str:
    """The script for this callback as rich text: opening line, then the two branches.

    ``facts`` (the repair's day and engineer, :func:`~desktop.services.callback_rows.repair_facts`) and
    ``today`` make a repair callback's opening true: the engineer who did the work, and "yesterday" only when
    the repair was yesterday.
    """
    facts = facts or RepairFacts(repaired_on=None, engineer=str(row.values.get("engineer") or ""))
    engineer = facts.engineer or _("(engineer)")
    customer = row.customer_name or _("(customer)")
    if row.purpose == rules.REPAIR:
        when = rules.repair_day(facts.repaired_on, today or date.today())
        opening = _(REPAIR_OPENINGS[when]).format(
            office=office_name, engineer=engineer, date=_spoken_date(facts.repaired_on)
        )
        branches = ((_("Running well"), _(REPAIR_WELL)), (_("Not running well"), _(REPAIR_BADLY)))
    else:
        opening = _(GENERAL_OPENING).format(office=office_name, customer=customer)
        branches = ((_("Satisfied"), _(GENERAL_SATISFIED)), (_("Not satisfied"), _(GENERAL_DISSATISFIED)))
    lines = [f"<p><b>“{html.escape(opening)}”</b></p>"]
    lines += [f"<p>{html.escape(label)}: “{html.escape(text)}”</p>" for label, text in branches]
    busy = _("Customer busy")  # outside the f-string: babel does not look inside one for _()
    lines.append(f"<p>{html.escape(busy)}: “{html.escape(_(BUSY_LINE))}”</p>")
    return "".join(lines)


def _spoken_date(day: date | None) -> str:
    """ "3月13日星期五" / "Friday, March 13": how the desk says a recent day on the phone."""
    if day is None:
        return ""
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMMEEEEd", day, locale=i18n.babel_locale(i18n.ui_language())))


class CallbackDialog(DeskDialog):
    """Make one callback; open with ``open()``.

    Args:
        row: the callback (pending).

    Signals:
        call_saved(object): the callback was recorded or moved; the new :class:`CallbackRow`.
    """

    call_saved = Signal(object)

    def __init__(self, row: CallbackRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callback_dialog")
        self.row = row
        self.setWindowTitle(_("Callback {number}").format(number=row.number))
        lang = i18n.ui_language()
        office_row = ops.query(office.get_office, parent=self).value
        self.header = QLabel(self._header_text(lang))
        self.header.setObjectName("callback_header")
        self.header.setWordWrap(True)
        facts = ops.query(lambda: repair_facts(row), parent=self).value
        self.script = QLabel(
            script_text(row, office_row.name if office_row else "FrontDesk", facts, ops.now().date())
        )
        self.script.setObjectName("callback_script")
        self.script.setWordWrap(True)
        self.script.setTextFormat(Qt.TextFormat.RichText)
        self.script.setFrameShape(QFrame.Shape.StyledPanel)
        self.script.setStyleSheet("QLabel#callback_script { background: #f3f6fb; padding: 8px; }")
        self.contact = QLineEdit(str(row.values.get("contact") or ""))
        self.contact.setObjectName("contact")
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for key, label in (
            (rules.PHONE, N_("Phone")),
            (rules.VISIT, N_("Visit")),
            (rules.LETTER, N_("Letter")),
        ):
            self.channel.addItem(_(label), key)
        self.outcome_group = QButtonGroup(self)
        self.running_well = QRadioButton(_("Running well"))
        self.running_well.setObjectName("running_well")
        self.not_running_well = QRadioButton(_("Not running well"))
        self.not_running_well.setObjectName("not_running_well")
        self.satisfaction_group = QButtonGroup(self)
        self.satisfied = QRadioButton(_("Satisfied"))
        self.satisfied.setObjectName("satisfied")
        self.average = QRadioButton(_("Average"))
        self.average.setObjectName("average")
        self.dissatisfied = QRadioButton(_("Not satisfied"))
        self.dissatisfied.setObjectName("dissatisfied")
        self.evaluation = QPlainTextEdit()
        self.evaluation.setObjectName("evaluation")
        self.evaluation.setPlaceholderText(_("Record what the customer says, verbatim"))
        self.evaluation.setTabChangesFocus(True)
        self.fault_grade = QComboBox()
        self.fault_grade.setObjectName("fault_grade")
        self.fault_grade.addItem("", None)
        for key, label in (
            ("grade_1", N_("Grade 1")),
            ("grade_2", N_("Grade 2")),
            ("grade_3", N_("Grade 3")),
        ):
            self.fault_grade.addItem(_(label), key)
        self.remarks = QLineEdit()
        self.remarks.setObjectName("remarks")
        self.follow_up = QComboBox()
        self.follow_up.setObjectName("follow_up")
        #: A complaint's own callback decides the complaint (seed 000:165): not satisfied opens the linked new
        #: entry by itself, so "Open a complaint" would make a second one.
        self.decides_complaint = row.source_kind == "complaint" and row.purpose == rules.COMPLAINT
        for key, label in FOLLOW_UPS:
            if key == callbacks.REOPENED and row.source_kind != "problem_sheet":
                continue
            if key == callbacks.COMPLAINT_OPENED and self.decides_complaint:
                continue
            self.follow_up.addItem(_(label), key)
        self.complaint_hint = QLabel(
            _(
                "Satisfied closes complaint {number}; average or not satisfied writes it in the register again "
                "as a new entry linked to it."
            ).format(number=row.ref_number or "—"),
            self,  # a child even when not laid out (no complaint to decide): it goes with the dialog
        )
        self.complaint_hint.setObjectName("complaint_hint")
        self.complaint_hint.setWordWrap(True)
        self.error = message_line("callback_error")
        self.again_at = QDateTimeEdit()
        self.again_at.setObjectName("again_at")
        self.again_at.setCalendarPopup(True)
        self.again_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.again_at.setDateTime(QDateTime(self._suggested_time()))
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        for key, label in REASON_LABELS.items():
            self.reason.addItem(_(label), key)
        self.again_button = QPushButton(_("Call again at this time"))
        self.again_button.setObjectName("call_again")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            _("Save the callback"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save_callback")
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self._build_layout()
        self._connect_signals()
        self._update_follow_up()
        self.resize(720, 720)

    # --- building ----------------------------------------------------------------------------------------

    def _header_text(self, lang: str) -> str:
        row = self.row
        return _(
            "{purpose} for {customer} ({phone}) · about {ref} · due {due} · attempts so far: {attempts}"
        ).format(
            purpose=_(rules.PURPOSE_LABELS.get(row.purpose, rules.PURPOSE_LABELS[rules.OTHER])),
            customer=row.customer_name or "—",
            phone=row.phone or "—",
            ref=row.ref_number or "—",
            due=i18n.format_datetime(row.due_at, lang, "short"),
            attempts=row.attempts,
        )

    def _suggested_time(self) -> datetime:
        """An hour from now, moved out of the customer's rest hours and the office's closed time."""
        now = ops.now()
        try:
            from desktop.rules.callbacks import next_call_time
            from desktop.services.calendar import office_calendar

            return next_call_time(now + timedelta(hours=1), office_calendar(), callbacks.rest_hours())
        except (UserError, ValueError):
            return now + timedelta(hours=1)

    def _build_layout(self) -> None:
        for button in (self.running_well, self.not_running_well):
            self.outcome_group.addButton(button)
        for button in (self.satisfied, self.average, self.dissatisfied):
            self.satisfaction_group.addButton(button)
        outcome = QHBoxLayout()
        outcome.addWidget(self.running_well)
        outcome.addWidget(self.not_running_well)
        outcome.addStretch(1)
        satisfaction = QHBoxLayout()
        for button in (self.satisfied, self.average, self.dissatisfied):
            satisfaction.addWidget(button)
        satisfaction.addStretch(1)
        result_box = QGroupBox(_("The customer's answer"))
        form = QFormLayout(result_box)
        form.addRow(_("Person called"), self.contact)
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Running"), outcome)
        form.addRow(_("Satisfaction"), satisfaction)
        form.addRow(_("Callback result and evaluation of the work"), self.evaluation)
        form.addRow(_("Fault grade"), self.fault_grade)
        form.addRow(_("Remarks"), self.remarks)
        if self.decides_complaint:
            form.addRow(_("If not satisfied"), self.complaint_hint)
            self.follow_up.hide()
        else:
            form.addRow(_("If not satisfied"), self.follow_up)
            self.complaint_hint.hide()
        again_box = QGroupBox(_("Could not finish the call"))
        again = QHBoxLayout(again_box)
        again.addWidget(self.reason)
        again.addWidget(self.again_at)
        again.addWidget(self.again_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.script)
        layout.addWidget(result_box, 1)
        layout.addWidget(again_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.again_button.clicked.connect(self.call_again)
        self.satisfaction_group.buttonToggled.connect(lambda *_args: self._update_follow_up())
        self.outcome_group.buttonToggled.connect(lambda *_args: self._update_follow_up())

    def _update_follow_up(self) -> None:
        unhappy = (
            self.dissatisfied.isChecked() or self.average.isChecked() or self.not_running_well.isChecked()
        )
        self.follow_up.setEnabled(unhappy)
        if not unhappy:
            self.follow_up.setCurrentIndex(0)
        elif (
            self.follow_up.currentIndex() == 0
            and self.row.source_kind == "problem_sheet"
            and self.not_running_well.isChecked()
        ):
            self.follow_up.setCurrentIndex(self.follow_up.findData(callbacks.REOPENED))

    # --- actions -----------------------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """What the desk entered, by form key."""
        outcome = "running_well" if self.running_well.isChecked() else None
        outcome = "not_running_well" if self.not_running_well.isChecked() else outcome
        satisfaction = None
        for key, button in (
            ("satisfied", self.satisfied),
            ("average", self.average),
            ("dissatisfied", self.dissatisfied),
        ):
            if button.isChecked():
                satisfaction = key
        return {
            "contact": self.contact.text(),
            "channel": self.channel.currentData(),
            "outcome": outcome,
            "satisfaction": satisfaction,
            "evaluation": self.evaluation.toPlainText(),
            "fault_grade": self.fault_grade.currentData(),
            "remarks": self.remarks.text(),
        }

    def _show_error(self, field: str, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return True

    def save(self) -> None:
        """Record the callback and, for an unsatisfied customer, reopen the sheet or open a complaint."""
        values = self.values()
        follow_up = self.follow_up.currentData() if self.follow_up.isEnabled() else ""
        reason = str(values["evaluation"] or "")

        def call(*, by: int | None, now: datetime) -> CallbackRow:
            row = callbacks.record_callback(
                self.row.id, values, by=by, now=now, expected_version=self.row.version
            )
            if follow_up:
                row = callbacks.mark_unsatisfied(row.id, action=follow_up, reason=reason, by=by, now=now)
            return row

        result = ops.run(call, parent=self, kind="callback", show_field_error=self._show_error)
        if result.ok and result.value is not None:
            if follow_up == callbacks.REOPENED and self.row.source_id is not None:
                record_events().announce("ticket", [self.row.source_id])  # the sheet book shows it reopened
            if self.row.source_kind == "complaint" and self.row.source_id is not None:
                # The complaint closed or went on as a new entry: the register shows it.
                ids = [self.row.source_id] + (
                    [result.value.complaint_id] if result.value.complaint_id else []
                )
                record_events().announce("complaint", ids)
            self.call_saved.emit(result.value)
            self.accept()

    def call_again(self) -> None:
        """Move the callback to the chosen time, counting this attempt."""
        to = self.again_at.dateTime().toPython()
        reason = self.reason.currentData()
        result = ops.run(
            lambda by, now: callbacks.reschedule(
                self.row.id, to=to, reason=reason, by=by, now=now, expected_version=self.row.version
            ),
            parent=self,
            kind="callback",
            show_field_error=self._show_error,
        )
        if result.ok and result.value is not None:
            self.call_saved.emit(result.value)
            self.accept()


def open_callback(callback_id: int, parent: QWidget | None) -> CallbackDialog | None:
    """Open the dialog for a pending callback (None, after telling the desk, when it is gone or finished)."""
    result = ops.query(lambda: get_callback(callback_id, now=ops.now()), parent=parent)
    if not result.ok or result.value is None:
        return None
    if result.value.status != PENDING:
        from desktop.views import messages

        messages.show(
            parent,
            _("Callback {number} is already finished.").format(number=result.value.number),
            kind=messages.Kind.INFO,
        )
        return None
    dialog = CallbackDialog(result.value, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


openers.register_opener("callback_record", lambda item, parent: open_callback(item.record_id, parent))
