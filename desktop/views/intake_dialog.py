"""Entering the engineer's intake register (800用户问题受理登记表, F02): record, correct and complete an entry.

Seed 000:102-103: the engineer a problem sheet was handed to logs it in his register and agrees the repair time
and place with the customer, aiming at the time the customer asked for. The dialogs are generated from
``forms/intake_register.toml`` (:class:`~desktop.views.form_dialog.FormDialog`), so a field added there appears
with no code change:

- :class:`IntakeDialog` records a new entry linked to its sheet (engineer, accepted at, the customer's wanted
  time, the agreed appointment and place, the problem as the sheet gave it) or corrects an entry;
- :class:`CompleteIntakeDialog` closes an open entry with when it was done and the result;
- :class:`SheetPicker` asks which sheet a new entry belongs to, completing over the sheets engineers hold now.

Each saves through :func:`desktop.views.ops.run` with kind ``"intake"``, so the register tab and the sheet detail
refresh themselves; a service refusal about a field is shown beside that field.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.formspec.model import FormDef
from desktop.i18n import _
from desktop.services import intake, office, sheet_list, sheets
from desktop.services.intake import IntakeRow
from desktop.services.sheet_rows import SheetQuery
from desktop.services.sheets import SheetRow
from desktop.views import ops
from desktop.views.desk_dialog import DeskDialog, message_line, throwaway
from desktop.views.form_dialog import FormDialog
from desktop.views.register_dialogs import on_duty_name, staff_names
from desktop.views.tablemodels.sheets import status_label

#: The record kind announced after a save (the register tab and the sheet detail follow it).
KIND = "intake"
#: Shown, never typed: FrontDesk numbers the entry and it stays linked to its sheet.
READONLY_KEYS = ("number", "ticket_number")
#: Filled in when the entry is completed, not when the engineer accepts the sheet.
COMPLETION_KEYS = ("completed_at", "result")
#: What the completion dialog shows of the entry, read-only, so the desk sees which one it closes.
COMPLETION_CONTEXT = ("number", "ticket_number", "customer_name", "summary", "agreed_at", "repair_place")
#: How many sheets the sheet number completer offers.
PICKER_LIMIT = 500


def intake_form(
    *, without: tuple[str, ...] = (), only: tuple[str, ...] = (), required: tuple[str, ...] = ()
) -> FormDef:
    """The register's definition without the fields ``without`` (or with ``only`` those), ``required`` made so."""
    form = load_form(intake.RECORD_TYPE)
    fields = tuple(
        dataclasses.replace(field, required=True) if field.key in required else field
        for field in form.fields
        if field.key not in without and (not only or field.key in only)
    )
    # A fresh key index: replace() would otherwise share (and extend) the cached definition's one.
    return dataclasses.replace(form, fields=fields, _by_key={})


def engineer_id(name: str | None) -> int | None:
    """The staff id of the engineer named ``name`` (active staff first), None when nobody has that name."""
    if not name:
        return None
    result = ops.query(lambda: office.list_staff(active_only=False), parent=None)
    people = sorted(result.value or [], key=lambda person: not person.active)
    return next((person.id for person in people if person.name == name.strip()), None)


def service_values(values: dict[str, Any]) -> dict[str, Any]:
    """The dialog's values as :func:`intake.record_intake` takes them: the engineer's name becomes his id."""
    converted = {key: value for key, value in values.items() if key != "engineer"}
    if "engineer" in values:
        converted["engineer_id"] = engineer_id(values["engineer"])
    return converted


def new_values(sheet: SheetRow) -> dict[str, Any]:
    """A new entry for ``sheet``: its customer and problem, accepted now by the handler (else the person on duty)."""
    sheet_values = sheet.values
    engineer = sheet.handed_to_staff_name if sheet.handed_to_staff_id is not None else ""
    return {
        "ticket_number": sheet.number,
        "accepted_at": ops.now(),
        "customer_name": sheet.customer_name,
        "site": sheet_values.get("site"),
        "phone": sheet_values.get("mobile") or sheet_values.get("office_phone"),
        "summary": sheet_values.get("description"),
        "engineer": engineer or on_duty_name() or None,
    }


