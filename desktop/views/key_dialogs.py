"""The key dialogs: lend, take back, issue to the owner, copy request, count / hand-over, lost report, new key,
and the follow-up lists: copy requests waiting for consent or cutting, lost keys until their report is closed.

Every dialog is a short form over one service call made through :mod:`desktop.views.ops`; a refusal about a
field is shown under that field (the loan dialog shows why an external borrower cannot have the key yet), the
rest in one message box. The loan dialog switches what it asks for with the kind of borrower (001:1820-1824):
staff state the purpose; contractors, owners/tenants and others also give their ID and the leader who signed
their document. Dialogs open with ``open()`` and announce what they saved with ``saved``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.rules import keys as rules
from desktop.services import authz, key_counts, key_issues, key_loans, keys, office
from desktop.services.key_loans import LoanRow
from desktop.services.keys import KeyRow
from desktop.views import ops
from desktop.views.tablemodels.keys import category_label

ERROR_STYLE = "color: #a3000f;"
NOTE_STYLE = "color: #6b4a00;"


def _staff_name() -> str:
    staff_id = ops.staff_on_duty()
    if staff_id is None:
        return ""
    result = ops.query(lambda: office.get_staff(staff_id), parent=None)
    return result.value.name if result.ok and result.value is not None else ""


class _FormDialog(QDialog):
    """A titled form with an error line under each field and OK/Cancel.

    Signals:
        saved(object): what the service returned after a successful save.
    """

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.header = QLabel()
        self.header.setObjectName("dialog_header")
        self.header.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("dialog_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._errors: dict[str, QLabel] = {}
        self._rows: dict[str, tuple[QLabel, QWidget, QLabel]] = {}
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        return layout

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` labelled ``label`` with an error line under it; ``key`` is the service's field."""
        widget.setObjectName(f"field_{key}")
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(1)
        inner.addWidget(widget)
        inner.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, box)
        self._errors[key] = error
        self._rows[key] = (caption, box, error)
        return widget

    def set_field_visible(self, key: str, visible: bool) -> None:
        """Show or hide one field with its label."""
        caption, box, _error = self._rows[key]
        caption.setVisible(visible)
        box.setVisible(visible)

    def show_field_error(self, key: str, message: str) -> bool:
        """Put ``message`` under field ``key``; False when the dialog has no such (visible) field."""
        error = self._errors.get(key)
        if error is None or not self._rows[key][1].isVisibleTo(self):
            return False
        error.setText(message)
        error.show()
        return True

    def errors(self) -> dict[str, str]:
        """The messages shown under fields now (tests)."""
        return {key: label.text() for key, label in self._errors.items() if label.isVisibleTo(self)}

    def clear_errors(self) -> None:
        """Hide every field message."""
        for label in self._errors.values():
            label.clear()
            label.hide()

    def run(self, call: Callable[..., Any], kind: str, ids: Callable[[Any], list[int]] | None = None) -> bool:
        """Save through ``call(by=, now=)``; on success emit :attr:`saved` and close.

        Args:
            call: the service call.
            kind: the record kind announced.
            ids: the changed ids of ``kind`` from the value (default: its ``id``).
        """
        self.clear_errors()
        result = ops.run(call, parent=self, kind=kind, ids=ids, show_field_error=self.show_field_error)
        if not result.ok:
            return False
        self.saved.emit(result.value)
        self.accept()
        return True

    def save(self) -> None:
        """Subclasses call their service."""
        raise NotImplementedError


def _key_header(key: KeyRow) -> str:
    parts = [key.label, category_label(key.category), _("{count} keys").format(count=key.quantity)]
    if key.hook:
        parts.append(_("hook {hook}").format(hook=key.hook))
    return " · ".join(parts)


