"""Filing a problem sheet from the keyboard: the F01 entry dialog with a customer lookup and a duplicate warning.

The dialog is the generated :class:`~desktop.views.form_dialog.FormDialog` of ``forms/problem_sheet.toml``,
trimmed to what the hotline operator writes during the call (the header boxes and the description with its
signature line); the later sections are written by the workflow steps (:mod:`desktop.views.sheet_actions`).
On top of it:

- typing in the name or a phone field pops up the matching customers
  (:func:`desktop.services.customers.find_customers`); picking one fills name, phones, site and address;
- when the phone typed already has sheets that are not closed, a line under the field names them — it does not
  stop the save, because a second problem of the same caller is a new sheet (seed 000 §4.5.6);
- Ctrl+S / Ctrl+Enter save and close, Ctrl+Shift+Enter saves and empties the form for the next call; the
  saved number is shown either way.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any, cast

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QWidget

from desktop.formspec.loader import load_form
from desktop.formspec.model import FieldDef, FormDef, Label, Option
from desktop.i18n import _, ui_language
from desktop.services import customers, office, sheets
from desktop.services.customers import CustomerRow
from desktop.services.sheets import SheetListRow, SheetRow
from desktop.views import ops
from desktop.views.desk_dialog import message_line
from desktop.views.fields.text import TextEditor
from desktop.views.form_dialog import FormDialog

#: What the operator writes during the call (seed 000:94: phone, contact person, site, the problem, its type).
ENTRY_KEYS: tuple[str, ...] = (
    "number",
    "category",
    "customer_name",
    "contact_person",
    "mobile",
    "office_phone",
    "site",
    "address",
    "description",
    "intake_by",
    "intake_date",
)
#: A correction may also change the plan and result texts (the service allows it).
EDIT_KEYS: tuple[str, ...] = (
    *ENTRY_KEYS,
    "plan",
    "plan_by",
    "plan_date",
    "result",
    "handler",
    "handled_date",
)
#: Fields shown but written by FrontDesk or the workflow.
READONLY_KEYS: tuple[str, ...] = ("number", "status", "plan_by", "plan_date", "handler", "handled_date")
#: Fields the customer lookup listens to.
LOOKUP_KEYS: tuple[str, ...] = ("customer_name", "mobile", "office_phone")
PHONE_KEYS: tuple[str, ...] = ("mobile", "office_phone")

#: Wait this long after the last keystroke before asking the database (typing stays smooth).
LOOKUP_DELAY_MS = 200

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 1
COMPLETION_ROLE = Qt.ItemDataRole.UserRole + 2


def entry_form(keys: tuple[str, ...] = ENTRY_KEYS) -> FormDef:
    """The problem sheet's definition with only ``keys``, its categories those of Settings."""
    form = load_form("problem_sheet")
    options = (
        tuple(Option(category.key, Label(category.zh, category.en)) for category in sheets.categories())
        or form.field("category").options
    )
    fields: list[FieldDef] = []
    for field in form.fields:
        if field.key not in keys:
            continue
        fields.append(dataclasses.replace(field, options=options) if field.key == "category" else field)
    # A fresh key index: replace() would otherwise share (and extend) the cached definition's one.
    return dataclasses.replace(form, fields=tuple(fields), _by_key={})


def staff_names() -> list[str]:
    """Names person fields offer: the active staff."""
    return [person.name for person in office.list_staff(active_only=True)]


def customer_text(customer: CustomerRow) -> str:
    """One line of the lookup popup: name, phones and organisation."""
    parts = [customer.name, customer.mobile, customer.office_phone, customer.organisation]
    return "  ·  ".join(part for part in parts if part)


def sheets_text(rows: list[SheetListRow]) -> str:
    """The duplicate-phone warning naming the open sheets."""
    from desktop.views.tablemodels.sheets import status_label

    names = _(", ").join(
        _("{number} ({status})").format(number=row.number, status=status_label(row.status))
        for row in rows[:3]
    )
    if len(rows) > 3:
        names = _("{names} and {count} more").format(names=names, count=len(rows) - 3)
    return _("This phone already has open sheets: {sheets}").format(sheets=names)


