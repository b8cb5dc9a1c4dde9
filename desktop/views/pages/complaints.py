"""The complaint book (seed 000 第四章, spec §2.3): the register (F06) and the customers' ratings (F09).

The register list filters, searches and sorts in SQL (:class:`~desktop.views.tablemodels.complaints.ComplaintsModel`);
Ctrl+N registers a complaint, Enter opens its detail with the step it waits for, Ctrl+P prints the selected
complaint's handling report (表1.2, two copies), "Print register" prints 表1.1 for the dates filtered (this
month when none). The Ratings tab lists the month's ratings; one that reads like strong dissatisfaction is red
and becomes a complaint with one click (000:47).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.rules import complaints as rules
from desktop.rules.statistics import MONTH, period_of
from desktop.services import complaint_list, complaints, office
from desktop.services.complaint_list import OVERDUE, ComplaintQuery
from desktop.services.complaint_rows import ComplaintListRow, ComplaintRow
from desktop.views import ops
from desktop.views.complaint_detail import ComplaintDetail, open_report_preview
from desktop.views.complaint_dialog import ComplaintDialog
from desktop.views.forms_menu import file_name, print_language
from desktop.views.listing import (
    NO_DATE,
    ListStack,
    SearchBox,
    add_count,
    current_row,
    date_filter,
    date_or_none,
    make_action,
    make_bold,
    make_table,
    make_toolbar,
    show_row,
    signals_blocked,
)
from desktop.views.pages.base import EmptyState, Page
from desktop.views.preview import PreviewWindow
from desktop.views.ratings_panel import RatingsPanel
from desktop.views.tablemodels import complaints as model
from desktop.views.tablemodels.complaints import ComplaintsModel, category_label


class ComplaintListPanel(QWidget):
    """The register list with its toolbar and filters.

    Signals:
        status_message(str): a sentence for the window's status bar.
    """

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_list_panel")
        self.model = ComplaintsModel(self)
        self.view = make_table("complaint_table", self.model)
        self.search_edit = SearchBox(
            "complaint_search", _("Search number, complainant, complaint or phone (Ctrl+F)")
        )
        self.status_combo = QComboBox(objectName="status_filter")
        self.channel_combo = QComboBox(objectName="channel_filter")
        self.category_combo = QComboBox(objectName="category_filter")
        self.department_combo = QComboBox(objectName="department_filter")
        self.from_edit = date_filter("date_from_filter")
        self.to_edit = date_filter("date_to_filter")
        self.count_label = QLabel(objectName="complaint_count")
        self.new_action = self._action(
            _("New complaint…"), "action_new_complaint", "Ctrl+N", self.new_complaint
        )
        self.find_action = self.search_edit.find_action(
            self, "action_find_complaint", self.focus_search, context=Qt.ShortcutContext.WindowShortcut
        )
        self.open_action = self._action(_("Open"), "action_open_complaint", None, self.open_selected)
        self.print_action = self._action(
            _("Print report (2 copies)…"), "action_print_report", "Ctrl+P", self.print_selected
        )
        self.register_action = self._action(
            _("Print register…"), "action_print_register", None, self.print_register
        )
        self.empty_state = EmptyState(
            "complaints",
            _("No complaints yet"),
            _(
                "Every complaint is written in the register, relayed to the responsible head at once, handled, "
                "reported and called back. Press Ctrl+N to register the first one."
            ),
            _("New complaint…"),
        )
        self.no_match_state = EmptyState(
            "complaints",
            _("No complaint matches"),
            _("No complaint matches the search and filters. Clear them to see every complaint."),
            _("Clear filters"),
        )
        self.stack = ListStack(self.view, self.empty_state, self.no_match_state)
        self.details: list[ComplaintDetail] = []
        self.entry_dialog: ComplaintDialog | None = None
        self.preview: PreviewWindow | None = None
        self.fill_filter_choices()
        self._build_layout()
        self._connect_signals()
        self.view.sortByColumn(model.COL_RECEIVED, Qt.SortOrder.DescendingOrder)
        self.apply_filters()
        self._size_columns()

    # -- building -----------------------------------------------------------------------------------------

    def _action(self, text: str, name: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        return make_action(self, text, name, shortcut, slot, context=Qt.ShortcutContext.WindowShortcut)

    def _build_layout(self) -> None:
        top = make_toolbar("complaint_toolbar")
        top.addAction(self.new_action)
        make_bold(top.widgetForAction(self.new_action))
        top.addWidget(self.search_edit)
        top.addAction(self.print_action)
        top.addAction(self.register_action)
        filters = make_toolbar("complaint_filters")
        clear = QPushButton(_("Clear filters"), objectName="clear_filters")
        clear.clicked.connect(self.clear_filters)
        for widget in (self.status_combo, self.channel_combo, self.category_combo, self.department_combo,
                       QLabel(_("Received from")), self.from_edit, QLabel(_("to")), self.to_edit, clear):  # fmt: skip
            filters.addWidget(widget)
        bottom = make_toolbar("complaint_steps")
        bottom.addAction(self.open_action)
        add_count(bottom, self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(top)
        layout.addWidget(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(bottom)

    def _connect_signals(self) -> None:
        self.search_edit.text_settled.connect(lambda _text: self.apply_filters())
        for combo in (self.status_combo, self.channel_combo, self.category_combo, self.department_combo):
            combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.from_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.to_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.empty_state.activated.connect(self.new_complaint)
        self.no_match_state.activated.connect(self.clear_filters)
        self.view.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._on_model_reset)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_actions())

    def _size_columns(self) -> None:
        metrics = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        samples = {model.COL_NUMBER: "202603-0001 (round 2)", model.COL_RECEIVED: "2026/03/16 09:00",
                   model.COL_ORGANISATION: "深圳市腾讯科技有限公司", model.COL_MATTER: "维修师傅说话不耐烦,态度恶劣",
                   model.COL_CHANNEL: "Callback turned", model.COL_CATEGORY: "Technical quality",
                   model.COL_DEPARTMENT: "客户服务部门", model.COL_STATUS: "Open: Relay to the head"}  # fmt: skip
        for column, sample in samples.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    # -- filters ------------------------------------------------------------------------------------------

    def fill_filter_choices(self) -> None:
        """(Re)fill the filter lists."""
        combos = (self.status_combo, self.channel_combo, self.category_combo, self.department_combo)
        with signals_blocked(*combos):
            for combo in combos:
                combo.clear()
            self.status_combo.addItem(_("All statuses"), None)
            self.status_combo.addItem(_("Overdue"), OVERDUE)
            for key, label in rules.STATUSES.items():
                self.status_combo.addItem(_(label), key)
            self.channel_combo.addItem(_("Any channel"), None)
            for key, label in rules.CHANNELS.items():
                self.channel_combo.addItem(_(label), key)
            self.category_combo.addItem(_("All categories"), None)
            for key in rules.CATEGORIES:
                self.category_combo.addItem(category_label(key), key)
            self.department_combo.addItem(_("Any department"), None)
            for department in ops.query(office.list_departments, parent=self).value or []:
                self.department_combo.addItem(department.name, department.id)

    def query(self) -> ComplaintQuery:
        """The filters and search as the service's query (keeping the order chosen in the header)."""
        return dataclasses.replace(
            self.model.query,
            status=self.status_combo.currentData(),
            channel=self.channel_combo.currentData(),
            category=self.category_combo.currentData(),
            department_id=self.department_combo.currentData(),
            date_from=date_or_none(self.from_edit),
            date_to=date_or_none(self.to_edit),
            text=self.search_edit.text().strip(),
        )

    def apply_filters(self) -> None:
        """Show what the filters and the search select."""
        self.search_edit.cancel_pending()
        self.model.set_query(self.query())

    def clear_filters(self) -> None:
        """Back to every complaint."""
        combos = (self.status_combo, self.channel_combo, self.category_combo, self.department_combo)
        with signals_blocked(self.search_edit, *combos, self.from_edit, self.to_edit):
            self.search_edit.clear()
            for combo in combos:
                combo.setCurrentIndex(0)
            self.from_edit.setDate(NO_DATE)
            self.to_edit.setDate(NO_DATE)
        self.apply_filters()

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.focus_and_select()

    # -- the selected complaint ---------------------------------------------------------------------------

    def selected_row(self) -> ComplaintListRow | None:
        """The complaint of the current row, or None."""
        row: ComplaintListRow | None = current_row(self.view)
        return row

    def select_complaint(self, complaint_id: int) -> bool:
        """Make the row of ``complaint_id`` current (when it is loaded)."""
        return show_row(self.view, self.model.row_of(complaint_id))

    def new_complaint(self) -> ComplaintDialog:
        """Open the entry dialog for a new complaint (Ctrl+N)."""
        dialog = ComplaintDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        self.entry_dialog = dialog
        dialog.open()
        return dialog

    def open_selected(self) -> ComplaintDetail | None:
        """Open the detail of the selected complaint (Enter)."""
        row = self.selected_row()
        return self.open_complaint(row.id) if row is not None else None

    def open_complaint(self, complaint_id: int) -> ComplaintDetail | None:
        """Open the detail of ``complaint_id`` in its own window."""
        result = ops.query(lambda: complaints.get_complaint(complaint_id, now=ops.now()), parent=self)
        if not result.ok or result.value is None:
            return None
        detail = ComplaintDetail(result.value, self)
        detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        detail.open_requested.connect(self.open_complaint)
        detail.destroyed.connect(
            lambda _obj=None, d=detail: self.details.remove(d) if d in self.details else None
        )
        self.details.append(detail)
        detail.show()
        return detail

    def print_selected(self) -> PreviewWindow | None:
        """Preview the selected complaint's handling report, both copies (Ctrl+P)."""
        row = self.selected_row()
        if row is None:
            return None
        self.preview = open_report_preview(row.number, print_language(), self)
        return self.preview

    def print_register(self) -> PreviewWindow | None:
        """Preview the register (表1.1) of the dates filtered, this month when none."""
        query = self.query()
        month = period_of(ops.now().date(), MONTH)
        start: date = query.date_from or month.start
        end: date = query.date_to or (month.end if query.date_from is None else ops.now().date())
        lang = print_language()
        suffix = f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"
        result = ops.query(
            lambda: complaint_list.print_register(start, end, lang=lang, title_suffix=suffix), parent=self
        )
        if not result.ok or result.value is None:
            return None
        self.preview = PreviewWindow(
            result.value,
            title=_("Complaint register {period}").format(period=suffix),
            suggested_name=file_name(f"F06 {suffix}"),
            lang=lang,
            rerender=lambda other: complaint_list.print_register(start, end, lang=other, title_suffix=suffix),
            parent=self,
        )
        self.preview.show()
        return self.preview

    def refresh(self) -> None:
        """Reload filter choices and rows."""
        self.fill_filter_choices()
        self.model.reload(keep_loaded=True)

    # -- slots --------------------------------------------------------------------------------------------

    def _on_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_complaint(row.id)

    def _on_model_reset(self) -> None:
        filtered = self.model.query != dataclasses.replace(
            ComplaintQuery(), sort_key=self.model.query.sort_key, descending=self.model.query.descending
        )
        self.stack.show_for(self.model.total(), filtered=filtered)
        self.count_label.setText(_("{count} complaints").format(count=self.model.total()))
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_actions()

    def _on_saved(self, row: ComplaintRow) -> None:
        self.status_message.emit(_("Complaint {number} is registered.").format(number=row.number))
        self.select_complaint(row.id)

    def _update_actions(self) -> None:
        selected = self.selected_row() is not None
        self.open_action.setEnabled(selected)
        self.print_action.setEnabled(selected)


class ComplaintsPage(Page):
    """The complaint register and the customers' ratings."""

    key = "complaints"
    title = N_("Complaints")
    icon_name = "complaints"
    kinds = ("office", "staff", "performance_rating")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Complaints"), objectName="page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget(objectName="complaints_tabs")
        self.tabs.setDocumentMode(True)
        self.register_panel = ComplaintListPanel()
        self.ratings_panel = RatingsPanel()
        self.tabs.addTab(self.register_panel, _("Register"))
        self.tabs.addTab(self.ratings_panel, _("Customer ratings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.ratings_panel.complaint_made.connect(self._on_complaint_made)

    def refresh(self) -> None:
        """Reload the lists (staff, departments or ratings changed; complaints are followed by the model)."""
        self.register_panel.refresh()
        self.ratings_panel.refresh()

    def _on_complaint_made(self, complaint: ComplaintRow) -> None:
        self.tabs.setCurrentWidget(self.register_panel)
        self.register_panel.select_complaint(complaint.id)


PAGE = ComplaintsPage