def _line(text: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setText(text)
    return edit


class LoanDialog(_FormDialog):
    """Lend a key (Ctrl+L): borrower type switches what is required."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Lend key {label}").format(label=key.label), parent)
        self.setObjectName("loan_dialog")
        self.key = key
        self.header.setText(_key_header(key))
        self.borrower_type = QComboBox()
        for value, label in rules.BORROWER_TYPES.items():
            self.borrower_type.addItem(_(label), value)
        self.borrower = _line()
        self.department = _line()
        self.id_document = _line()
        self.phone = _line()
        self.purpose = _line()
        self.purpose.setPlaceholderText(_("What work the key is needed for"))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, max(1, key.quantity))
        self.quantity.setValue(max(1, key.quantity))
        self.approver = _line()
        self.approver.setPlaceholderText(_("The leader who signed the document"))
        self.document = _line()
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
        self.key_error = QLabel()
        self.key_error.setObjectName("error_key")
        self.key_error.setStyleSheet(ERROR_STYLE)
        self.key_error.setWordWrap(True)
        self.key_error.hide()
        self._errors["key"] = self.key_error
        self._rows["key"] = (QLabel(), self.key_error, self.key_error)
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


class ReturnDialog(_FormDialog):
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
        self.received_by = _line(_staff_name())
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


class OwnerIssueDialog(_FormDialog):
    """Issue an owner set at move-in: identity checked, keys listed by kind; the receipt is printed after."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Issue keys {label} to the owner").format(label=key.label), parent)
        self.setObjectName("owner_issue_dialog")
        self.key = key
        self.header.setText(_key_header(key))
        self.owner_name = _line()
        self.id_checked = QCheckBox(_("I checked the owner's identity and move-in papers"))
        self.add_field("owner_name", _("Owner"), self.owner_name)
        self.add_field("id_checked", _("Identity"), self.id_checked)
        self.counts: dict[str, QSpinBox] = {}
        for kind, label in rules.OWNER_KINDS.items():
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setValue(key.kind_counts.get(kind, 0))
            self.counts[kind] = spin
            self.add_field(f"count_{kind}", _(label), spin)
        self._errors["kind_counts"] = self._errors[f"count_{rules.IRON_DOOR}"]
        self._rows["kind_counts"] = self._rows[f"count_{rules.IRON_DOOR}"]
        self.remarks = _line()
        self.add_field("remarks", _("Remarks"), self.remarks)
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Issue"))

    def save(self) -> None:
        """Issue the keys and write the receipt."""
        key_id, name, checked = self.key.id, self.owner_name.text(), self.id_checked.isChecked()
        counts = {kind: spin.value() for kind, spin in self.counts.items()}
        remarks = self.remarks.text()
        self.run(
            lambda by, now: key_issues.issue_to_owner(
                key_id,
                owner_name=name,
                id_checked=checked,
                kind_counts=counts,
                remarks=remarks,
                by=by,
                now=now,
            ),
            "key_receipt",
        )


class CopyRequestDialog(_FormDialog):
    """Record a request to copy a key; a public or plant-room key waits for the engineering manager's consent."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Copy key {label}").format(label=key.label), parent)
        self.setObjectName("copy_request_dialog")
        self.key = key
        self.header.setText(_key_header(key))
        self.requested_by = _line()
        self.reason = _line()
        self.copies = QSpinBox()
        self.copies.setRange(1, 20)
        self.add_field("requested_by", _("Requested by"), self.requested_by)
        self.add_field("reason", _("Reason"), self.reason)
        self.add_field("copies", _("Copies"), self.copies)
        if rules.needs_copy_consent(key.category):
            self.note.setText(
                _(
                    "No public or plant-room key is copied without the consent of the engineering manager or "
                    "supervisor. The request waits until the consent is recorded."
                )
            )
            self.note.show()
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record request"))

    def save(self) -> None:
        """Record the request."""
        key_id, who, why, copies = (
            self.key.id,
            self.requested_by.text(),
            self.reason.text(),
            self.copies.value(),
        )
        self.run(
            lambda by, now: key_issues.request_copy(
                key_id, requested_by=who, reason=why, copies=copies, by=by, now=now
            ),
            "key_copy_request",
        )


class LostReportDialog(_FormDialog):
    """Report lost keys to the superior at once (001:1828), with what is being done."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Lost key report {label}").format(label=key.label), parent)
        self.setObjectName("lost_report_dialog")
        self.key = key
        self.header.setText(_key_header(key))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, max(1, key.quantity))
        self.reported_by = _line(key.borrower)
        self.circumstances = QPlainTextEdit()
        self.circumstances.setFixedHeight(60)
        self.reported_to = _line()
        # Not "actions": that would hide QWidget.actions().
        self.follow_up = QPlainTextEdit()
        self.follow_up.setFixedHeight(50)
        self.follow_up.setPlaceholderText(_("Change the lock, cut a new key, …"))
        self.add_field("quantity", _("Keys lost"), self.quantity)
        self.add_field("reported_by", _("Reported by"), self.reported_by)
        self.add_field("circumstances", _("How it was lost"), self.circumstances)
        self.add_field("reported_to", _("Reported to (superior)"), self.reported_to)
        self.add_field("actions", _("Follow-up"), self.follow_up)
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Report"))

    def save(self) -> None:
        """Write the report."""
        key_id, quantity = self.key.id, self.quantity.value()
        reporter, told = self.reported_by.text(), self.reported_to.text()
        what, follow_up = self.circumstances.toPlainText(), self.follow_up.toPlainText()
        self.run(
            lambda by, now: key_counts.report_lost(
                key_id,
                quantity=quantity,
                reported_by=reporter,
                circumstances=what,
                reported_to=told,
                actions=follow_up,
                by=by,
                now=now,
            ),
            "key_lost_report",
        )