class SheetDialog(FormDialog):
    """File a new problem sheet, or correct one (``sheet`` given).

    Args:
        sheet: the sheet to correct; None files a new one.
        parent: owning window.

    Signals:
        sheet_saved(object): a sheet was filed or corrected; the :class:`SheetRow` saved.
    """

    sheet_saved = Signal(object)

    def __init__(self, sheet: SheetRow | None = None, parent: QWidget | None = None) -> None:
        self.sheet = sheet
        self.customer_id: int | None = sheet.customer_id if sheet else None
        self._and_new = False
        keys = EDIT_KEYS if sheet is not None else ENTRY_KEYS
        super().__init__(
            entry_form(keys),
            sheet.values if sheet is not None else None,
            lang=ui_language(),
            readonly_keys=READONLY_KEYS,
            staff_names=staff_names,
            now=ops.now(),
            parent=parent,
        )
        self.setObjectName("sheet_dialog")
        if sheet is not None:
            self.setWindowTitle(_("Correct sheet {number}").format(number=sheet.number))
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("saved_label")
        self.saved_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.saved_label.hide()
        self.phone_warnings: dict[str, QLabel] = {}
        self._customers: list[CustomerRow] = []
        self._completers: dict[str, QCompleter] = {}
        self._completer_model = QStandardItemModel(self)
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(LOOKUP_DELAY_MS)
        self._lookup_key = ""
        self._phone_timer = QTimer(self)
        self._phone_timer.setSingleShot(True)
        self._phone_timer.setInterval(LOOKUP_DELAY_MS)
        self._skip_read_only_fields()
        self._add_lookup()
        self._add_phone_warnings()
        self._place_saved_label()
        self._connect_sheet_signals()
        self.submitted.connect(self._on_submitted)
        if sheet is not None:
            self.check_phones()
        else:
            self._sign_as_on_duty()

    # -- building -----------------------------------------------------------------------------------------

    def _skip_read_only_fields(self) -> None:
        # Tab goes from field to field the operator types in; the number is FrontDesk's.
        for key in READONLY_KEYS:
            if key in self.form.keys:
                for widget in self.editor(key).focus_widgets():
                    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _line_edit(self, key: str) -> QLineEdit | None:
        if key not in self.form.keys:
            return None
        editor = self.editor(key)
        return editor.line_edit() if isinstance(editor, TextEditor) else None

    def _add_lookup(self) -> None:
        for key in LOOKUP_KEYS:
            edit = self._line_edit(key)
            if edit is None:
                continue
            completer = QCompleter(self._completer_model, edit)
            completer.setObjectName(f"lookup_{key}")
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.setCompletionRole(COMPLETION_ROLE)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setMaxVisibleItems(8)
            completer.setWidget(edit)
            # The QModelIndex overload: the row tells which customer was picked.
            cast(Any, completer.activated)[QModelIndex].connect(self._on_completer_activated)
            self._completers[key] = completer
            edit.textEdited.connect(lambda _text, key=key: self._on_lookup_edited(key))

    def _add_phone_warnings(self) -> None:
        for key in PHONE_KEYS:
            if key not in self.form.keys:
                continue
            editor = self.editor(key)
            label = message_line(f"open_sheets_{key}", kind="warning", parent=editor)
            layout = editor.layout()
            if layout is not None:
                layout.addWidget(label)
            self.phone_warnings[key] = label

    def _place_saved_label(self) -> None:
        layout = self.layout()
        if layout is not None and hasattr(layout, "insertWidget"):
            layout.insertWidget(1, self.saved_label)

    def _connect_sheet_signals(self) -> None:
        self._lookup_timer.timeout.connect(self.look_up_customers)
        self._phone_timer.timeout.connect(self.check_phones)
        for key in PHONE_KEYS:
            edit = self._line_edit(key)
            if edit is not None:
                edit.textChanged.connect(lambda _text: self._phone_timer.start())
        if self.sheet is None:
            for keys in ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"):
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(self.save_and_new)
            self._save_button.setToolTip(
                _("Save (Ctrl+S or Ctrl+Enter); save and start the next call: Ctrl+Shift+Enter")
            )

    def _sign_as_on_duty(self) -> None:
        """The intake signature line starts with the person on duty (the service would put them there anyway)."""
        staff_id = ops.staff_on_duty()
        if staff_id is None or "intake_by" not in self.form.keys:
            return
        result = ops.query(lambda: office.get_staff(staff_id), parent=self)
        if result.ok and result.value is not None:
            self.editor("intake_by").set_value(result.value.name)
            self._initial = self._snapshot()

    # -- public -------------------------------------------------------------------------------------------

    def save_and_new(self) -> None:
        """Save, then empty the form for the next call (Ctrl+Shift+Enter)."""
        self._and_new = True
        try:
            self.save()
        finally:
            self._and_new = False

    def look_up_customers(self) -> list[CustomerRow]:
        """Show the customers matching the field being typed in; returns them."""
        edit = self._line_edit(self._lookup_key)
        completer = self._completers.get(self._lookup_key)
        if edit is None or completer is None:
            return []
        text = edit.text().strip()
        found = ops.query(lambda: customers.find_customers(text, limit=20), parent=self) if text else None
        self._customers = list(found.value or []) if found is not None and found.ok else []
        self._completer_model.clear()
        for customer in self._customers:
            item = QStandardItem(customer_text(customer))
            item.setData(customer.id, CUSTOMER_ROLE)
            item.setData(self._field_text(customer, self._lookup_key), COMPLETION_ROLE)
            item.setEditable(False)
            self._completer_model.appendRow(item)
        if self._customers and edit.hasFocus():
            completer.setCompletionPrefix("")
            popup = completer.popup()
            if popup is not None:
                # Wide enough for name, phones and organisation on one line, even under a short phone field.
                popup.setMinimumWidth(max(edit.width(), 380))
            completer.complete()
        else:
            popup = completer.popup()
            if popup is not None:
                popup.hide()
        return self._customers

    def pick_customer(self, customer: CustomerRow) -> None:
        """Fill the caller's details from ``customer`` (what picking them in the popup does)."""
        self.customer_id = customer.id
        fills = {
            "customer_name": customer.name,
            "mobile": customer.mobile,
            "office_phone": customer.office_phone,
            "site": customer.organisation,
            "address": customer.address,
        }
        for key, value in fills.items():
            if key in self.form.keys and value:
                self.editor(key).set_value(value)
        self.check_phones()

    def check_phones(self) -> dict[str, list[SheetListRow]]:
        """Look for sheets not yet closed with the phones typed; shows or hides the warning under each."""
        found: dict[str, list[SheetListRow]] = {}
        exclude = self.sheet.id if self.sheet is not None else None
        for key, label in self.phone_warnings.items():
            edit = self._line_edit(key)
            phone = edit.text().strip() if edit is not None else ""
            rows: list[SheetListRow] = []
            if phone:
                result = ops.query(
                    partial(sheets.open_sheets_for_phone, phone, exclude_id=exclude), parent=self
                )
                rows = list(result.value or []) if result.ok else []
            if rows:
                label.setText(sheets_text(rows))
                found[key] = rows
            label.setVisible(bool(rows))
        return found

    def reset_for_next_call(self) -> None:
        """Empty every field the operator types, back to the defaults, ready for the next call."""
        for key in self.editable_keys():
            self.editor(key).set_value(None)
            self.editor(key).set_error(None)
        self._load_values(None, ops.now())
        self._sign_as_on_duty()
        self.customer_id = None
        for label in self.phone_warnings.values():
            label.hide()
        self._initial = self._snapshot()
        first = next(key for key in self.editable_keys())
        self.editor(first).focus_widgets()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- slots --------------------------------------------------------------------------------------------

    def _on_lookup_edited(self, key: str) -> None:
        self._lookup_key = key
        if key == "customer_name":
            self.customer_id = None  # another name typed after a pick: no longer that customer
        self._lookup_timer.start()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        customer_id = index.data(CUSTOMER_ROLE)
        customer = next((row for row in self._customers if row.id == customer_id), None)
        if customer is not None:
            # The completer writes its text after this slot; put ours in once it has.
            QTimer.singleShot(0, lambda: self.pick_customer(customer))

    def _on_submitted(self, values: dict[str, Any]) -> None:
        values = {key: value for key, value in values.items() if key in sheets.EDITABLE_KEYS}
        if self.sheet is None:
            if self.customer_id is not None:
                values["customer_id"] = self.customer_id
            result = ops.run(
                lambda by, now: sheets.file_sheet(values, by=by, now=now),
                parent=self,
                kind="problem_sheet",
                show_field_error=self.show_field_error,
            )
        else:
            sheet = self.sheet
            result = ops.run(
                lambda by, now: sheets.update_sheet(
                    sheet.id, values, expected_version=sheet.version, by=by, now=now
                ),
                parent=self,
                kind="problem_sheet",
                show_field_error=self.show_field_error,
            )
        if not result.ok or result.value is None:
            return
        row = result.value
        self.sheet_saved.emit(row)
        if self._and_new:
            self.saved_label.setText(
                _("Sheet {number} is saved. The form is ready for the next call.").format(number=row.number)
            )
            self.saved_label.show()
            self.reset_for_next_call()
            return
        self.accept()

    # -- helpers ------------------------------------------------------------------------------------------

    @staticmethod
    def _field_text(customer: CustomerRow, key: str) -> str:
        return {"customer_name": customer.name, "mobile": customer.mobile}.get(key, customer.office_phone)
