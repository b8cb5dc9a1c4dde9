"""The inquiry tab of the problem-sheet page: the next shift's unfinished items first, then every inquiry.

Seed 000:100-101: the engineer starting a shift must check the unfinished items of the one before and solve
them; this list puts them on top (amber) until someone marks them done or turns them into a problem sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services import inquiries
from desktop.services.inquiries import InquiryRow
from desktop.services.sheets import SheetRow
from desktop.views import ops
from desktop.views.inquiry_dialog import CategoryDialog, InquiryDialog, escalate
from desktop.views.listing import ListStack, SearchBox, current_row, make_action, make_table, make_toolbar
from desktop.views.pages.base import EmptyState
from desktop.views.tablemodels import inquiries as inquiry_model
from desktop.views.tablemodels.inquiries import InquiriesModel

_WIDTHS = {
    inquiry_model.COL_NUMBER: 130,
    inquiry_model.COL_TIME: 120,
    inquiry_model.COL_CUSTOMER: 90,
    inquiry_model.COL_CONTACT: 110,
    inquiry_model.COL_CATEGORY: 80,
    inquiry_model.COL_REQUEST: 220,
    inquiry_model.COL_ANSWER: 180,
    inquiry_model.COL_STATE: 150,
}


class InquiryPanel(QWidget):
    """Inquiries: record, mark done, turn into a problem sheet.

    Signals:
        sheet_filed(object): an inquiry became this :class:`SheetRow`.
    """

    sheet_filed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inquiry_panel")
        self.model = InquiriesModel(self)
        self.view = make_table(
            "inquiry_table", self.model, context_menu=Qt.ContextMenuPolicy.ActionsContextMenu
        )
        header = self.view.horizontalHeader()
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.search_edit = SearchBox(
            "inquiry_search", _("Search customer, contact, site, question or answer")
        )
        self.open_label = QLabel()
        self.open_label.setObjectName("open_count")
        self.new_action = self._action(_("New inquiry…"), "action_new_inquiry", "Ctrl+N", self.new_inquiry)
        self.done_action = self._action(_("Mark done"), "action_mark_done", None, self.mark_done)
        self.sheet_action = self._action(
            _("Turn into problem sheet"), "action_turn_into_sheet", None, self.turn_into_sheet
        )
        self.view.addAction(self.done_action)
        self.view.addAction(self.sheet_action)
        self.empty_state = EmptyState(
            "tickets",
            _("No inquiries yet"),
            _(
                "Every inquiry call is written down here; what is not solved today stays on top for the next shift."
            ),
            _("New inquiry…"),
        )
        self.stack = ListStack(self.view, self.empty_state)
        self.inquiry_dialog: InquiryDialog | None = None
        self.category_dialog: CategoryDialog | None = None
        self._build_layout()
        self._connect_signals()
        self.model.reload()

    def _action(self, text: str, name: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        return make_action(self, text, name, shortcut, slot, context=Qt.ShortcutContext.WindowShortcut)

    def _build_layout(self) -> None:
        bar = make_toolbar()
        bar.addAction(self.new_action)
        bar.addWidget(self.search_edit)
        bar.addAction(self.done_action)
        bar.addAction(self.sheet_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.open_label)
        layout.addWidget(self.stack, 1)

    def _connect_signals(self) -> None:
        self.search_edit.text_settled.connect(self.model.set_text)
        self.empty_state.activated.connect(self.new_inquiry)
        self.view.activated.connect(lambda _index: self.open_selected())
        self.model.modelReset.connect(self._on_model_reset)
        self.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_actions()
        )

    # -- public -------------------------------------------------------------------------------------------

    def selected_row(self) -> InquiryRow | None:
        """The inquiry of the current row, or None."""
        row: InquiryRow | None = current_row(self.view)
        return row

    def select_inquiry(self, inquiry_id: int) -> bool:
        """Make the row of ``inquiry_id`` current."""
        row = self.model.row_of(inquiry_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        return row >= 0

    def new_inquiry(self) -> InquiryDialog:
        """Open the inquiry dialog (Ctrl+N on this tab)."""
        dialog = InquiryDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sheet_filed.connect(self.sheet_filed)
        self.inquiry_dialog = dialog
        dialog.open()
        return dialog

    def open_selected(self) -> InquiryDialog | None:
        """Enter / double click: open the selected inquiry to read or complete it."""
        row = self.selected_row()
        if row is None:
            return None
        dialog = InquiryDialog(self, inquiry=row)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sheet_filed.connect(self.sheet_filed)
        self.inquiry_dialog = dialog
        dialog.open()
        return dialog

    def mark_done(self) -> InquiryRow | None:
        """The selected unfinished item is solved: it leaves the top of the list."""
        row = self.selected_row()
        if row is None or not row.open:
            return None
        result = ops.run(
            lambda by, now: inquiries.mark_done(row.id, by=by, now=now), parent=self, kind="inquiry"
        )
        return result.value if result.ok else None

    def turn_into_sheet(self) -> SheetRow | CategoryDialog | None:
        """File a problem sheet from the selected inquiry (asking the category only when it has none)."""
        row = self.selected_row()
        if row is None or row.sheet_id is not None:
            return None
        if row.category:
            return self._escalate(row, row.category)
        dialog = CategoryDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda key: self._escalate(row, key))
        self.category_dialog = dialog
        dialog.open()
        return dialog

    def refresh(self) -> None:
        """Reload the list."""
        self.model.reload()

    # -- helpers ------------------------------------------------------------------------------------------

    def _escalate(self, row: InquiryRow, category: str) -> SheetRow | None:
        sheet = escalate(row, category, self)
        if sheet is not None:
            self.sheet_filed.emit(sheet)
        return sheet

    def _on_model_reset(self) -> None:
        self.stack.show_for(self.model.rowCount(), filtered=bool(self.model.text))
        count = self.model.open_count()
        self.open_label.setText(
            _("{count} unfinished items for this shift, on top in amber.").format(count=count)
            if count
            else _("Nothing left unfinished by the last shift.")
        )
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.done_action.setEnabled(row is not None and row.open)
        self.sheet_action.setEnabled(row is not None and row.sheet_id is None)