class CountDialog(_FormDialog):
    """Count the keys in custody against the register, or hand them over to another custodian (P03)."""

    COL_LABEL, COL_EXPECTED, COL_COUNTED = 0, 1, 2

    def __init__(self, *, handover: bool = False, parent: QWidget | None = None) -> None:
        title = _("Hand over the keys") if handover else _("Count the keys")
        super().__init__(title, parent)
        self.setObjectName("count_dialog")
        self.handover = handover
        self.header.setText(
            _("Both people count each key set; enter what you find. Differences are reported after saving.")
        )
        self.category = QComboBox()
        self.category.addItem(_("All kinds of key"), None)
        for value in rules.CATEGORIES:
            self.category.addItem(category_label(value), value)
        self.expected: list[rules.ExpectedKeys] = []
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("count_table")
        self.table.setHorizontalHeaderLabels([_("Key"), _("Registered"), _("Found")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.spins: dict[int, QSpinBox] = {}
        self._fill_table()
        self.from_party = _line(_staff_name())
        self.to_party = _line()
        self.reason = QComboBox()
        for value, label in (
            ("deputy", _("Handed to a deputy")),
            ("receive", _("Keys received")),
            ("issue", _("Keys issued")),
        ):
            self.reason.addItem(label, value)
        self.function_tested = QCheckBox(_("Keys tested"))
        self.remarks = _line()
        self.add_field("category", _("Kind of key"), self.category)
        self.add_field("counted", _("Keys"), self.table)
        if handover:
            self.add_field("from_party", _("Handed over by"), self.from_party)
            self.add_field("to_party", _("Received by"), self.to_party)
            self.add_field("reason", _("Handover"), self.reason)
            self.add_field("function_tested", _("Tested"), self.function_tested)
        self.add_field("remarks", _("Remarks"), self.remarks)
        self._finish_layout()
        self.category.currentIndexChanged.connect(lambda _index: self._fill_table())
        self.resize(560, 620)

    def _fill_table(self) -> None:
        """List the key sets in custody of the chosen kind; numbers already entered are kept."""
        category = self.category.currentData()
        result = ops.query(lambda: key_counts.expected_keys(category=category), parent=None)
        entered = {key_id: spin.value() for key_id, spin in self.spins.items()}
        self.expected = list(result.value or [])
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.expected))
        self.spins = {}
        for row, item in enumerate(self.expected):
            label_item = QTableWidgetItem(item.label)
            label_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            expected_item = QTableWidgetItem(str(item.expected))
            expected_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, self.COL_LABEL, label_item)
            self.table.setItem(row, self.COL_EXPECTED, expected_item)
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue(entered.get(item.key_id, item.expected))
            self.table.setCellWidget(row, self.COL_COUNTED, spin)
            self.spins[item.key_id] = spin

    def listed_labels(self) -> list[str]:
        """The key sets the table lists now (tests)."""
        return [item.label for item in self.expected]

    def set_category(self, category: str | None) -> None:
        """Count only keys of ``category`` (None: every kind)."""
        self.category.setCurrentIndex(max(0, self.category.findData(category)))

    def set_counted(self, key_id: int, value: int) -> None:
        """Enter the number found for one key set (tests)."""
        self.spins[key_id].setValue(value)

    def save(self) -> None:
        """Record the count or hand-over."""
        counted: dict[int, int | None] = {key_id: spin.value() for key_id, spin in self.spins.items()}
        category = self.category.currentData()
        kind = key_counts.HANDOVER if self.handover else key_counts.COUNT
        giver, taker, reason = self.from_party.text(), self.to_party.text(), self.reason.currentData()
        tested, remarks = self.function_tested.isChecked(), self.remarks.text()
        self.run(
            lambda by, now: key_counts.record_count(
                counted,
                kind=kind,
                category=category,
                from_party=giver,
                to_party=taker,
                reason=reason if kind == key_counts.HANDOVER else "",
                function_tested=tested,
                remarks=remarks,
                by=by,
                now=now,
            ),
            "key_count",
        )


