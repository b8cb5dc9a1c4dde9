"""The engineer-intake tab: each engineer's register of the sheets he accepted (F02, seed 000:102-103).

The register fills as engineers accept sheets: "New intake…" asks for the sheet number and opens the entry
dialog linked to it, "Open" (or Enter) corrects an entry, "Complete…" records when the problem was solved and
the result, "Show sheet" opens the sheet the line belongs to, and "Print register…" previews the register of
the days chosen for the engineer chosen. The dialogs are :mod:`desktop.views.intake_dialog`'s; the table
refreshes itself on ``records_changed("intake")``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.rules.statistics import MONTH, period_of
from desktop.services import intake, office
from desktop.services.intake import IntakeRow
from desktop.services.sheets import SheetRow
from desktop.views import ops
from desktop.views.forms_menu import file_name, print_language
from desktop.views.intake_dialog import (
    CompleteIntakeDialog,
    IntakeDialog,
    SheetPicker,
    open_complete_intake,
    open_intake,
    open_new_intake,
)
from desktop.views.pages.base import EmptyState
from desktop.views.preview import PreviewWindow
from desktop.views.tablemodels.intake import IntakeModel

#: Widest a column grows when fitted to its contents (px).
MAX_COLUMN_WIDTH = 240


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class IntakePanel(QWidget):
    """The intake register with an engineer filter, entry buttons and the printed register.

    Attributes:
        picker: the sheet-number question of the last "New intake…".
        dialog: the entry or completion dialog opened last.
        preview: the register preview opened last.

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
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.engineer_combo = QComboBox()
        self.engineer_combo.setObjectName("intake_engineer")
        self.open_check = QCheckBox(_("Not completed only"))
        self.open_check.setObjectName("intake_open_only")
        self.new_button = QPushButton(_("New intake…"))
        self.new_button.setObjectName("intake_new")
        self.open_button = QPushButton(_("Open"))
        self.open_button.setObjectName("intake_open")
        self.complete_button = QPushButton(_("Complete…"))
        self.complete_button.setObjectName("intake_complete")
        self.sheet_button = QPushButton(_("Show sheet"))
        self.sheet_button.setObjectName("intake_show_sheet")
        month = period_of(ops.now().date(), MONTH)
        self.from_edit = QDateEdit(_qdate(month.start))
        self.from_edit.setObjectName("intake_print_from")
        self.to_edit = QDateEdit(_qdate(month.end))
        self.to_edit.setObjectName("intake_print_to")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.print_button = QPushButton(_("Print register…"))
        self.print_button.setObjectName("intake_print")
        self.print_button.setToolTip(_("The register of the engineer chosen, accepted on the days chosen"))
        self.empty_state = EmptyState(
            "tickets",
            _("No intake entries"),
            _("When an engineer accepts a problem sheet, what he agreed with the customer is logged here."),
            _("New intake…"),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_state)
        self.picker: SheetPicker | None = None
        self.dialog: IntakeDialog | CompleteIntakeDialog | None = None
        self.preview: PreviewWindow | None = None
        self._selected_id: int | None = None
        self.fill_engineers()
        self._build_layout()
        self._connect_signals()
        self.apply_filter()

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Engineer:")))
        filters.addWidget(self.engineer_combo)
        filters.addWidget(self.open_check)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.complete_button, self.sheet_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # The printout gets its own row under the table, so the tab stays narrow enough for a small window.
        printing = QHBoxLayout()
        printing.addStretch(1)
        printing.addWidget(QLabel(_("Print from")))
        printing.addWidget(self.from_edit)
        printing.addWidget(QLabel(_("to")))
        printing.addWidget(self.to_edit)
        printing.addWidget(self.print_button)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        layout.addLayout(printing)

    def _connect_signals(self) -> None:
        self.engineer_combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.open_check.toggled.connect(lambda _checked: self.apply_filter())
        self.view.activated.connect(self._on_view_activated)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.view.selectionModel().currentRowChanged.connect(lambda _now, _before: self.update_buttons())
        self.new_button.clicked.connect(self.new_intake)
        self.empty_state.activated.connect(self.new_intake)
        self.open_button.clicked.connect(self.open_selected)
        self.complete_button.clicked.connect(self.complete_selected)
        self.sheet_button.clicked.connect(self._on_sheet_button_clicked)
        self.print_button.clicked.connect(lambda: self.print_register())

    # -- public -------------------------------------------------------------------------------------------

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

    def selected_row(self) -> IntakeRow | None:
        """The entry of the current line, or None."""
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_entry(self, entry_id: int) -> bool:
        """Make the line of ``entry_id`` current; False when it is not shown."""
        for row in range(self.model.rowCount()):
            entry = self.model.row_at(row)
            if entry is not None and entry.id == entry_id:
                self.view.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def update_buttons(self) -> None:
        """Open and Show sheet need a line; Complete an open one."""
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.sheet_button.setEnabled(row is not None)
        self.complete_button.setEnabled(row is not None and row.completed_at is None)

    def new_intake(self) -> SheetPicker:
        """Ask for the sheet number, then open the entry dialog linked to that sheet."""
        picker = SheetPicker(self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.sheet_chosen.connect(self._on_sheet_chosen)
        self.picker = picker
        picker.open()
        return picker

    def open_selected(self) -> IntakeDialog | None:
        """Open the current entry for correction."""
        row = self.selected_row()
        if row is None:
            return None
        self.dialog = open_intake(row, self)
        return self.dialog

    def complete_selected(self) -> CompleteIntakeDialog | None:
        """Complete the current entry (when it is still open)."""
        row = self.selected_row()
        if row is None or row.completed_at is not None:
            return None
        self.dialog = open_complete_intake(row, self)
        return self.dialog

    def print_period(self) -> tuple[date, date]:
        """The days the printout covers (in order, whichever way they were typed)."""
        start, end = _day(self.from_edit.date()), _day(self.to_edit.date())
        return (start, end) if start <= end else (end, start)

    def print_title_suffix(self) -> str:
        """Under the title: the period, and the engineer when one is chosen."""
        start, end = self.print_period()
        period = f"{i18n.format_date(start, length='short')} – {i18n.format_date(end, length='short')}"
        engineer = self.engineer_combo.currentData()
        return f"{period} {self.engineer_combo.currentText()}" if engineer is not None else period

    def print_register(self, lang: str | None = None) -> PreviewWindow | None:
        """Preview the register (F02) of the days and the engineer chosen."""
        lang = lang or print_language()
        start, end = self.print_period()
        engineer = self.engineer_combo.currentData()
        suffix = self.print_title_suffix()

        def render(language: str) -> bytes:
            return intake.print_register(
                engineer, date_from=start, date_to=end, lang=language, title_suffix=suffix
            )

        result = ops.query(lambda: render(lang), parent=self)
        if not result.ok or result.value is None:
            return None
        form = load_form(intake.RECORD_TYPE)
        title = f"{form.title.get(i18n.ui_language())} {suffix}"
        self.preview = PreviewWindow(
            result.value,
            title=title,
            suggested_name=file_name(f"{form.code} {title}"),
            lang=lang,
            rerender=render,
            parent=self,
        )
        self.preview.show()
        return self.preview

    # -- slots --------------------------------------------------------------------------------------------

    def _on_sheet_chosen(self, sheet: object) -> None:
        if isinstance(sheet, SheetRow):
            self.dialog = open_new_intake(sheet, self)
            self.dialog.entry_saved.connect(lambda row: self.select_entry(row.id))

    def _on_sheet_button_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.sheet_requested.emit(row.sheet_id)

    def _on_model_about_to_be_reset(self) -> None:
        row = self.selected_row()
        self._selected_id = row.id if row is not None else None

    def _on_model_reset(self) -> None:
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty_state)
        # Numbers and moments readable in full; a long problem or place is cut rather than widening the table.
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), MAX_COLUMN_WIDTH))
        kept = self._selected_id is not None and self.select_entry(self._selected_id)
        if not kept and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.update_buttons()

    def _on_view_activated(self, index: QModelIndex) -> None:
        if self.model.row_at(index.row()) is not None:
            self.view.setCurrentIndex(index)
            self.open_selected()