def entry_values(row: IntakeRow) -> dict[str, Any]:
    """An entry's values as the form holds them."""
    return {
        "number": row.number,
        "ticket_number": row.sheet_number,
        "accepted_at": row.accepted_at,
        "customer_name": row.customer_name,
        "site": row.site or None,
        "phone": row.phone or None,
        "summary": row.summary,
        "requested_by": row.requested_by,
        "agreed_at": row.agreed_at,
        "repair_place": row.repair_place or None,
        "completed_at": row.completed_at,
        "result": row.result or None,
        "engineer": row.engineer,
    }


class IntakeDialog(FormDialog):
    """Record that an engineer accepted ``sheet`` (``entry`` None), or correct ``entry``.

    Args:
        sheet: the sheet a new entry belongs to.
        entry: the entry to correct (``sheet`` is then not needed).
        parent: owning window.

    Signals:
        entry_saved(object): the :class:`IntakeRow` as saved.
    """

    entry_saved = Signal(object)

    def __init__(
        self, *, sheet: SheetRow | None = None, entry: IntakeRow | None = None, parent: QWidget | None = None
    ) -> None:
        if entry is None and sheet is None:
            raise ValueError("IntakeDialog needs a sheet or an entry")
        self.sheet = sheet
        self.entry = entry
        if entry is None:
            assert sheet is not None
            form = intake_form(without=COMPLETION_KEYS)
            values = new_values(sheet)
        else:
            # A completed entry's completion is corrected here too; an open one is completed with "Complete…".
            form = intake_form(without=() if entry.completed_at else COMPLETION_KEYS)
            values = entry_values(entry)
        super().__init__(
            form,
            values,
            lang=i18n.ui_language(),
            readonly_keys=READONLY_KEYS,
            staff_names=staff_names,
            now=ops.now(),
            parent=parent,
        )
        self.setObjectName("intake_dialog")
        if entry is None:
            assert sheet is not None
            self.setWindowTitle(_("Record intake for sheet {number}").format(number=sheet.number))
        else:
            self.setWindowTitle(_("Intake entry {number}").format(number=entry.number))
        self.submitted.connect(self._on_submitted)

    def _on_submitted(self, values: dict[str, Any]) -> None:
        entered = service_values(values)
        entry, sheet = self.entry, self.sheet
        if entry is None:
            assert sheet is not None
            result = ops.run(
                lambda by, now: intake.record_intake(sheet.id, entered, by=by, now=now),
                parent=self,
                kind=KIND,
                show_field_error=self.show_field_error,
            )
        else:
            result = ops.run(
                lambda by, now: intake.update_intake(
                    entry.id, entered, expected_version=entry.version, by=by, now=now
                ),
                parent=self,
                kind=KIND,
                show_field_error=self.show_field_error,
            )
        if result.ok:
            self.accept()
            self.entry_saved.emit(result.value)


class CompleteIntakeDialog(FormDialog):
    """Close an open entry: when the problem was solved and the result (both required).

    Signals:
        entry_saved(object): the :class:`IntakeRow` as saved.
    """

    entry_saved = Signal(object)

    def __init__(self, entry: IntakeRow, parent: QWidget | None = None) -> None:
        form = intake_form(only=COMPLETION_CONTEXT + COMPLETION_KEYS, required=COMPLETION_KEYS)
        values = entry_values(entry)
        values["completed_at"] = entry.completed_at or ops.now()
        super().__init__(
            form,
            values,
            lang=i18n.ui_language(),
            readonly_keys=tuple(key for key in form.keys if key not in COMPLETION_KEYS),
            now=ops.now(),
            parent=parent,
        )
        self.entry = entry
        self.setObjectName("complete_intake_dialog")
        self.setWindowTitle(_("Complete intake entry {number}").format(number=entry.number))
        self.submitted.connect(self._on_submitted)

    def _on_submitted(self, values: dict[str, Any]) -> None:
        entry = self.entry
        result = ops.run(
            lambda by, now: intake.update_intake(
                entry.id, values, expected_version=entry.version, by=by, now=now
            ),
            parent=self,
            kind=KIND,
            show_field_error=self.show_field_error,
        )
        if result.ok:
            self.accept()
            self.entry_saved.emit(result.value)


