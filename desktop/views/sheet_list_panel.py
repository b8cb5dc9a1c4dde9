"""The problem-sheet list: New sheet, search as you type, filters, the lazy table, steps and print for the row.

Every filter becomes one :class:`~desktop.services.sheets.SheetQuery` that the service turns into SQL
(STYLE 17-18): status, category, handler, department, overdue only and the received date range, plus the search
box, which is a substring search over number, names, phones, site and description so a 2-character Chinese
name is found. Enter (or a double click) opens the sheet's detail; the buttons and the context menu offer the
workflow steps the selected sheet's status allows; Ctrl+P previews the selected sheet for printing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.rules import sheet_workflow
from desktop.services import office, sheets
from desktop.services.sheets import SheetListRow, SheetQuery
from desktop.views import allowed, ops
from desktop.views.events import record_events
from desktop.views.listing import (
    NO_DATE,
    ListStack,
    SearchBox,
    SelectionKeeper,
    add_count,
    current_row,
    date_filter,
    date_or_none,
    filter_combo,
    make_action,
    make_table,
    make_toolbar,
    popup_row_menu,
    show_row,
    signals_blocked,
    tool_button,
)
from desktop.views.pages.base import EmptyState
from desktop.views.sheet_actions import (
    SheetActionDialog,
    action_label,
    may_take,
    offered_actions,
    step_service,
)
from desktop.views.sheet_detail import SheetDetail
from desktop.views.sheet_dialog import SheetDialog
from desktop.views.sheet_print import open_sheet_preview, print_language
from desktop.views.tablemodels import sheets as sheet_model
from desktop.views.tablemodels.sheets import SheetsModel, category_labels, status_label

#: The panel's shortcuts work wherever the focus is in the window while it is on screen.
WINDOW = Qt.ShortcutContext.WindowShortcut
#: Status filter entry meaning "every status still waiting for someone".
OPEN = "open"

#: A sample text per column, to give each column room for what it shows.
_COLUMN_SAMPLES = {
    sheet_model.COL_NUMBER: "20260316-001-0001",
    sheet_model.COL_RECEIVED: "2026/03/16 09:00",
    sheet_model.COL_CATEGORY: "Technical quality",
    sheet_model.COL_CUSTOMER: "客户姓名客户姓名",
    sheet_model.COL_MOBILE: "13800138000",
    sheet_model.COL_HANDLER: "Handler name",
    sheet_model.COL_DEPARTMENT: "客户服务部门",
    sheet_model.COL_STATUS: "Result returned",
}


class SheetListPanel(QWidget):
    """The sheet list with its toolbar and filters.

    Signals:
        status_message(str): a sentence for the window's status bar (e.g. "Sheet … filed").
    """

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet_list_panel")
        self.model = SheetsModel(self)
        self.view = make_table("sheet_table", self.model, context_menu=Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAlternatingRowColors(False)
        self.view.horizontalHeader().setSectionsMovable(False)
        self.search_edit = SearchBox(
            "sheet_search", _("Search number, name, phone, site or problem (Ctrl+F)"), min_width=160
        )
        self.status_combo = filter_combo("status_filter")
        self.category_combo = filter_combo("category_filter")
        self.handler_combo = filter_combo("handler_filter")
        self.department_combo = filter_combo("department_filter")
        self.overdue_check = QCheckBox(_("Overdue only"))
        self.overdue_check.setObjectName("overdue_filter")
        self.from_edit = date_filter("date_from_filter")
        self.to_edit = date_filter("date_to_filter")
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setObjectName("clear_filters")
        self.count_label = QLabel()
        self.count_label.setObjectName("sheet_count")
        self.new_action = self._action(_("New sheet…"), "action_new_sheet", "Ctrl+N", self.new_sheet)
        self.find_action = self.search_edit.find_action(
            self, "action_find_sheet", self.focus_search, context=WINDOW
        )
        self.print_action = self._action(_("Print…"), "action_print_sheet", "Ctrl+P", self.print_selected)
        self.open_action = self._action(_("Open"), "action_open_sheet", None, self.open_selected)
        self.step_actions: dict[str, QAction] = {}
        for action in sheet_workflow.ACTION_LABELS:
            self.step_actions[action] = self._action(
                action_label(action), f"action_{action}", None, partial(self.start_action, action)
            )
            service = step_service(action)
            if service is not None:
                allowed.tag(self.step_actions[action], service)
        self.empty_state = EmptyState(
            "tickets",
            _("No problem sheets yet"),
            _(
                "A problem the desk cannot solve on the phone is written on a sheet and handed over. Press Ctrl+N to file the first one."
            ),
            _("New sheet…"),
        )
        self.no_match_state = EmptyState(
            "tickets",
            _("No sheet matches"),
            _("No sheet matches the search and filters. Clear them to see every sheet."),
            _("Clear filters"),
        )
        self.stack = ListStack(self.view, self.empty_state, self.no_match_state)
        self.details: list[SheetDetail] = []
        self._selection = SelectionKeeper(self.view, self.select_sheet, self._selected_id)
        self.entry_dialog: SheetDialog | None = None
        self.action_dialog: SheetActionDialog | None = None
        self.fill_filter_choices()
        self._build_layout()
        self._connect_signals()
        self.view.sortByColumn(sheet_model.COL_RECEIVED, Qt.SortOrder.DescendingOrder)
        self.apply_filters()
        self._size_columns()

    # -- building -----------------------------------------------------------------------------------------

    def _action(self, text: str, name: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        # Active while this panel is on screen, wherever the focus is in the window (the navigation, too).
        return make_action(self, text, name, shortcut, slot, context=WINDOW)

    def _build_layout(self) -> None:
        top = make_toolbar("sheet_toolbar")
        top.addWidget(tool_button(self.new_action, bold=True))
        top.addWidget(self.search_edit)
        top.addAction(self.print_action)
        filters = make_toolbar("sheet_filters")
        for widget in (self.status_combo, self.category_combo, self.handler_combo, self.department_combo,
                       self.overdue_check, QLabel(_("Received from")), self.from_edit, QLabel(_("to")),
                       self.to_edit, self.clear_button):  # fmt: skip
            filters.addWidget(widget)
        steps = make_toolbar("sheet_steps")
        steps.addAction(self.open_action)
        for action in self.step_actions.values():
            steps.addAction(action)
        add_count(steps, self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(top)
        layout.addWidget(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(steps)

    def _connect_signals(self) -> None:
        # Who is on duty decides which steps are offered (Review: the roles chosen in Settings).
        record_events().staff_on_duty_changed.connect(self._on_staff_on_duty_changed)
        self.search_edit.text_settled.connect(lambda _text: self.apply_filters())
        for combo in (self.status_combo, self.category_combo, self.handler_combo, self.department_combo):
            combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.overdue_check.toggled.connect(lambda _checked: self.apply_filters())
        self.from_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.to_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.clear_button.clicked.connect(self.clear_filters)
        self.empty_state.activated.connect(self.new_sheet)
        self.no_match_state.activated.connect(self.clear_filters)
        self.view.activated.connect(self._on_view_activated)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_actions()
        )
        self.model.modelReset.connect(self._on_model_reset)

    def _size_columns(self) -> None:
        metrics = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        for column, sample in _COLUMN_SAMPLES.items():
            header_text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header_text) + 24) + 16
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    # -- filters ------------------------------------------------------------------------------------------

    def fill_filter_choices(self) -> None:
        """(Re)fill the filter lists from the statuses, categories, staff and departments."""
        with signals_blocked(
            self.status_combo, self.category_combo, self.handler_combo, self.department_combo
        ):
            current = {
                combo: combo.currentData()
                for combo in (self.category_combo, self.handler_combo, self.department_combo)
            }
            status_now = self.status_combo.currentData()
            self.status_combo.clear()
            self.status_combo.addItem(_("All statuses"), "")
            self.status_combo.addItem(_("Open (not finished)"), OPEN)
            for status in sheet_workflow.STATUSES:
                self.status_combo.addItem(status_label(status), status)
            self.category_combo.clear()
            self.category_combo.addItem(_("All categories"), None)
            for key, label in category_labels().items():
                self.category_combo.addItem(label, key)
            self.handler_combo.clear()
            self.handler_combo.addItem(_("Any handler"), None)
            staff = ops.query(lambda: office.list_staff(active_only=False), parent=self)
            for person in staff.value or []:
                self.handler_combo.addItem(person.name, person.id)
            self.department_combo.clear()
            self.department_combo.addItem(_("Any department"), None)
            departments = ops.query(office.list_departments, parent=self)
            for department in departments.value or []:
                self.department_combo.addItem(department.name, department.id)
            for combo, data in current.items():
                combo.setCurrentIndex(max(combo.findData(data), 0))
            self.status_combo.setCurrentIndex(max(self.status_combo.findData(status_now), 0))

    def query(self) -> SheetQuery:
        """The filters and search as the service's query (keeping the order chosen in the header)."""
        status = self.status_combo.currentData()
        statuses = (
            tuple(sorted(sheet_workflow.OPEN_STATUSES)) if status == OPEN else ((status,) if status else ())
        )
        return dataclasses.replace(
            self.model.query,
            statuses=statuses,
            category=self.category_combo.currentData(),
            handler_id=self.handler_combo.currentData(),
            department_id=self.department_combo.currentData(),
            overdue_only=self.overdue_check.isChecked(),
            date_from=date_or_none(self.from_edit),
            date_to=date_or_none(self.to_edit),
            text=self.search_edit.text().strip(),
        )

    def apply_filters(self) -> None:
        """Show the sheets the filters and search select (now, without waiting for the debounce)."""
        self.search_edit.cancel_pending()
        self.model.set_query(self.query())

    def clear_filters(self) -> None:
        """Back to every sheet."""
        combos = (self.status_combo, self.category_combo, self.handler_combo, self.department_combo)
        with signals_blocked(self.search_edit, *combos, self.overdue_check, self.from_edit, self.to_edit):
            self.search_edit.clear()
            for combo in combos:
                combo.setCurrentIndex(0)
            self.overdue_check.setChecked(False)
            self.from_edit.setDate(NO_DATE)
            self.to_edit.setDate(NO_DATE)
        self.apply_filters()

    def set_date_range(self, first: date | None, last: date | None) -> None:
        """Only sheets received from ``first`` to ``last`` (None: no limit)."""
        self.from_edit.setDate(QDate(first) if first else NO_DATE)
        self.to_edit.setDate(QDate(last) if last else NO_DATE)

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.focus_and_select()

    # -- the selected sheet -------------------------------------------------------------------------------

    def selected_row(self) -> SheetListRow | None:
        """The sheet of the current row, or None."""
        row: SheetListRow | None = current_row(self.view)
        return row

    def select_sheet(self, sheet_id: int) -> bool:
        """Make the row of sheet ``sheet_id`` current (when it is loaded)."""
        row = self.model.row_of(sheet_id)
        if row >= 0:
            self.view.selectRow(row)
        return show_row(self.view, row)

    def new_sheet(self) -> SheetDialog:
        """Open the entry dialog for a new sheet (Ctrl+N)."""
        dialog = SheetDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sheet_saved.connect(self._on_sheet_saved)
        self.entry_dialog = dialog
        dialog.open()
        return dialog

    def open_selected(self) -> SheetDetail | None:
        """Open the detail of the selected sheet (Enter)."""
        row = self.selected_row()
        return self.open_sheet(row.id) if row is not None else None

    def open_sheet(self, sheet_id: int) -> SheetDetail | None:
        """Open the detail of sheet ``sheet_id`` in its own window."""
        result = ops.query(lambda: sheets.get_sheet(sheet_id, now=ops.now()), parent=self)
        if not result.ok or result.value is None:
            return None
        detail = SheetDetail(result.value, self)
        detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        detail.destroyed.connect(lambda _obj=None, detail=detail: self._forget_detail(detail))
        self.details.append(detail)
        detail.show()
        return detail

    def start_action(self, action: str) -> SheetActionDialog | None:
        """Open the dialog of workflow step ``action`` for the selected sheet."""
        row = self.selected_row()
        if row is None:
            return None
        result = ops.query(lambda: sheets.get_sheet(row.id, now=ops.now()), parent=self)
        if not result.ok or result.value is None:
            return None
        dialog = SheetActionDialog(result.value, action, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.step_done.connect(lambda sheet: self.select_sheet(sheet.id))
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def print_selected(self) -> QWidget | None:
        """Preview the selected sheet for printing, in the office's print language (Ctrl+P)."""
        row = self.selected_row()
        if row is None:
            return None
        return open_sheet_preview(row.number, print_language(), self)

    def refresh(self) -> None:
        """Reload filter choices and rows (after staff, departments or settings changed)."""
        self.fill_filter_choices()
        self.model.reload(keep_loaded=True)

    # -- slots --------------------------------------------------------------------------------------------

    def _on_view_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_sheet(row.id)

    def _on_view_context_menu(self, position: QPoint) -> None:
        # Open and Print apply to every row; of the steps, only those the row's status allows are offered.
        actions = [self.open_action, self.print_action, None, *self.step_actions.values()]
        popup_row_menu(self.view, position, actions, self)

    def _on_model_reset(self) -> None:
        filtered = self.model.query != dataclasses.replace(
            SheetQuery(), sort_key=self.model.query.sort_key, descending=self.model.query.descending
        )
        self.stack.show_for(self.model.total(), filtered=filtered)
        self.count_label.setText(_("{count} sheets").format(count=self.model.total()))
        self._selection.restore()
        self._update_actions()

    def _on_sheet_saved(self, row: sheets.SheetRow) -> None:
        self.status_message.emit(_("Sheet {number} is filed.").format(number=row.number))
        self.select_sheet(row.id)

    def _on_staff_on_duty_changed(self, _staff_id: object) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected_row()
        allowed: tuple[str, ...] = ()
        if row is not None:
            # Closing depends on the callback, waiving it on the role: ask for the sheet as it is now.
            sheet = ops.query(lambda: sheets.get_sheet(row.id, now=ops.now()), parent=self).value
            allowed = offered_actions(sheet) if sheet is not None else ()
        for action, qaction in self.step_actions.items():
            offered = may_take(action)  # a step the role may not take is not offered, then refused
            qaction.setVisible(offered)
            qaction.setEnabled(offered and action in allowed)
        for qaction in (self.open_action, self.print_action):
            qaction.setEnabled(row is not None)

    def _selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def _forget_detail(self, detail: SheetDetail) -> None:
        if detail in self.details:
            self.details.remove(detail)