class NewKeyDialog(_FormDialog):
    """Register a key set: label in the seed's format, kind, keys (per owner key kind), hook, custodian."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("New key set"), parent)
        self.setObjectName("new_key_dialog")
        self.header.setText(
            _(
                "Label as on the tag: building-unit and floor-room (3-2-1502), the floor, or the facility room."
            )
        )
        self.label = _line()
        self.category = QComboBox()
        for value, label in rules.CATEGORIES.items():
            self.category.addItem(_(label), value)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 99)
        self.hook = _line()
        self.custodian = _line()
        self.description = _line()
        self.add_field("label", _("Label"), self.label)
        self.add_field("category", _("Kind of key"), self.category)
        self.add_field("quantity", _("Keys"), self.quantity)
        self.counts: dict[str, QSpinBox] = {}
        for kind, label in rules.OWNER_KINDS.items():
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setValue(1)
            self.counts[kind] = spin
            self.add_field(f"count_{kind}", _(label), spin)
        self._errors["kind_counts"] = self._errors[f"count_{rules.IRON_DOOR}"]
        self._rows["kind_counts"] = self._rows[f"count_{rules.IRON_DOOR}"]
        self.add_field("hook", _("Hook / box"), self.hook)
        self.add_field("custodian", _("Custodian"), self.custodian)
        self.add_field("description", _("Description"), self.description)
        self._finish_layout()
        self.category.currentIndexChanged.connect(self._on_category_changed)
        self._on_category_changed()

    def _on_category_changed(self) -> None:
        owner = self.category.currentData() == rules.OWNER
        self.set_field_visible("quantity", not owner)
        for kind in rules.OWNER_KINDS:
            self.set_field_visible(f"count_{kind}", owner)

    def save(self) -> None:
        """Register the key set."""
        values: dict[str, Any] = {
            "label": self.label.text(),
            "category": self.category.currentData(),
            "hook": self.hook.text(),
            "custodian": self.custodian.text(),
            "description": self.description.text(),
        }
        if values["category"] == rules.OWNER:
            values["kind_counts"] = {kind: spin.value() for kind, spin in self.counts.items()}
        else:
            values["quantity"] = self.quantity.value()
        self.run(lambda by, now: keys.add_key_set(values, by=by, now=now), "key")


# ---- follow-ups: copy requests waiting for consent, lost keys being dealt with -------------------------------


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class _ListDialog(QDialog):
    """A titled list of records with action buttons under it and Close; the rows reload after each action.

    Signals:
        saved(object): what the service returned after an action on one of the rows.
    """

    saved = Signal(object)

    def __init__(self, title: str, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.header = QLabel()
        self.header.setObjectName("dialog_header")
        self.header.setWordWrap(True)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setObjectName("empty_note")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(NOTE_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.rejected.connect(self.reject)
        self.child: QDialog | None = None

    def add_button(self, text: str, name: str, slot: Callable[[], Any]) -> Any:
        """An action button beside Close; enabled only while a row it applies to is selected."""
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _finish_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self._on_double_click())

    def current_row(self) -> int:
        """The selected row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select row ``row`` (tests and after a reload)."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)

    def _show_rows(self, cells: list[list[str]], empty_text: str) -> None:
        selected = self.current_row()
        self.table.clearSelection()
        self.table.setRowCount(len(cells))
        for row, values in enumerate(cells):
            for column, text in enumerate(values):
                self.table.setItem(row, column, _cell(text))
        self.table.resizeColumnsToContents()
        self.empty.setText(empty_text)
        self.empty.setVisible(not cells)
        self.select_row(min(max(selected, 0), len(cells) - 1))
        self._update_buttons()

    def _open_child(self, dialog: _FormDialog) -> _FormDialog:
        self.child = dialog
        dialog.saved.connect(self._on_child_saved)
        dialog.open()
        return dialog

    def _on_child_saved(self, value: Any) -> None:
        self.reload()
        self.saved.emit(value)

    def reload(self) -> None:
        """Subclasses fetch and show their rows."""
        raise NotImplementedError

    def _update_buttons(self) -> None:
        """Subclasses enable what applies to the selected row."""

    def _on_double_click(self) -> None:
        """Subclasses open the row's usual action."""


