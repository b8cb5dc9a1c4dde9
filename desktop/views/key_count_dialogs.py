"""Keys checked against the register: the count or hand-over (P03) and the report of keys lost.

Both people count each key set of the chosen kind and enter what they find; the differences are reported after
saving. A loss is reported to the superior at once (001:1828) with what is being done; following it up until the
report is closed is :mod:`desktop.views.key_followup_dialogs`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.i18n import _
from desktop.rules import keys as rules
from desktop.services import key_counts
from desktop.services.keys import KeyRow
from desktop.views import ops
from desktop.views.key_dialog_base import (
    FormDialog,
    key_header,
    line_edit,
    staff_on_duty_name,
)
from desktop.views.tablemodels.keys import category_label


class LostReportDialog(FormDialog):
    """Report lost keys to the superior at once (001:1828), with what is being done."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Lost key report {label}").format(label=key.label), parent)
        self.setObjectName("lost_report_dialog")
        self.key = key
        self.header.setText(key_header(key))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, max(1, key.quantity))
        self.reported_by = line_edit(key.borrower)
        self.circumstances = QPlainTextEdit()
        self.circumstances.setFixedHeight(60)
        self.reported_to = line_edit()
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


class CountDialog(FormDialog):
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
        self.from_party = line_edit(staff_on_duty_name())
        self.to_party = line_edit()
        self.reason = QComboBox()
        for value, label in (
            ("deputy", _("Handed to a deputy")),
            ("receive", _("Keys received")),
            ("issue", _("Keys issued")),
        ):
            self.reason.addItem(label, value)
        self.function_tested = QCheckBox(_("Keys tested"))
        self.remarks = line_edit()
        self.add_field("category", _("Kind of key"), self.category)
        self.add_field("counted", _("Keys"), self.table)
        if handover:
            self.add_field("from_party", _("Handed over by"), self.from_party)
            self.add_field("to_party", _("Received by"), self.to_party)
            self.add_field("reason", _("Handover"), self.reason)
            self.add_field("function_tested", _("Tested"), self.function_tested)
        else:
            # Not asked when counting; children all the same, so they go with the dialog when it closes.
            for unused in (self.from_party, self.to_party, self.reason, self.function_tested):
                unused.setParent(self)
                unused.hide()
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