class SheetPicker(DeskDialog):
    """Asks for the number of the sheet a new intake entry belongs to.

    The completer offers the sheets engineers hold now (handed over or planned); a number typed in full is
    looked up, and a sheet that is not with an engineer is refused beside the field.

    Signals:
        sheet_chosen(object): the :class:`SheetRow` of the number entered.
    """

    sheet_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_sheet_picker")
        self.setWindowTitle(_("New intake entry"))
        self.prompt_label = QLabel(_("Number of the problem sheet the engineer accepted:"))
        self.number_edit = QLineEdit()
        throwaway(self.number_edit)  # a search for the sheet, not something typed for the record
        self.number_edit.setObjectName("sheet_number_edit")
        self.number_edit.setPlaceholderText(_("Type a few digits or the customer's name"))
        self.prompt_label.setBuddy(self.number_edit)
        self.error_label = message_line("sheet_number_error")
        self.sheet_model = QStandardItemModel(self)
        self.completer = QCompleter(self.sheet_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.number_edit.setCompleter(self.completer)
        self.buttons = QDialogButtonBox(self)
        self.next_button = self.buttons.addButton(_("Next…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setObjectName("next_button")
        cancel = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")
        self.fill_sheets()
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.number_edit)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        self.number_edit.textEdited.connect(lambda _text: self.show_error(""))
        self.completer.activated.connect(self._on_completer_activated)

    def fill_sheets(self) -> None:
        """Offer the sheets engineers hold now, newest first: "number  customer · handler"."""
        query = SheetQuery(statuses=intake.INTAKE_STATUSES)
        result = ops.query(
            lambda: sheet_list.list_sheets(query, now=ops.now(), limit=PICKER_LIMIT), parent=self
        )
        self.sheet_model.clear()
        for row in result.value or []:
            who = _(", ").join(name for name in (row.department_name, row.handler_name) if name)
            text = f"{row.number}  {row.customer_name}" + (f" · {who}" if who else "")
            item = QStandardItem(text)
            # Matching looks at the whole line (number or name); choosing one puts only its number in the field.
            item.setData(row.number, Qt.ItemDataRole.UserRole)
            self.sheet_model.appendRow(item)

    def number(self) -> str:
        """The sheet number typed (or the number of the line chosen from the list)."""
        text = self.number_edit.text().strip()
        return text.split()[0] if text else ""

    def show_error(self, message: str) -> None:
        """Show ``message`` under the field (hide it when empty)."""
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def choose(self) -> SheetRow | None:
        """Look the number up; emit :attr:`sheet_chosen` and close, or say beside the field what is wrong."""
        number = self.number()
        if not number:
            self.show_error(_("Type the number of the problem sheet."))
            return None
        result = ops.query(lambda: sheets.get_sheet_by_number(number, now=ops.now()), parent=self)
        sheet = result.value
        if sheet is None:
            self.show_error(_("There is no problem sheet numbered {number}.").format(number=number))
            return None
        if sheet.status not in intake.INTAKE_STATUSES:
            self.show_error(
                _("Sheet {number} is not with an engineer now ({status}).").format(
                    number=number, status=status_label(sheet.status)
                )
            )
            return None
        self.show_error("")
        self.accept()
        self.sheet_chosen.emit(sheet)
        return sheet

    def _on_completer_activated(self, text: object) -> None:
        # The list line carries the customer and handler too; the field keeps only the number.
        number = text.split()[0] if isinstance(text, str) and text.strip() else self.number()
        self.number_edit.setText(number)


def open_new_intake(sheet: SheetRow, parent: QWidget | None) -> IntakeDialog:
    """Open the entry dialog for a new intake of ``sheet`` (window-modal, ``open()``)."""
    dialog = IntakeDialog(sheet=sheet, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_intake(entry: IntakeRow, parent: QWidget | None) -> IntakeDialog:
    """Open ``entry`` for correction."""
    dialog = IntakeDialog(entry=entry, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_complete_intake(entry: IntakeRow, parent: QWidget | None) -> CompleteIntakeDialog:
    """Open the completion of ``entry``."""
    dialog = CompleteIntakeDialog(entry, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