def _copy_status(request: key_issues.CopyRequestRow) -> str:
    if request.status == key_issues.MADE:
        return _("Copies made")
    if request.status == key_issues.CONSENTED:
        return _("Consented by {name}").format(name=request.consented_by)
    if rules.needs_copy_consent(request.key_category):
        return _("Waiting for consent")
    return _("No consent needed")


def _may_be_made(request: key_issues.CopyRequestRow) -> bool:
    return request.status != key_issues.MADE and (
        request.status == key_issues.CONSENTED or not rules.needs_copy_consent(request.key_category)
    )


class CopyRequestsDialog(_ListDialog):
    """The copy requests not yet made: the manager's consent is recorded here, then the copies made (001:286)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Copy requests"),
            [_("Key"), _("Kind of key"), _("Requested by"), _("Reason"), _("Copies"), _("Requested at"),
             _("Status")],
            parent,
        )  # fmt: skip
        self.setObjectName("copy_requests_dialog")
        self.table.setObjectName("copy_request_table")
        self.header.setText(
            _(
                "No public or plant-room key is copied without the consent of the engineering manager or "
                "supervisor. Record the consent, then record the copies once they are cut."
            )
        )
        self.requests: list[key_issues.CopyRequestRow] = []
        self.consent_button = self.add_button(_("Consent…"), "consent_button", self.consent_selected)
        self.made_button = self.add_button(_("Copy made…"), "copy_made_button", self.made_selected)
        self._finish_layout()
        self.reload()
        self.resize(820, 380)

    def reload(self) -> None:
        """Fetch the requests not yet made, newest first."""
        result = ops.query(lambda: key_issues.copy_requests(pending_only=True), parent=self)
        self.requests = list(result.value or [])
        self._show_rows(
            [
                [
                    request.key_label,
                    category_label(request.key_category),
                    request.requested_by,
                    request.reason,
                    str(request.copies),
                    i18n.format_datetime(request.requested_at, length="short"),
                    _copy_status(request),
                ]
                for request in self.requests
            ],
            _("No copy request is waiting."),
        )

    def selected_request(self) -> key_issues.CopyRequestRow | None:
        """The request on the selected row, or None."""
        row = self.current_row()
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def _update_buttons(self) -> None:
        request = self.selected_request()
        self.consent_button.setEnabled(request is not None and request.status == key_issues.PENDING)
        self.made_button.setEnabled(request is not None and _may_be_made(request))
        if request is not None and not _may_be_made(request):
            self.made_button.setToolTip(_("Record the consent first."))
        else:
            self.made_button.setToolTip("")

    def _on_double_click(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        if request.status == key_issues.PENDING and not _may_be_made(request):
            self.consent_selected()
        elif _may_be_made(request):
            self.made_selected()

    def consent_selected(self) -> CopyConsentDialog | None:
        """Record the manager's consent to the selected request; refused here at once for a role without it."""
        request = self.selected_request()
        if request is None:
            return None
        staff_id = ops.staff_on_duty()
        # The service's own check, so the desk sees its refusal before filling anything in.
        if not ops.query(lambda: authz.check("key.duplicate", staff_id), parent=self).ok:
            return None
        dialog = CopyConsentDialog(request, self)
        self._open_child(dialog)
        return dialog

    def made_selected(self) -> CopyMadeDialog | None:
        """Record that the copies of the selected request were cut."""
        request = self.selected_request()
        if request is None:
            return None
        dialog = CopyMadeDialog(request, self)
        self._open_child(dialog)
        return dialog


