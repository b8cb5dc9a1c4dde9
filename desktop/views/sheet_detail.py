"""One problem sheet: every value as on the paper form (read-only), its status and deadlines, the workflow
steps allowed now, the history, and printing in either language.

The form part is the generated :class:`~desktop.views.form_dialog.FormDialog` with every field read-only, so the
detail shows what the printout shows. Beside it: the status with the deadline the sheet waits for (red when
overdue, seed 000:96 asks the desk to chase), one button per step :func:`sheet_workflow.allowed_actions`
allows (each opens :class:`~desktop.views.sheet_actions.SheetActionDialog`), "Correct…" for the typed fields,
and the history from :func:`desktop.services.sheets.history`: who did what, when.

Once the sheet is signed (issue 9) it is frozen: "Correct…" opens the
:class:`~desktop.views.amendment_dialog.AmendmentDialog` instead, and the amendments are listed (number, when,
who, reason, field: old → new). The form part keeps showing the sheet as it was signed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from desktop.formspec.loader import load_form
from desktop.i18n import _, ui_language
from desktop.rules import roles, sheet_workflow
from desktop.services import amendments, audit, callback_list, intake, sheets
from desktop.services.audit import AuditRow
from desktop.services.callback_rows import DONE as CALLBACK_DONE
from desktop.services.callback_rows import PENDING as CALLBACK_PENDING
from desktop.services.callback_rows import CallbackRow
from desktop.services.intake import IntakeRow
from desktop.services.sheet_frozen import SLUG
from desktop.services.sheets import SheetRow
from desktop.views import allowed, ops
from desktop.views.amendment_dialog import AmendmentDialog
from desktop.views.events import record_events
from desktop.views.fields.text import TextEditor
from desktop.views.form_dialog import FormDialog
from desktop.views.intake_dialog import (
    CompleteIntakeDialog,
    IntakeDialog,
    open_complete_intake,
    open_new_intake,
)
from desktop.views.sheet_actions import (
    SheetActionDialog,
    action_label,
    offered_actions,
    step_service,
    waiver_roles,
)
from desktop.views.sheet_dialog import SheetDialog, entry_form, staff_names
from desktop.views.sheet_print import open_sheet_preview, other_language, print_language
from desktop.views.tablemodels.sheets import OVERDUE_FOREGROUND, status_label

#: Columns the history leaves out: bookkeeping, not something a person did.
_HIDDEN_CHANGES = frozenset({"created_at", "updated_at", "version", "id", "status"})
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
#: Longest value the history shows before cutting it with "…".
_HISTORY_VALUE_LENGTH = 40


def _short(value: Any) -> str:
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        # Audit trails keep dates as ISO text; the desk reads them the way the rest of the screen writes them.
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            length = "short"
            return (
                i18n.format_datetime(moment, length=length)
                if "T" in value
                else i18n.format_date(moment, length=length)
            )
    text = "—" if value in (None, "") else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _HISTORY_VALUE_LENGTH else text[: _HISTORY_VALUE_LENGTH - 1] + "…"


def event_title(event: AuditRow) -> str:
    """What happened, in the desk's words: "Filed", "Corrected", "Hand over", "Reopen" …"""
    if event.action == audit.CREATE:
        return _("Filed")
    if event.action == audit.UPDATE:
        return _("Corrected")
    if event.action == audit.PRINT:
        return _("Printed")
    if event.action == amendments.AMEND:
        return _("Amended")
    if event.action == amendments.SIGNED_COPY:
        return _("Signed copy received")
    if event.action in sheet_workflow.ACTION_LABELS:
        return action_label(event.action)
    return event.action


def event_details(event: AuditRow, lang: str | None = None) -> str:
    """The fields an event changed, "label: old → new", one per line; a reopen's reason first."""
    lang = lang or ui_language()
    form = load_form("problem_sheet")
    lines: list[str] = []
    changes = dict(event.changes)
    reason = changes.pop("reason", None)
    if reason is not None:
        lines.append(_("Reason: {reason}").format(reason=_short(reason[1])))
    if event.action == audit.CREATE:
        return "\n".join(lines)
    for key, (old, new) in changes.items():
        if key in _HIDDEN_CHANGES or not form.has_field(key):
            continue
        label = form.field(key).label.get(lang)
        if old in (None, ""):
            lines.append(_("{field}: {new}").format(field=label, new=_short(new)))
        else:
            lines.append(_("{field}: {old} → {new}").format(field=label, old=_short(old), new=_short(new)))
    return "\n".join(lines)


