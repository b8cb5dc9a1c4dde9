"""The engineer-intake tab: each engineer's register of the sheets he accepted (F02, seed 000:102-103).

A read-mostly view: the register fills as engineers accept sheets; Enter opens the sheet the line belongs to.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services import office
from desktop.views import ops
from desktop.views.pages.base import EmptyState
from desktop.views.tablemodels.intake import IntakeModel


class IntakePanel(QWidget):
    """The intake register with an engineer filter.

    Signals:
        sheet_requested(int): the desk asked to open this sheet id.
    """

    sheet_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_panel")
        self.model = IntakeModel(self)
        self.view = QTableView()
        self.view.setObjectName("intake_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.engineer_combo = QComboBox()
        self.engineer_combo.setObjectName("intake_engineer")
        self.open_check = QCheckBox(_("Not completed only"))
        self.open_check.setObjectName("intake_open_only")
        self.empty_state = EmptyState(
            "tickets",
            _("No intake entries"),
            _("When an engineer accepts a problem sheet, what he agreed with the customer is logged here."),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_state)
        self.fill_engineers()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Engineer:")))
        row.addWidget(self.engineer_combo)
        row.addWidget(self.open_check)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)
        self.engineer_combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.open_check.toggled.connect(lambda _checked: self.apply_filter())
        self.view.activated.connect(self._on_view_activated)
        self.model.modelReset.connect(self._on_model_reset)
        self.apply_filter()

    def fill_engineers(self) -> None:
        """Everyone, then each staff member."""
        current = self.engineer_combo.currentData()
        self.engineer_combo.blockSignals(True)
        self.engineer_combo.clear()
        self.engineer_combo.addItem(_("All engineers"), None)
        staff = ops.query(lambda: office.list_staff(active_only=False), parent=self)
        for person in staff.value or []:
            self.engineer_combo.addItem(person.name, person.id)
        self.engineer_combo.setCurrentIndex(max(self.engineer_combo.findData(current), 0))
        self.engineer_combo.blockSignals(False)

    def apply_filter(self) -> None:
        """Show the entries the engineer choice and the check box select."""
        self.model.set_filter(
            engineer_id=self.engineer_combo.currentData(), open_only=self.open_check.isChecked()
        )

    def refresh(self) -> None:
        """Reload engineers and rows."""
        self.fill_engineers()
        self.model.reload()

    def _on_model_reset(self) -> None:
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty_state)

    def _on_view_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.sheet_requested.emit(row.sheet_id)
