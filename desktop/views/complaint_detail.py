"""One complaint: its register line, where it stands and by when, the reopen chain, the steps done, the history,
and the buttons for what the desk can do now.

The step button names the stage the complaint waits for (:mod:`desktop.rules.complaints`); the report and
summary stages open the handling report (F07, :class:`~desktop.views.complaint_dialog.ReportDialog`), the
callback stage opens the callback book's dialog on the complaint's callback (the call is made and recorded in
one place, with its script, attempts and "call again"; the result lands on the report through the service),
the others a small step dialog. "Sign report" is offered to heads and "Re-code…" to managers only (the services
refuse anyone else anyway, ``@requires``). "Print report" previews the F07 in its two copies.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.rules import complaints as rules
from desktop.services import authz, complaint_list, complaints
from desktop.services.complaint_rows import ComplaintRow
from desktop.views import allowed, ops
from desktop.views.complaint_dialog import RECODE, ReportDialog, StepDialog
from desktop.views.desk_dialog import DeskDialog
from desktop.views.forms_menu import file_name, print_language
from desktop.views.preview import PreviewWindow
from desktop.views.tablemodels.complaints import OVERDUE_FOREGROUND, category_label, status_text


def open_report_preview(number: str, lang: str, parent: QWidget | None) -> PreviewWindow | None:
    """Preview the handling report (表1.2, both copies) of complaint ``number`` in ``lang``."""
    result = ops.query(lambda: complaint_list.print_report(number, lang=lang), parent=parent)
    if not result.ok or result.value is None:
        return None
    window = PreviewWindow(
        result.value,
        title=_("Complaint report {number}").format(number=number),
        suggested_name=file_name(f"F07 {number}"),
        lang=lang,
        rerender=lambda other: complaint_list.print_report(number, lang=other),
        parent=parent,
    )
    window.show()
    return window


class ComplaintDetail(DeskDialog):
    """The detail of one complaint; open it with ``show()`` or ``open()``.

    Signals:
        complaint_changed(object): a step was saved; the :class:`ComplaintRow` as it is now.
        open_requested(int): the desk asked for another entry of the chain.
    """

    complaint_changed = Signal(object)
    open_requested = Signal(int)

    def __init__(self, complaint: ComplaintRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_detail")
        self.setModal(False)
        self.complaint = complaint
        self.status_label = QLabel()
        self.status_label.setObjectName("status_value")
        font = self.status_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.status_label.setFont(font)
        self.due_label = QLabel()
        self.due_label.setObjectName("due_value")
        self.chain_label = QLabel()
        self.chain_label.setObjectName("chain_value")
        self.chain_label.setWordWrap(True)
        self.fields = QFormLayout()
        self.step_button = QPushButton()
        self.step_button.setObjectName("step_button")
        self.report_button = QPushButton(_("Handling report…"))
        self.report_button.setObjectName("report_button")
        self.sign_button = QPushButton(_("Sign report"))
        self.sign_button.setObjectName("sign_button")
        self.print_button = QPushButton(_("Print report (2 copies)…"))
        self.print_button.setObjectName("print_report_button")
        self.recode_button = QPushButton(_("Re-code…"))
        self.recode_button.setObjectName("recode_button")
        self.escalate_button = QPushButton(_("Tell the manager"))
        self.escalate_button.setObjectName("escalate_button")
        self.previous_button = QPushButton(_("Open the earlier entry"))
        self.next_button = QPushButton(_("Open the follow-up entry"))
        self.close_button = QPushButton(_("Close window"))
        self.history = QTreeWidget()
        self.history.setObjectName("complaint_history")
        self.history.setHeaderLabels([_("When"), _("Who"), _("What"), _("Details")])
        self.history.setRootIsDecorated(False)
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.header().setStretchLastSection(True)
        self.dialog: QDialog | None = None
        self.preview: PreviewWindow | None = None
        self._build_layout()
        self._connect_signals()
        self.show_complaint(complaint)
        self.resize(900, 720)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.due_label)
        layout.addWidget(self.chain_label)
        box = QGroupBox(_("Complaint register"))
        box.setLayout(self.fields)
        self.fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(box)
        buttons = QHBoxLayout()
        for button in (self.step_button, self.report_button, self.sign_button, self.print_button,
                       self.escalate_button, self.recode_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        history = QGroupBox(_("Steps and history"))
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history)
        layout.addWidget(history, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.step_button.clicked.connect(self.start_step)
        self.report_button.clicked.connect(self.open_report)
        self.sign_button.clicked.connect(self.sign)
        self.print_button.clicked.connect(self.print_report)
        self.recode_button.clicked.connect(lambda: self._open_step(RECODE))
        self.escalate_button.clicked.connect(self.escalate)
        self.previous_button.clicked.connect(lambda: self._open_other(self.complaint.parent_id))
        self.next_button.clicked.connect(lambda: self._open_other(self.complaint.next_id))
        self.close_button.clicked.connect(self.close)

    # -- showing ------------------------------------------------------------------------------------------

    def show_complaint(self, complaint: ComplaintRow) -> None:
        """Show ``complaint`` as read just now."""
        self.complaint = complaint
        lang = i18n.ui_language()
        self.setWindowTitle(_("Complaint {number}").format(number=complaint.number))
        self.status_label.setText(
            _("{number}: {status}").format(
                number=complaint.number, status=status_text(complaint.status, complaint.stage)
            )
        )
        due = ""
        if complaint.status == rules.OPEN and complaint.stage_due is not None:
            due = _("Due {moment}").format(moment=i18n.format_datetime(complaint.stage_due))
            if complaint.final_due is not None:
                due += "   " + _("Result due {moment}").format(
                    moment=i18n.format_datetime(complaint.final_due)
                )
            if complaint.overdue:
                due += "   " + _("Overdue: chase the head and tell the manager.")
        self.due_label.setText(due)
        self.due_label.setStyleSheet(f"color: {OVERDUE_FOREGROUND.name()};" if complaint.overdue else "")
        chain = ""
        if complaint.round > 1:
            chain = _("Round {round}: the customer was not satisfied with the earlier entry.").format(
                round=complaint.round
            )
        if complaint.next_id is not None:
            chain += (" " if chain else "") + _("Not satisfied after the callback: continued in a new entry.")
        self.chain_label.setText(chain)
        self.chain_label.setVisible(bool(chain))
        while self.fields.rowCount():
            self.fields.removeRow(0)
        values = complaint.values
        category = category_label(complaint.category, lang)
        if complaint.original_category is not None:
            category = _("{category} (first coded as {original})").format(
                category=category, original=category_label(complaint.original_category, lang)
            )
        rows = [
            (_("Complainant"), complaint.organisation),
            (_("Complaint"), complaint.matter),
            (_("Received at"), i18n.format_datetime(complaint.complained_at)),
            (_("Contact"), " ".join(part for part in (values.get("contact") or "", complaint.phone) if part)),
            (_("Came in by"), _(rules.CHANNELS.get(complaint.channel, complaint.channel))),
            (_("Taken by"), values.get("received_by") or ""),
            (_("Category"), category),
            (_("Responsible department"), complaint.department_name),
            (
                _("Relayed"),
                " ".join(
                    part
                    for part in (
                        i18n.format_datetime(values.get("relayed_at")),
                        values.get("relayed_to") or "",
                    )
                    if part
                ),
            ),
            (_("Simple or complex"), _(rules.COMPLEXITIES.get(complaint.complexity, complaint.complexity))),
            (_("Valid complaint"), _("Yes") if complaint.valid else _("No (judged invalid)")),
            (_("Complaint report No."), values.get("report_number") or ""),
        ]
        for label, text in rows:
            value = QLabel(str(text))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields.addRow(label, value)
        self._fill_history(complaint)
        self._update_buttons()

    def _fill_history(self, complaint: ComplaintRow) -> None:
        self.history.clear()
        for step in complaint.steps:
            what = _(rules.STAGE_LABELS.get(step.stage, step.stage))
            if step.late:
                what = _("{step} (late)").format(step=what)
            item = QTreeWidgetItem([i18n.format_datetime(step.done_at), step.staff_name, what, step.note])
            if step.late:
                item.setForeground(2, OVERDUE_FOREGROUND)
            self.history.addTopLevelItem(item)
        events = ops.query(lambda: complaints.history(complaint.id), parent=self)
        for event in events.value or []:
            if event.action in rules.STAGE_LABELS:
                continue  # shown as a step above
            labels = {"create": _("Registered"), "recode": _("Re-coded"), "escalate": _("Told the manager"),
                      "update": _("Changed")}  # fmt: skip
            item = QTreeWidgetItem(
                [
                    i18n.format_datetime(event.at),
                    event.staff_name,
                    labels.get(event.action, event.action),
                    event.summary,
                ]
            )
            self.history.addTopLevelItem(item)
        self.history.sortItems(0, Qt.SortOrder.AscendingOrder)

    def _update_buttons(self) -> None:
        complaint = self.complaint
        on_duty = ops.staff_on_duty()
        open_ = complaint.status == rules.OPEN and complaint.stage is not None
        self.step_button.setVisible(open_)
        if open_:
            self.step_button.setText(_(rules.STAGE_LABELS.get(complaint.stage or "", "")) + "…")
        self.report_button.setEnabled(open_ and not complaint.report_signed)
        allowed.tag(self.sign_button, "complaint.sign")
        allowed.tag(self.recode_button, "complaint.recode")
        self.sign_button.setVisible(authz_allowed("complaint.sign", on_duty))
        self.sign_button.setEnabled(complaint.report is not None and not complaint.report_signed)
        self.print_button.setEnabled(complaint.report is not None)
        self.recode_button.setVisible(authz_allowed("complaint.recode", on_duty))
        self.escalate_button.setVisible(open_ and complaint.overdue and complaint.escalated_at is None)
        self.previous_button.setVisible(complaint.parent_id is not None)
        self.next_button.setVisible(complaint.next_id is not None)

    # -- actions ------------------------------------------------------------------------------------------

    def start_step(self) -> QDialog | None:
        """Open the dialog of the stage the complaint waits for."""
        stage = self.complaint.stage
        if stage is None:
            return None
        if stage in (rules.REPORT, rules.SUMMARY):
            return self.open_report()
        if stage == rules.CALLBACK_STAGE:
            return self.open_callback()
        return self._open_step(stage)

    def open_callback(self) -> QDialog | None:
        """Open the callback dialog on the complaint's callback-book entry (made now if there was none)."""
        from desktop.views.callback_dialog import open_callback

        complaint_id = self.complaint.id
        result = ops.run(lambda by, now: complaints.ensure_callback(complaint_id, by=by, now=now), parent=self,
                         kind="callback")  # fmt: skip
        if not result.ok or result.value is None:
            return None
        dialog = open_callback(result.value, self)
        if dialog is not None:
            dialog.call_saved.connect(lambda _row: self._reload())
            self.dialog = dialog
        return dialog

    def _reload(self) -> None:
        complaint_id = self.complaint.id
        result = ops.query(lambda: complaints.get_complaint(complaint_id, now=ops.now()), parent=self)
        if result.ok and result.value is not None:
            self._on_saved(result.value)

    def open_report(self) -> QDialog:
        """Open the handling report (F07) to write or change it."""
        dialog = ReportDialog(self.complaint, self)
        dialog.saved.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _open_step(self, kind: str) -> QDialog:
        dialog = StepDialog(self.complaint, kind, self)
        dialog.saved.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def sign(self) -> None:
        """The head on duty signs the report."""
        complaint_id = self.complaint.id
        result = ops.run(lambda by, now: complaints.sign_report(complaint_id, by=by, now=now), parent=self,
                         kind="complaint")  # fmt: skip
        if result.ok and result.value is not None:
            self._on_saved(result.value)

    def escalate(self) -> None:
        """Record that the manager was told about the overdue complaint."""
        complaint_id = self.complaint.id
        result = ops.run(lambda by, now: complaints.escalate(complaint_id, by=by, now=now), parent=self,
                         kind="complaint")  # fmt: skip
        if result.ok and result.value is not None:
            self._on_saved(result.value)

    def print_report(self) -> PreviewWindow | None:
        """Preview the handling report in the office's print language."""
        self.preview = open_report_preview(self.complaint.number, print_language(), self)
        return self.preview

    def _open_other(self, complaint_id: int | None) -> None:
        if complaint_id is not None:
            self.open_requested.emit(complaint_id)

    def _on_saved(self, complaint: ComplaintRow) -> None:
        self.show_complaint(complaint)
        self.complaint_changed.emit(complaint)


def authz_allowed(permission: str, staff_id: int | None) -> bool:
    """Whether the person on duty may do ``permission`` (a read; False when the database says no)."""
    result = ops.query(lambda: authz.is_allowed(permission, staff_id), parent=None)
    return bool(result.value) if result.ok else False
