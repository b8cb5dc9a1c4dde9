"""Lending a key and taking it back (借用 / 归还), the two dialogs the desk uses many times a day.

The loan dialog switches what it asks for with the kind of borrower (001:1820-1824): staff state the purpose;
contractors, owners/tenants and others also give their ID and the leader who signed their document, and the key's
own refusal (why an external borrower cannot have it yet) is shown above the form. The return dialog has both
sides count and flags a difference or damage at once, before anything is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.rules import keys as rules
from desktop.services import key_loans
from desktop.services.key_loans import LoanRow
from desktop.services.keys import KeyRow
from desktop.views import ops
from desktop.views.desk_dialog import message_line
from desktop.views.key_dialog_base import (
    ERROR_STYLE,
    NOTE_STYLE,
    FormDialog,
    key_header,
    line_edit,
    staff_on_duty_name,
)


class LoanDialog(FormDialog):
    """Lend a key (Ctrl+L): borrower type switches what is required."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Lend key {label}").format(label=key.label), parent)
        self.setObjectName("loan_dialog")
        self.key = key
        self.header.setText(key_header(key))
        self.borrower_type = QComboBox()
        for value, label in rules.BORROWER_TYPES.items():
            self.borrower_type.addItem(_(label), value)
        self.borrower = line_edit()
        self.department = line_edit()
        self.id_document = line_edit()
        self.phone = line_edit()
        self.purpose = line_edit()
        self.purpose.setPlaceholderText(_("What work the key is needed for"))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, max(1, key.quantity))
        self.quantity.setValue(max(1, key.quantity))
        self.approver = line_edit()
        self.approver.setPlaceholderText(_("The leader who signed the document"))
        self.document = line_edit()
        self.document.setPlaceholderText(_("Work order, contract, letter …"))
        self.add_field("borrower_type", _("Borrower is"), self.borrower_type)
        self.add_field("borrower", _("Borrower"), self.borrower)
        self.add_field("department", _("Department / company"), self.department)
        self.add_field("id_document", _("ID / document no."), self.id_document)
        self.add_field("phone", _("Phone"), self.phone)
        self.add_field("purpose", _("Purpose"), self.purpose)
        self.add_field("quantity", _("Keys taken"), self.quantity)
        self.add_field("approver", _("Approved by (leader)"), self.approver)
        self.add_field("document", _("Document brought"), self.document)
        self.key_error = message_line("error_key")
        self._errors["key"] = self.key_error
        self._rows["key"] = (QLabel(self), self.key_error, self.key_error)  # no caption: a child, never shown
        self._rows["key"][0].hide()
        layout = self._finish_layout()
        layout.insertWidget(1, self.key_error)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Lend"))
        self.borrower_type.currentIndexChanged.connect(self._on_type_changed)
        self._on_type_changed()
        self.resize(480, self.sizeHint().height())

    def show_field_error(self, key: str, message: str) -> bool:
        """The key's own refusal goes above the form; field refusals under their field."""
        if key == "key":
            self.key_error.setText(message)
            self.key_error.show()
            return True
        return super().show_field_error(key, message)

    def _on_type_changed(self) -> None:
        external = rules.is_external(self.borrower_type.currentData())
        for key in ("id_document", "approver", "document"):
            self.set_field_visible(key, external)
        due = key_loans.due_back_at(ops.now())
        lines = [
            _("Due back {moment}: keys are lent for the day and returned the same day.").format(
                moment=i18n.format_datetime(due, length="short")
            )
        ]
        if external:
            lines.append(
                _(
                    "External borrowers bring a document signed by the responsible leader; the key leaves only then."
                )
            )
        if rules.is_work_log_entry(self.key.category):
            lines.append(
                _("A public or plant-room key taken for work is also entered in the premises key log.")
            )
        self.note.setText("\n".join(lines))
        self.note.show()

    def values(self) -> dict[str, Any]:
        """The loan as the service takes it."""
        return {
            "borrower_type": self.borrower_type.currentData(),
            "borrower": self.borrower.text(),
            "department": self.department.text(),
            "id_document": self.id_document.text(),
            "phone": self.phone.text(),
            "purpose": self.purpose.text(),
            "quantity": self.quantity.value(),
            "approver": self.approver.text(),
            "document": self.document.text(),
        }

    def save(self) -> None:
        """Lend the key."""
        values, key_id = self.values(), self.key.id
        self.run(lambda by, now: key_loans.lend_key(key_id, values, by=by, now=now), "key_loan")


class ReturnDialog(FormDialog):
    """Take a key back (Ctrl+R): both sides count, the receiver is named, a difference is flagged at once."""

    def __init__(self, loan: LoanRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Return key {label}").format(label=loan.key_label), parent)
        self.setObjectName("return_dialog")
        self.loan = loan
        self.header.setText(
            _("{number}: {count} keys lent to {borrower} at {moment}").format(
                number=loan.number,
                count=loan.quantity,
                borrower=loan.borrower,
                moment=i18n.format_datetime(loan.out_at, length="short"),
            )
        )
        self.quantity = QSpinBox()
        self.quantity.setRange(0, 999)
        self.quantity.setValue(loan.quantity)
        self.condition = QComboBox()
        for value, label in rules.CONDITIONS.items():
            self.condition.addItem(_(label), value)
        self.received_by = line_edit(staff_on_duty_name())
        self.damage_note = QPlainTextEdit()
        self.damage_note.setPlaceholderText(
            _("What happened, in the borrower's words (the borrower signs it)")
        )
        self.damage_note.setFixedHeight(60)
        self.add_field("quantity", _("Keys counted back"), self.quantity)
        self.add_field("condition", _("Condition"), self.condition)
        self.add_field("received_by", _("Taken back by"), self.received_by)
        self.add_field("damage_note", _("Damage / loss"), self.damage_note)
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Take back"))
        self.quantity.valueChanged.connect(self._update_flags)
        self.condition.currentIndexChanged.connect(self._update_flags)
        self._update_flags()
        self.resize(460, self.sizeHint().height())

    def flags(self) -> list[str]:
        """What the return shows now, translated."""
        found = rules.return_flags(self.loan.quantity, self.quantity.value(), self.condition.currentData())
        return [_(flag).format(lent=self.loan.quantity, returned=self.quantity.value()) for flag in found]

    def _update_flags(self) -> None:
        flags = self.flags()
        self.note.setText("\n".join(flags))
        self.note.setStyleSheet(ERROR_STYLE if flags else NOTE_STYLE)
        self.note.setVisible(bool(flags))

    def save(self) -> None:
        """Record the return."""
        loan_id = self.loan.id
        quantity, condition = self.quantity.value(), self.condition.currentData()
        received, note = self.received_by.text(), self.damage_note.toPlainText()
        self.run(
            lambda by, now: key_loans.return_key(
                loan_id,
                quantity=quantity,
                condition=condition,
                damage_note=note,
                received_by=received,
                by=by,
                now=now,
            ),
            "key_loan",
        )