class SheetDetail(FormDialog):
    """The detail of one sheet; open it with ``open()`` or ``show()``.

    Args:
        sheet: the sheet as read just now.
        parent: owning window.

    Signals:
        sheet_changed(object): a step or correction was saved; the :class:`SheetRow` as it is now.
    """

    sheet_changed = Signal(object)

    def __init__(self, sheet: SheetRow, parent: QWidget | None = None) -> None:
        form = entry_form(tuple(field.key for field in load_form("problem_sheet").fields))
        super().__init__(
            form,
            sheet.values,
            lang=ui_language(),
            readonly_keys=form.keys,
            staff_names=staff_names,
            now=ops.now(),
            parent=parent,
        )
        self.sheet = sheet
        self.setObjectName("sheet_detail")
        self.setModal(False)
        for key in form.keys:
            editor = self.editor(key)
            if isinstance(editor, TextEditor):
                editor.line_edit().setPlaceholderText("")
        self.status_label = QLabel()
        self.status_label.setObjectName("status_value")
        font = self.status_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.status_label.setFont(font)
        self.received_label = QLabel()
        self.received_label.setObjectName("received_value")
        self.handover_label = QLabel()
        self.handover_label.setObjectName("handover_due_value")
        self.result_label = QLabel()
        self.result_label.setObjectName("result_due_value")
        self.handler_label = QLabel()
        self.handler_label.setObjectName("handler_value")
        self.handler_label.setWordWrap(True)
        self.callback_label = QLabel()
        self.callback_label.setObjectName("callback_value")
        self.callback_label.setWordWrap(True)
        #: What a finished sheet still waits for before it can close (review, the customer's callback).
        self.closing_hint = QLabel()
        self.closing_hint.setObjectName("closing_hint")
        self.closing_hint.setWordWrap(True)
        self.action_buttons: dict[str, QPushButton] = {}
        for action in sheet_workflow.ACTION_LABELS:
            button = QPushButton(action_label(action))
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _checked=False, action=action: self.start_action(action))
            service = step_service(action)
            if service is not None:
                allowed.tag(button, service)
            self.action_buttons[action] = button
        self.edit_button = QPushButton(_("Correct…"))
        self.edit_button.setObjectName("edit_button")
        # F02 (seed 000:102-103): the engineer holding the sheet logs it and the appointment he agreed.
        self.intake_label = QLabel()
        self.intake_label.setObjectName("intake_value")
        self.intake_label.setWordWrap(True)
        self.intake_button = QPushButton(_("Record intake…"))
        self.intake_button.setObjectName("intake_button")
        self.intake_button.setToolTip(
            _(
                "Log in the engineer's register that he accepted this sheet, with the appointment agreed with the customer"
            )
        )
        self.complete_intake_button = QPushButton(_("Complete intake…"))
        self.complete_intake_button.setObjectName("complete_intake_button")
        self.open_intake: IntakeRow | None = None
        self.intake_dialog: IntakeDialog | CompleteIntakeDialog | None = None
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip(_("Ctrl+P"))
        self.print_other_button = QPushButton()
        self.print_other_button.setObjectName("print_other_button")
        self.history_tree = QTreeWidget()
        self.history_tree.setObjectName("history")
        self.history_tree.setHeaderLabels([_("When"), _("Who"), _("What")])
        self.history_tree.setRootIsDecorated(False)
        self.history_tree.setIndentation(0)
        self.history_tree.setItemsExpandable(False)
        self.history_tree.setAlternatingRowColors(True)
        header = self.history_tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.amendments_tree = QTreeWidget()
        self.amendments_tree.setObjectName("amendments")
        self.amendments_tree.setHeaderLabels([_("No."), _("When"), _("Who"), _("Reason")])
        self.amendments_tree.setRootIsDecorated(False)
        self.amendments_tree.setIndentation(0)
        self.amendments_tree.setAlternatingRowColors(True)
        amendments_header = self.amendments_tree.header()
        for column in range(3):
            amendments_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        amendments_header.setStretchLastSection(True)
        self.amendments_tree.setMaximumHeight(170)
        self.amendments_box = QGroupBox(_("Amendments"))
        self.action_dialog: SheetActionDialog | None = None
        self.edit_dialog: SheetDialog | None = None
        self.amendment_dialog: AmendmentDialog | None = None
        self._rearrange()
        self._connect_detail_signals()
        self.show_sheet(sheet)
        self.resize(min(1240, self.width() + 380), self.height())

    # -- building -----------------------------------------------------------------------------------------

    def _rearrange(self) -> None:
        """Put a side panel (status, steps, history) beside the form; Save goes, Cancel becomes Close."""
        self._save_button.hide()
        # Not "Close": that is also the workflow step 结案, and one English word cannot carry both translations.
        self._cancel_button.setText(_("Close window"))
        status_box = QGroupBox(_("Status"))
        status_form = QFormLayout(status_box)
        status_form.addRow(self.status_label)
        status_form.addRow(_("Received:"), self.received_label)
        status_form.addRow(_("Hand over by:"), self.handover_label)
        status_form.addRow(_("Result due:"), self.result_label)
        status_form.addRow(_("Handled by:"), self.handler_label)
        status_form.addRow(_("Callback:"), self.callback_label)
        status_form.addRow(_("Engineer intake:"), self.intake_label)
        steps_box = QGroupBox(_("Next steps"))
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.addWidget(self.closing_hint)
        for button in self.action_buttons.values():
            steps_layout.addWidget(button)
        steps_layout.addWidget(self.intake_button)
        steps_layout.addWidget(self.complete_intake_button)
        steps_layout.addWidget(self.edit_button)
        print_row = QHBoxLayout()
        print_row.addWidget(self.print_button)
        print_row.addWidget(self.print_other_button)
        amendments_layout = QVBoxLayout(self.amendments_box)
        amendments_layout.addWidget(self.amendments_tree)
        history_box = QGroupBox(_("History"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_tree)
        side = QWidget(self)
        side.setObjectName("detail_side")
        side.setMinimumWidth(340)
        side.setMaximumWidth(420)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(status_box)
        side_layout.addWidget(steps_box)
        side_layout.addLayout(print_row)
        side_layout.addWidget(self.amendments_box)
        side_layout.addWidget(history_box, 1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        index = layout.indexOf(self._scroll)
        layout.removeWidget(self._scroll)
        row = QHBoxLayout()
        row.addWidget(self._scroll, 1)
        row.addWidget(side)
        layout.insertLayout(index, row, 1)

    def _connect_detail_signals(self) -> None:
        self.edit_button.clicked.connect(self.start_correction)
        self.intake_button.clicked.connect(self.start_intake)
        self.complete_intake_button.clicked.connect(self.complete_intake)
        record_events().records_changed.connect(self._on_records_changed)
        self.print_button.clicked.connect(lambda: self.print_sheet(print_language()))
        self.print_other_button.clicked.connect(lambda: self.print_sheet(other_language(print_language())))
        shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        shortcut.activated.connect(lambda: self.print_sheet(print_language()))

    # -- public -------------------------------------------------------------------------------------------

    def show_sheet(self, sheet: SheetRow) -> None:
        """Show ``sheet`` as it is now: values, status, deadlines, allowed steps, history."""
        self.sheet = sheet
        self.setWindowTitle(
            _("Problem sheet {number} — {customer}").format(number=sheet.number, customer=sheet.customer_name)
        )
        for key in self.form.keys:
            self.editor(key).set_value(sheet.values.get(key))
        self._initial = self._snapshot()
        self.status_label.setText(status_label(sheet.status))
        self.received_label.setText(i18n.format_datetime(sheet.received_at))
        self._show_due(self.handover_label, sheet.handover_due if sheet.status == sheet_workflow.RECEIVED else None,
                       sheet.handover_overdue, done=sheet.status != sheet_workflow.RECEIVED)  # fmt: skip
        self._show_due(self.result_label, sheet.result_due, sheet.result_overdue,
                       done=sheet.status not in (sheet_workflow.HANDED_OVER, sheet_workflow.PLANNED))  # fmt: skip
        handler = _(", ").join(
            name for name in (sheet.handed_to_department_name, sheet.handed_to_staff_name) if name
        )
        self.handler_label.setText(handler or "—")
        if sheet.status == sheet_workflow.REVIEWED and sheet.called_back:
            self.status_label.setText(_("{status}, called back").format(status=status_label(sheet.status)))
        # A step the person on duty may not take is not offered (the Review button was offered, then refused).
        offered = offered_actions(sheet)
        for action, button in self.action_buttons.items():
            button.setVisible(action in offered)
        frozen = self.is_frozen()
        allowed.tag(self.edit_button, "record.amend" if frozen else "record.update")
        self.edit_button.setVisible(allowed.may("record.amend") if frozen else allowed.may("record.update"))
        self.refresh_callback()
        self.print_other_button.setText(
            _("Print in English") if other_language(print_language()) == "en" else _("Print in Chinese")
        )
        self.refresh_amendments()
        self.refresh_history()
        self.refresh_intake()

    def refresh_callback(self) -> CallbackRow | None:
        """Show the sheet's latest callback and what the sheet waits for before it closes; returns the callback."""
        sheet = self.sheet
        result = ops.query(
            lambda: callback_list.latest_for_source("problem_sheet", sheet.id, now=ops.now()), parent=self
        )
        callback = result.value if result.ok else None
        self.callback_label.setText(self._callback_text(callback) if callback is not None else "—")
        hint = ""
        if sheet.status in (sheet_workflow.RESOLVED, sheet_workflow.REVIEWED):
            refusal = sheet_workflow.close_refusal(sheet.status, called_back=sheet.called_back)
            if refusal is not None:
                hint = _(refusal)
            waivable = sheet_workflow.CLOSE_WITHOUT_CALLBACK in sheet.allowed_actions
            if waivable and sheet_workflow.CLOSE_WITHOUT_CALLBACK not in offered_actions(sheet):
                # Not this person's to waive: say who may, rather than offer what would be refused.
                hint = _(
                    "The customer has not been called back about the result yet: make the callback first. "
                    "Closing without a callback is for: {roles}."
                ).format(roles=", ".join(_(roles.role_label(role)) for role in waiver_roles()))
        self.closing_hint.setText(hint)
        self.closing_hint.setVisible(bool(hint))
        return callback

    @staticmethod
    def _callback_text(row: CallbackRow) -> str:
        """ "HF20260317-001, done 17/03/2026 10:15" / ", due …" / ", cancelled"."""
        if row.status == CALLBACK_DONE and row.done_at is not None:
            when = i18n.format_datetime(row.done_at, length="short")
            return _("{number}, done {moment}").format(number=row.number, moment=when)
        if row.status == CALLBACK_PENDING:
            when = i18n.format_datetime(row.due_at, length="short")
            text = _("{number}, due {moment}").format(number=row.number, moment=when)
            return _("{moment} (overdue)").format(moment=text) if row.overdue else text
        return _("{number}, cancelled").format(number=row.number)

    def is_frozen(self) -> bool:
        """True when the sheet was signed and is corrected by amendments only."""
        result = ops.query(lambda: amendments.is_frozen(SLUG, self.sheet.id), parent=self)
        return bool(result.ok and result.value)

    def refresh_amendments(self) -> list[amendments.AmendmentRow]:
        """Reload the list of amendments (hidden while there are none); returns them."""
        result = ops.query(lambda: amendments.amendments(SLUG, self.sheet.id), parent=self)
        rows = list(result.value or []) if result.ok else []
        form = load_form("problem_sheet")
        lang = ui_language()
        self.amendments_tree.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [
                    str(row.number),
                    i18n.format_datetime(row.amended_at, length="short"),
                    row.amended_by_name or _("FrontDesk"),
                    row.reason,
                ]
            )
            item.setToolTip(3, row.reason)
            for key, (old, new) in row.changes.items():
                label = form.field(key).label.get(lang) if form.has_field(key) else key
                line = _("{field}: {old} → {new}").format(field=label, old=_short(old), new=_short(new))
                child = QTreeWidgetItem(["", "", "", line])
                child.setToolTip(3, line)
                item.addChild(child)
            self.amendments_tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.amendments_box.setVisible(bool(rows))
        return rows

    def refresh_history(self) -> list[AuditRow]:
        """Reload the history list; returns the events shown."""
        result = ops.query(lambda: sheets.history(self.sheet.id), parent=self)
        events = list(result.value or []) if result.ok else []
        self.history_tree.clear()
        for event in events:
            details = event_details(event)
            item = QTreeWidgetItem(
                [
                    i18n.format_datetime(event.at, length="short"),
                    event.staff_name or _("FrontDesk"),
                    event_title(event),
                ]
            )
            item.setToolTip(2, details)
            for line in details.splitlines():
                child = QTreeWidgetItem(["", "", line])
                child.setToolTip(2, line)
                item.addChild(child)
            self.history_tree.addTopLevelItem(item)
            item.setExpanded(True)
        return events

    def refresh_intake(self) -> IntakeRow | None:
        """Show the sheet's open intake entry and offer "Record intake…" or "Complete intake…"; returns the entry.

        A sheet with an engineer (handed over or planned) and no open entry can be recorded; an open entry can be
        completed whatever the sheet's status now.
        """
        result = ops.query(lambda: intake.list_intake(sheet_id=self.sheet.id), parent=self)
        entries = list(result.value or []) if result.ok else []
        self.open_intake = next((row for row in reversed(entries) if row.completed_at is None), None)
        latest = self.open_intake or (entries[-1] if entries else None)
        self.intake_label.setText(self._intake_text(latest) if latest is not None else "—")
        self.intake_button.setVisible(
            self.open_intake is None and self.sheet.status in intake.INTAKE_STATUSES
        )
        self.complete_intake_button.setVisible(self.open_intake is not None)
        return self.open_intake

    def start_intake(self) -> IntakeDialog:
        """Open the intake entry dialog linked to this sheet (window-modal, ``open()``)."""
        dialog = open_new_intake(self.sheet, self)
        self.intake_dialog = dialog
        return dialog

    def complete_intake(self) -> CompleteIntakeDialog | None:
        """Open the completion of the sheet's open intake entry (None when there is none)."""
        entry = self.refresh_intake()
        if entry is None:
            return None
        dialog = open_complete_intake(entry, self)
        self.intake_dialog = dialog
        return dialog

    def start_action(self, action: str) -> SheetActionDialog:
        """Open the dialog of workflow step ``action`` (window-modal, ``open()``)."""
        dialog = SheetActionDialog(self.sheet, action, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.step_done.connect(self._on_sheet_changed)
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def start_correction(self) -> SheetDialog | AmendmentDialog:
        """Open the entry dialog on this sheet's typed fields, or the amendment dialog once it is signed."""
        if self.is_frozen():
            amendment = AmendmentDialog(self.sheet, self)
            amendment.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            amendment.amended.connect(lambda _row: self._on_sheet_changed(self.sheet))
            self.amendment_dialog = amendment
            amendment.open()
            return amendment
        dialog = SheetDialog(self.sheet, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sheet_saved.connect(self._on_sheet_changed)
        self.edit_dialog = dialog
        dialog.open()
        return dialog

    def print_sheet(self, lang: str) -> QWidget | None:
        """Open the print preview of this sheet in ``lang``."""
        return open_sheet_preview(self.sheet.number, lang, self)

    # -- helpers ------------------------------------------------------------------------------------------

    def _show_due(self, label: QLabel, due: Any, overdue: bool, *, done: bool) -> None:
        if due is None or done:
            label.setText("—")
            label.setStyleSheet("")
            return
        text = i18n.format_datetime(due)
        if overdue:
            text = _("{moment} (overdue)").format(moment=text)
            label.setStyleSheet(f"color: {OVERDUE_FOREGROUND.name()}; font-weight: bold;")
        else:
            label.setStyleSheet("")
        label.setText(text)

    @staticmethod
    def _intake_text(row: IntakeRow) -> str:
        """ "SL…-001 · 赵强", then the appointment or the completion."""
        head = f"{row.number} · {row.engineer}"
        if row.completed_at is not None:
            when = i18n.format_datetime(row.completed_at, length="short")
            return _("{entry}, completed {moment}").format(entry=head, moment=when)
        if row.agreed_at is not None:
            when = i18n.format_datetime(row.agreed_at, length="short")
            place = row.repair_place or "—"
            return _("{entry}, appointment {moment} at {place}").format(entry=head, moment=when, place=place)
        return _("{entry}, no appointment yet").format(entry=head)

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == "intake":
            self.refresh_intake()

    def _on_sheet_changed(self, row: SheetRow) -> None:
        fresh = ops.query(lambda: sheets.get_sheet(row.id, now=ops.now()), parent=self)
        self.show_sheet(fresh.value if fresh.ok and fresh.value is not None else row)
        self.sheet_changed.emit(self.sheet)
