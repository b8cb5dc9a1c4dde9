"""The callback book: every callback with filters, sortable columns, the callback rate, calling and printing.

The rate of the month is shown above the list against the seed's target of 100 % (001:1398, 1688, 1698).
Double-click or Enter on a pending callback opens the callback dialog; "Print" prints the selected record,
"Register" the day's or the month's register (seed 001:1696 "每月汇总").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import N_, _
from desktop.rules import callbacks as rules
from desktop.services import callback_list
from desktop.services.callback_list import CallbackListRow, CallbackQuery
from desktop.services.callback_rows import CANCELLED, DONE, PENDING
from desktop.views import ops
from desktop.views.pages.base import Page
from desktop.views.tablemodels.phone_mask import PhoneMask

#: (sort key, header) of the columns.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", N_("No.")),
    ("customer_name", N_("Customer")),
    ("purpose", N_("Purpose")),
    ("due_at", N_("Due")),
    ("attempts", N_("Attempts")),
    ("status", N_("Status")),
    ("done_at", N_("Done")),
)
_CUSTOMER_COLUMN = [key for key, _label in COLUMNS].index("customer_name")
STATUS_FILTERS: tuple[tuple[str | None, str], ...] = (
    (PENDING, N_("To call")),
    (callback_list.OVERDUE, N_("Overdue")),
    (DONE, N_("Done")),
    (CANCELLED, N_("Cancelled")),
    (None, N_("All")),
)
STATUS_LABELS = {PENDING: N_("To call"), DONE: N_("Done"), CANCELLED: N_("Cancelled")}
SATISFACTION_LABELS = {
    "satisfied": N_("Satisfied"),
    "average": N_("Average"),
    "dissatisfied": N_("Not satisfied"),
}


class CallbackTableModel(QAbstractTableModel):
    """Rows of the callback list (one page, sorted and filtered in SQL by the page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CallbackListRow] = []
        self.phone_mask = PhoneMask(self)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, _CUSTOMER_COLUMN))

    def set_rows(self, rows: list[CallbackListRow]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CallbackListRow | None:
        """The callback on table row ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section][1])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key in ("due_at", "status") and row.status == PENDING:
            return QBrush(QColor("#c0392b" if row.overdue else "#1e8449"))
        return None

    def _text(self, row: CallbackListRow, key: str) -> str:
        lang = i18n.ui_language()
        if key == "purpose":
            return _(rules.PURPOSE_LABELS.get(row.purpose, row.purpose))
        if key == "due_at":
            return i18n.format_datetime(row.due_at, lang, "short")
        if key == "status":
            text = _(STATUS_LABELS.get(row.status, row.status))
            if row.status == PENDING and row.overdue:
                text = _("Overdue")
            if row.satisfaction:
                text = _("{status}: {satisfaction}").format(
                    status=text, satisfaction=_(SATISFACTION_LABELS.get(row.satisfaction, row.satisfaction))
                )
            return text
        if key == "done_at":
            return i18n.format_datetime(row.done_at, lang, "short") if row.done_at else ""
        if key == "customer_name":
            return f"{row.customer_name} {self.phone_mask(row.phone)}".strip()
        return str(getattr(row, key))


class CallbacksPage(Page):
    """The callback book."""

    key = "callbacks"
    title = N_("Callbacks")
    icon_name = "callbacks"
    kinds = ("callback",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sort_key = "due_at"
        self.descending = False
        self.rate_label = QLabel()
        self.rate_label.setObjectName("callback_rate")
        self.rate_label.setWordWrap(True)
        font = self.rate_label.font()
        font.setBold(True)
        self.rate_label.setFont(font)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        for key, label in STATUS_FILTERS:
            self.status_filter.addItem(_(label), key)
        self.purpose_filter = QComboBox()
        self.purpose_filter.setObjectName("purpose_filter")
        self.purpose_filter.addItem(_("Every purpose"), None)
        for key in rules.PURPOSES:
            self.purpose_filter.addItem(_(rules.PURPOSE_LABELS[key]), key)
        self.search = QLineEdit()
        self.search.setObjectName("callback_search")
        self.search.setPlaceholderText(_("Search number, customer, phone, site"))
        self.search.setClearButtonEnabled(True)
        self.call_button = QPushButton(_("Call…"))
        self.call_button.setObjectName("call_button")
        self.print_button = QPushButton(_("Print record"))
        self.print_button.setObjectName("print_callback")
        self.day_button = QPushButton(_("Today's register"))
        self.day_button.setObjectName("print_day_register")
        self.month_button = QPushButton(_("This month's register"))
        self.month_button.setObjectName("print_month_register")
        self.model = CallbackTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("callback_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.purpose_filter)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.call_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.day_button)
        buttons.addWidget(self.month_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rate_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.status_filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.purpose_filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.table.horizontalHeader().sectionClicked.connect(self.sort_by)
        # Enter or a double click on a row (activated): call a pending callback, print a finished one.
        self.table.activated.connect(lambda _index: self.call_selected())
        self.call_button.clicked.connect(self.call_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.day_button.clicked.connect(lambda: self.print_register(month=False))
        self.month_button.clicked.connect(lambda: self.print_register(month=True))

    # --- data --------------------------------------------------------------------------------------------

    def query(self) -> CallbackQuery:
        """The list's filters and order as a service query."""
        return CallbackQuery(
            status=self.status_filter.currentData(),
            purpose=self.purpose_filter.currentData(),
            text=self.search.text(),
            sort_key=self.sort_key,
            descending=self.descending,
        )

    def refresh(self) -> None:
        """Reload the list and the rate."""
        now = ops.now()
        result = ops.query(
            lambda: callback_list.list_callbacks(self.query(), now=now, limit=500), parent=self
        )
        if result.ok and result.value is not None:
            self.model.set_rows(result.value)
        start, end = callback_list.month_period(now.date())
        rate = ops.query(lambda: callback_list.callback_rate(start, end, now=now), parent=self).value
        if rate is not None:
            lang = i18n.ui_language()
            self.rate_label.setText(
                _(
                    "Callback rate this month: {rate} ({done} of {due} made), on time {on_time}. Target: 100 %."
                ).format(
                    rate=i18n.format_percent(rate.rate, lang),
                    done=rate.done,
                    due=rate.due,
                    on_time=i18n.format_percent(rate.on_time_rate, lang),
                )
            )
            self.rate_label.setStyleSheet("color: #1e8449;" if rate.rate >= 1 else "color: #b9770e;")

    def sort_by(self, section: int) -> None:
        """Sort by column ``section`` (again: the other way round)."""
        key = COLUMNS[section][0]
        self.descending = not self.descending if key == self.sort_key else False
        self.sort_key = key
        order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self.refresh()

    def selected_row(self) -> CallbackListRow | None:
        """The callback selected in the table."""
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # --- actions -----------------------------------------------------------------------------------------

    def call_selected(self) -> object:
        """Open the callback dialog of the selected callback (pending) or print it (finished)."""
        row = self.selected_row()
        if row is None:
            return None
        if row.status != PENDING:
            return self.print_selected()
        from desktop.views.callback_dialog import open_callback

        return open_callback(row.id, self.window())

    def print_selected(self) -> object:
        """Preview the selected callback's record."""
        row = self.selected_row()
        if row is None:
            return None
        number = row.number
        return self._preview(lambda lang: callback_list.print_callback(number, lang=lang), number)

    def print_register(self, *, month: bool) -> object:
        """Preview today's or this month's register of callbacks made."""
        today = ops.now().date()
        start, end = callback_list.month_period(today) if month else (today, today)
        suffix = f"{start:%Y-%m}" if month else today.isoformat()
        return self._preview(
            lambda lang: callback_list.print_callback_register(start, end, lang=lang, title_suffix=suffix),
            suffix,
        )

    def _preview(self, render: Any, label: str) -> object:
        from desktop.views.forms_menu import file_name, print_language
        from desktop.views.preview import PreviewWindow

        lang = print_language()
        result = ops.query(lambda: render(lang), parent=self)
        if not result.ok or result.value is None:
            return None
        form = load_form("callback_record")
        window = PreviewWindow(
            result.value,
            title=f"{form.title.get(i18n.ui_language())} {label}",
            suggested_name=file_name(f"{form.code} {label}"),
            lang=lang,
            rerender=render,
            parent=self.window(),
        )
        window.show()
        return window


PAGE = CallbacksPage