def _copy_header(request: key_issues.CopyRequestRow) -> str:
    return _("{label}: asked for by {name} on {moment}, copies: {copies} — {reason}").format(
        label=request.key_label,
        copies=request.copies,
        name=request.requested_by,
        moment=i18n.format_datetime(request.requested_at, length="short"),
        reason=request.reason,
    )


class CopyConsentDialog(_FormDialog):
    """The engineering manager or supervisor consents to one copy request."""

    def __init__(self, request: key_issues.CopyRequestRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Consent to copying key {label}").format(label=request.key_label), parent)
        self.setObjectName("copy_consent_dialog")
        self.request = request
        self.header.setText(_copy_header(request))
        self.consented_by = _line(_staff_name())
        self.consented_by.setPlaceholderText(_("The engineering manager or supervisor who consents"))
        self.add_field("consented_by", _("Consented by"), self.consented_by)
        self.note.setText(
            _("Only a department head, manager or administrator on duty can record the consent.")
        )
        self.note.show()
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Consent"))
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        """Record the consent."""
        request_id, name = self.request.id, self.consented_by.text()
        self.run(
            lambda by, now: key_issues.consent_copy(request_id, consented_by=name, by=by, now=now),
            "key_copy_request",
        )


class CopyMadeDialog(_FormDialog):
    """The copies were cut: the key set counts them from now on."""

    def __init__(self, request: key_issues.CopyRequestRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Copies made of key {label}").format(label=request.key_label), parent)
        self.setObjectName("copy_made_dialog")
        self.request = request
        self.header.setText(_copy_header(request))
        lines = []
        if request.consented_by:
            lines.append(_("Consented by {name}").format(name=request.consented_by))
        lines.append(
            _("The new keys ({copies}) are added to the set and hung on its hook.").format(
                copies=request.copies
            )
        )
        self.note.setText("\n".join(lines))
        self.note.show()
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record copies"))
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        """Record the copies."""
        request_id = self.request.id
        # The key set's count grew: announce the key, so the register shows the new number.
        self.run(
            lambda by, now: key_issues.record_copy_made(request_id, by=by, now=now),
            "key",
            ids=lambda row: [row.key_id],
        )


class LostKeysDialog(_ListDialog):
    """Lost key reports and what is being done about each, until the report is closed (001:1828)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Lost keys"),
            [_("Report no."), _("Key"), _("Keys lost"), _("Reported at"), _("Reported by"),
             _("Reported to (superior)"), _("Closed"), _("Follow-up")],
            parent,
        )  # fmt: skip
        self.setObjectName("lost_keys_dialog")
        self.table.setObjectName("lost_key_table")
        self.header.setText(
            _(
                "A lost key is reported to the superior at once; write down each step taken until the loss is "
                "dealt with."
            )
        )
        self.show_closed = QCheckBox(_("Show closed reports"))
        self.show_closed.setObjectName("show_closed_check")
        self.reports: list[key_counts.LostRow] = []
        self.follow_up_button = self.add_button(_("Follow up…"), "follow_up_button", self.follow_up_selected)
        self._finish_layout()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.show_closed)
        self.show_closed.toggled.connect(lambda _on: self.reload())
        self.reload()
        self.resize(860, 380)

    def reload(self) -> None:
        """Fetch the reports, newest first: the open ones, or every one."""
        open_only = not self.show_closed.isChecked()
        result = ops.query(lambda: key_counts.lost_reports(open_only=open_only), parent=self)
        self.reports = list(result.value or [])
        self._show_rows(
            [
                [
                    report.number,
                    report.key_label,
                    str(report.quantity),
                    i18n.format_datetime(report.reported_at, length="short"),
                    report.reported_by,
                    report.reported_to,
                    i18n.format_date(report.closed_at.date()) if report.closed_at else _("Not closed yet"),
                    " / ".join(report.actions.splitlines()),
                ]
                for report in self.reports
            ],
            _("No lost key report is open.") if open_only else _("No key has been reported lost."),
        )

    def selected_report(self) -> key_counts.LostRow | None:
        """The report on the selected row, or None."""
        row = self.current_row()
        return self.reports[row] if 0 <= row < len(self.reports) else None

    def _update_buttons(self) -> None:
        self.follow_up_button.setEnabled(self.selected_report() is not None)

    def _on_double_click(self) -> None:
        self.follow_up_selected()

    def follow_up_selected(self) -> LostFollowUpDialog | None:
        """Write what was done about the selected loss, and close the report when it is dealt with."""
        report = self.selected_report()
        if report is None:
            return None
        dialog = LostFollowUpDialog(report, self)
        self._open_child(dialog)
        return dialog


class LostFollowUpDialog(_FormDialog):
    """One step taken about a lost key (lock changed, key re-cut …), dated; optionally closing the report."""

    def __init__(self, report: key_counts.LostRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Follow up lost key report {number}").format(number=report.number), parent)
        self.setObjectName("lost_follow_up_dialog")
        self.report = report
        self.header.setText(
            _("{label}: reported lost by {name} on {moment}, keys lost: {count} — {circumstances}").format(
                label=report.key_label,
                count=report.quantity,
                name=report.reported_by,
                moment=i18n.format_datetime(report.reported_at, length="short"),
                circumstances=report.circumstances,
            )
        )
        self.done_so_far = QPlainTextEdit(report.actions)
        self.done_so_far.setReadOnly(True)
        self.done_so_far.setFixedHeight(70)
        self.action_taken = QPlainTextEdit()
        self.action_taken.setFixedHeight(60)
        self.action_taken.setPlaceholderText(_("Change the lock, cut a new key, …"))
        self.action_date = QDateEdit()
        self.action_date.setCalendarPopup(True)
        self.action_date.setDisplayFormat("yyyy-MM-dd")  # as the step is written into the report
        today = ops.now().date()
        self.action_date.setDate(QDate(today.year, today.month, today.day))
        self.action_date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.close_report = QCheckBox(_("The loss is dealt with: close the report"))
        if report.closed_at is not None:
            self.close_report.setChecked(True)
            self.close_report.setEnabled(False)
            self.close_report.setText(
                _("Closed on {date}").format(date=i18n.format_date(report.closed_at.date()))
            )
        self.add_field("done_so_far", _("Done so far"), self.done_so_far)
        self.add_field("action_taken", _("Action taken"), self.action_taken)
        self.add_field("action_date", _("Date"), self.action_date)
        self.add_field("close", _("Closed"), self.close_report)
        self.set_field_visible("done_so_far", bool(report.actions.strip()))
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.resize(520, self.sizeHint().height())

    def actions_text(self) -> str:
        """Everything done so far with the new step appended as ``YYYY-MM-DD: what was done``."""
        step = " ".join(self.action_taken.toPlainText().split())
        lines = [line for line in self.report.actions.splitlines() if line.strip()]
        if step:
            day = self.action_date.date()
            lines.append(f"{date(day.year(), day.month(), day.day()).isoformat()}: {step}")
        return "\n".join(lines)

    def save(self) -> None:
        """Record the step (and close the report when ticked)."""
        self.clear_errors()
        closing = self.close_report.isChecked() and self.report.closed_at is None
        if not self.action_taken.toPlainText().strip() and not (closing and self.report.actions.strip()):
            self.show_field_error("action_taken", _("Write what was done about the lost key."))
            return
        report_id, actions = self.report.id, self.actions_text()
        self.run(
            lambda by, now: key_counts.follow_up_lost(
                report_id, actions=actions, close=closing, by=by, now=now
            ),
            "key_lost_report",
        )
