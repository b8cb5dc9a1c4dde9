"""Records past their retention period, listed for a manager to approve their purge (issue 9, seed 001:358-362).

One list per purgeable kind (:func:`desktop.services.retention.purgeable_kinds`): number and the date the period
counts from, all ticked. "Purge selected…" asks once more, then :func:`desktop.services.retention.purge`
removes the records for good (the service checks the permission and the period again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.services import retention
from desktop.views import messages, ops
from desktop.views.desk_dialog import DeskDialog


class RetentionDialog(DeskDialog):
    """Choose a record kind, see what is past its period, purge what is ticked.

    Signals:
        purged(str, int): records of a kind were purged (kind, count).
    """

    purged = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_dialog")
        self.setWindowTitle(_("Records past their retention period"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kind_combo")
        for kind in retention.purgeable_kinds():
            self.kind_combo.addItem(_(kind.label), kind.kind)
        self.period_label = QLabel(self)
        self.period_label.setWordWrap(True)
        self.record_list = QListWidget(self)
        self.record_list.setObjectName("record_list")
        self.buttons = QDialogButtonBox(self)
        self.purge_button = self.buttons.addButton(
            _("Purge selected…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.purge_button.setObjectName("purge_button")
        self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self._build_layout()
        self._connect_signals()
        self.refresh()
        self.resize(520, 420)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.period_label)
        layout.addWidget(self.record_list, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.purge_button.clicked.connect(self._on_purge_clicked)
        self.buttons.rejected.connect(self.reject)

    def kind(self) -> str:
        """The record kind shown."""
        return str(self.kind_combo.currentData() or "")

    def refresh(self) -> None:
        """List the records of the chosen kind that are past their period, all ticked."""
        self.record_list.clear()
        kind = self.kind()
        if not kind:
            self.period_label.setText(_("No record kind can be purged yet."))
            self.purge_button.setEnabled(False)
            return
        years = ops.query(lambda: retention.retention_years(kind), parent=self).value or 0
        found = (
            ops.query(lambda: retention.records_past_retention(kind, now=ops.now()), parent=self).value or []
        )
        if years <= 0:
            self.period_label.setText(_("These records are kept for ever (see Settings)."))
        else:
            self.period_label.setText(
                _("Kept for {years} years: {count} records are past that and may be purged.").format(
                    years=years, count=len(found)
                )
            )
        lang = i18n.ui_language()
        for candidate in found:
            item = QListWidgetItem(
                _("{number} — since {date}").format(
                    number=candidate.number, date=i18n.format_date(candidate.since.date(), lang)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, candidate.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.record_list.addItem(item)
        self.purge_button.setEnabled(bool(found))

    def checked_ids(self) -> list[int]:
        """Ids of the ticked records."""
        items = (self.record_list.item(row) for row in range(self.record_list.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _on_purge_clicked(self) -> None:
        ids = self.checked_ids()
        if not ids:
            return
        messages.show(
            self,
            _(
                "Purge {count} records for good? They are removed from the database file; the audit trail keeps "
                "only that they were purged."
            ).format(count=len(ids)),
            kind=messages.Kind.QUESTION,
            title=_("Purge records"),
            on_yes=lambda: self.purge_now(ids),
        )

    def purge_now(self, ids: list[int]) -> None:
        """Purge ``ids`` of the shown kind without asking (after the manager said yes)."""
        kind = self.kind()
        result = ops.run(lambda by, now: retention.purge(kind, ids, by=by, now=now), parent=self, kind=kind)
        if result.ok and result.value is not None:
            self.purged.emit(kind, result.value.count)
            messages.show(
                self,
                _("{count} records were purged.").format(count=result.value.count),
                kind=messages.Kind.INFO,
            )
        self.refresh()
