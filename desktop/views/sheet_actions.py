"""One small dialog per workflow step of a problem sheet, shared by the list's buttons and the detail view.

Each step is a service call (:mod:`desktop.services.sheets`) with at most one text and, for the hand-over, a
department and a person (defaulting to :func:`~desktop.services.sheets.suggest_route`, seed 000:97-118). The
dialog calls the service through :mod:`desktop.views.ops`, so a refusal (a reopen without a reason, a reviewer
without the role) is shown beside the field or above the form and the dialog stays open; on success it emits
:attr:`SheetActionDialog.step_done` with the sheet as it is now and closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.rules import sheet_workflow
from desktop.services import authz, office, sheets
from desktop.services.sheets import SheetRow
from desktop.views import ops
from desktop.views.allowed import may_call
from desktop.views.desk_dialog import DeskDialog, message_line

#: action → (label of its text box, the service's field key for that text, text required); None: no text.
TEXT_FIELDS: dict[str, tuple[str, str, bool] | None] = {
    sheet_workflow.HAND_OVER: None,
    sheet_workflow.SOLVE_ON_PHONE: (N_("Solution given on the phone"), "result", True),
    sheet_workflow.RECORD_PLAN: (N_("Handling plan"), "plan", True),
    sheet_workflow.RECORD_RESULT: (N_("Result"), "result", True),
    sheet_workflow.REVIEW: (N_("Review comment"), "review", False),
    sheet_workflow.CLOSE: None,
    sheet_workflow.CLOSE_WITHOUT_CALLBACK: (N_("Why the customer is not called back"), "reason", True),
    sheet_workflow.REOPEN: (N_("Reason for reopening"), "reason", True),
}

#: What each step does, in one sentence above the form.
EXPLANATIONS: dict[str, str] = {
    sheet_workflow.HAND_OVER: N_(
        "Hand the sheet to the person or department that will handle it. The result is then due back "
        "within the working days set in Settings."
    ),
    sheet_workflow.SOLVE_ON_PHONE: N_("The problem was solved during the call: the sheet is closed at once."),
    sheet_workflow.RECORD_PLAN: N_(
        "Write down how the handler plans to solve the problem. You sign as drafter."
    ),
    sheet_workflow.RECORD_RESULT: N_(
        "The result is back at the desk: write it down and who did the work. The customer can be told; the "
        "callback names that person."
    ),
    sheet_workflow.REVIEW: N_("Sign the review box. Only the roles chosen in Settings may review."),
    sheet_workflow.CLOSE: N_(
        "Close the sheet: the result was reviewed and the customer called back. It is finished and kept on record."
    ),
    sheet_workflow.CLOSE_WITHOUT_CALLBACK: N_(
        "Every repair is called back. Close the sheet without the callback only when the customer cannot or "
        "need not be called; the reason is kept in the history and the waiting callback is cancelled with it."
    ),
    sheet_workflow.REOPEN: N_(
        "Send the sheet back to be handed over again, e.g. when the callback found the problem is not solved."
    ),
}


def step_service(action: str) -> Callable[..., Any] | None:
    """The service function a workflow step calls (its ``@requires`` says who may take it); None if unknown."""
    services: dict[str, Callable[..., Any]] = {
        sheet_workflow.HAND_OVER: sheets.hand_over,
        sheet_workflow.SOLVE_ON_PHONE: sheets.solve_on_phone,
        sheet_workflow.RECORD_PLAN: sheets.record_plan,
        sheet_workflow.RECORD_RESULT: sheets.record_result,
        sheet_workflow.REVIEW: sheets.review,
        sheet_workflow.CLOSE: sheets.close,
        sheet_workflow.CLOSE_WITHOUT_CALLBACK: sheets.close_without_callback,
        sheet_workflow.REOPEN: sheets.reopen,
    }
    return services.get(action)


def may_take(action: str) -> bool:
    """Whether the person on duty may take workflow step ``action``.

    Review: the roles chosen in Settings; Close without callback: the roles with ``sheet.waive_callback``.
    """
    service = step_service(action)
    return service is None or may_call(service)


def action_label(action: str) -> str:
    """The translated label of a workflow action."""
    return _(sheet_workflow.ACTION_LABELS[action])


def offered_actions(sheet: SheetRow) -> tuple[str, ...]:
    """The steps to offer on ``sheet``: those its state allows that the person on duty may take."""
    return tuple(action for action in sheet.allowed_actions if may_take(action))


def waiver_roles() -> tuple[str, ...]:
    """The roles that may close a sheet without its callback (the permission of that step's service)."""
    permission = authz.permission_of(sheets.close_without_callback) or ""
    return tuple(ops.query(lambda: authz.allowed_roles(permission), parent=None).value or ())


def service_call(action: str, sheet: SheetRow, fields: dict[str, Any]) -> Callable[..., SheetRow]:
    """The service call taking ``action`` on ``sheet`` with the dialog's ``fields``, for :func:`ops.run`."""
    common = {"expected_version": sheet.version}
    text = fields.get("text", "")
    calls: dict[str, Callable[..., SheetRow]] = {
        sheet_workflow.HAND_OVER: lambda by, now: sheets.hand_over(
            sheet.id,
            staff_id=fields.get("staff_id"),
            department_id=fields.get("department_id"),
            by=by,
            now=now,
            **common,
        ),
        sheet_workflow.SOLVE_ON_PHONE: lambda by, now: sheets.solve_on_phone(
            sheet.id, solution=text, by=by, now=now, **common
        ),
        sheet_workflow.RECORD_PLAN: lambda by, now: sheets.record_plan(
            sheet.id, plan=text, by=by, now=now, **common
        ),
        sheet_workflow.RECORD_RESULT: lambda by, now: sheets.record_result(
            sheet.id, result=text, handler_id=fields.get("handler_id"), by=by, now=now, **common
        ),
        sheet_workflow.REVIEW: lambda by, now: sheets.review(
            sheet.id, comment=text, by=by, now=now, **common
        ),
        sheet_workflow.CLOSE: lambda by, now: sheets.close(sheet.id, by=by, now=now, **common),
        sheet_workflow.CLOSE_WITHOUT_CALLBACK: lambda by, now: sheets.close_without_callback(
            sheet.id, reason=text, by=by, now=now, **common
        ),
        sheet_workflow.REOPEN: lambda by, now: sheets.reopen(sheet.id, reason=text, by=by, now=now, **common),
    }
    return calls[action]


class SheetActionDialog(DeskDialog):
    """Take one workflow step on one sheet; open it with ``open()``.

    Args:
        sheet: the sheet as the desk sees it (its version guards against a change on another desk).
        action: a key of :data:`desktop.rules.sheet_workflow.ACTION_LABELS`.

    Signals:
        step_done(object): the step was saved; the :class:`SheetRow` as it is now.
    """

    step_done = Signal(object)

    def __init__(self, sheet: SheetRow, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.action = action
        self.setObjectName(f"sheet_action_{action}")
        self.setWindowTitle(
            _("{action}: sheet {number}").format(action=action_label(action), number=sheet.number)
        )
        self.explanation_label = QLabel(_(EXPLANATIONS[action]))
        self.explanation_label.setWordWrap(True)
        self.general_error = message_line("general_error")
        self.department_combo: QComboBox | None = None
        self.staff_combo: QComboBox | None = None
        #: Who did the work (处理人), for the result: the callback's script names this engineer.
        self.handler_combo: QComboBox | None = None
        self.department_error = self._error_label("department_error")
        self.staff_error = self._error_label("staff_error")
        self.text_edit: QPlainTextEdit | None = None
        self.text_error = self._error_label("text_error")
        spec = TEXT_FIELDS[action]
        self._text_field = spec[1] if spec else ""
        if spec is not None:
            self.text_edit = QPlainTextEdit()
            self.text_edit.setObjectName("action_text")
            self.text_edit.setTabChangesFocus(True)
            self.text_edit.setMinimumHeight(90)
            self.text_edit.setAccessibleName(_(spec[0]))
        if action == sheet_workflow.HAND_OVER:
            self._build_route_pickers()
        if action == sheet_workflow.RECORD_RESULT:
            self._build_handler_picker()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(action_label(action), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setToolTip(_("Ctrl+Enter"))
        self.cancel_button = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self._build_layout()
        self._connect_signals()
        self.resize(520, self.sizeHint().height())

    # -- building -----------------------------------------------------------------------------------------

    def _error_label(self, name: str) -> QLabel:
        return message_line(name, parent=self)  # a child even for a field this step lacks: it goes with it

    def _build_route_pickers(self) -> None:
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("department_combo")
        self.staff_combo = QComboBox()
        self.staff_combo.setObjectName("staff_combo")
        self.department_combo.addItem(_("(none)"), None)
        for department in office.list_departments():
            self.department_combo.addItem(department.name, department.id)
        self.staff_combo.addItem(_("(nobody in particular)"), None)
        for person in office.list_staff(active_only=True):
            text = (
                _("{name} ({department})").format(name=person.name, department=person.department_name)
                if person.department_name
                else person.name
            )
            self.staff_combo.addItem(text, person.id)
        department_id, staff_id = self.sheet.handed_to_department_id, self.sheet.handed_to_staff_id
        if department_id is None and staff_id is None:
            department_id, staff_id = sheets.suggest_route(self.sheet.category)
        self.department_combo.setCurrentIndex(max(self.department_combo.findData(department_id), 0))
        self.staff_combo.setCurrentIndex(max(self.staff_combo.findData(staff_id), 0))

    def _build_handler_picker(self) -> None:
        self.handler_combo = QComboBox()
        self.handler_combo.setObjectName("handler_combo")
        self.handler_combo.setAccessibleName(_("Handled by"))
        self.handler_combo.addItem(_("(the person it was handed to)"), None)
        for person in office.list_staff(active_only=True):
            self.handler_combo.addItem(person.name, person.id)
        self.handler_combo.setCurrentIndex(max(self.handler_combo.findData(self.sheet.handed_to_staff_id), 0))

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.general_error)
        form = QFormLayout()
        if self.department_combo is not None and self.staff_combo is not None:
            form.addRow(_("Department:"), self.department_combo)
            form.addRow("", self.department_error)
            form.addRow(_("Person:"), self.staff_combo)
            form.addRow("", self.staff_error)
        if self.handler_combo is not None:
            form.addRow(_("Handled by:"), self.handler_combo)
        if self.text_edit is not None:
            spec = TEXT_FIELDS[self.action]
            assert spec is not None
            label = _(spec[0]) + (" *" if spec[2] else "")
            form.addRow(label + _(":"), self.text_edit)
            form.addRow("", self.text_error)
        layout.addLayout(form)
        for label in (self.department_error, self.staff_error, self.text_error):
            if (
                form.indexOf(label) < 0
            ):  # a field this step lacks: its message, if ever, goes under the general one
                layout.insertWidget(layout.indexOf(self.general_error) + 1, label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.submit)

    # -- public -------------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Put ``text`` in the step's text box (tests type Chinese this way)."""
        if self.text_edit is not None:
            self.text_edit.setPlainText(text)

    def fields(self) -> dict[str, Any]:
        """What the desk chose and typed."""
        fields: dict[str, Any] = {}
        if self.text_edit is not None:
            fields["text"] = self.text_edit.toPlainText()
        if self.department_combo is not None and self.staff_combo is not None:
            fields["department_id"] = self.department_combo.currentData()
            fields["staff_id"] = self.staff_combo.currentData()
        if self.handler_combo is not None:
            fields["handler_id"] = self.handler_combo.currentData()
        return fields

    def submit(self) -> None:
        """Take the step; on a refusal show why and stay open."""
        self._show_errors({})
        result = ops.run(
            service_call(self.action, self.sheet, self.fields()),
            parent=self,
            kind="problem_sheet",
            show_field_error=self.show_field_error,
        )
        if result.ok:
            self.step_done.emit(result.value)
            self.accept()

    def show_field_error(self, key: str, message: str) -> bool:
        """Put a service's message beside its field; everything else goes above the form."""
        if key == self._text_field and self.text_edit is not None:
            self._show_errors({"text": message})
            self.text_edit.setFocus()
            return True
        if key == "handed_to_person" and self.staff_combo is not None:
            self._show_errors({"staff": message})
            return True
        if key == "handed_to_department" and self.department_combo is not None:
            self._show_errors({"department": message})
            return True
        self._show_errors({"": message})
        return True

    def errors(self) -> dict[str, str]:
        """The messages shown now: ``text``, ``staff``, ``department`` or ``""`` (above the form)."""
        labels = {
            "text": self.text_error,
            "staff": self.staff_error,
            "department": self.department_error,
            "": self.general_error,
        }
        return {key: label.text() for key, label in labels.items() if not label.isHidden()}

    def _show_errors(self, errors: dict[str, str]) -> None:
        labels = {
            "text": self.text_error,
            "staff": self.staff_error,
            "department": self.department_error,
            "": self.general_error,
        }
        for key, label in labels.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            if key == "text" and self.text_edit is not None:
                self.text_edit.setAccessibleDescription(message)
