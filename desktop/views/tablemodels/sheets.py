"""The problem-sheet list as a lazy table model: pages of :class:`~desktop.services.sheets.SheetListRow` from SQL.

The book can hold hundreds of thousands of sheets (TECH-NOTES: loading 100,000 rows costs 0.9 s before the first
paint, a lazy model 0.27 s), so the model keeps the rows fetched so far and asks the service for the next page
when the view scrolls near the end (Qt's ``fetchmore`` example, Anki's ``DataModel``). Filters and the order are a
:class:`~desktop.services.sheets.SheetQuery`: a click on a header asks the service for that order, never a proxy
model. Overdue rows are red, rows due today amber, statuses shown with their translated label.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import N_, _
from desktop.rules import sheet_workflow
from desktop.services import sheets
from desktop.services.sheets import SheetListRow, SheetQuery
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.tablemodels.phone_mask import PhoneMask

COL_NUMBER = 0
COL_RECEIVED = 1
COL_CATEGORY = 2
COL_CUSTOMER = 3
COL_MOBILE = 4
COL_HANDLER = 5
COL_DEPARTMENT = 6
COL_STATUS = 7
COL_DUE = 8

HEADERS: tuple[str, ...] = (
    N_("No."),
    N_("Received at"),
    N_("Category"),
    N_("Customer"),
    N_("Mobile"),
    N_("Handler"),
    N_("Department"),
    N_("Status"),
    N_("Due"),
)

#: The service's sort key for each column (the same order as :data:`desktop.services.sheets.SORT_KEYS`).
SORT_KEYS: tuple[str, ...] = (
    "number",
    "received_at",
    "category",
    "customer_name",
    "mobile",
    "handler",
    "department",
    "status",
    "due",
)

#: Rows asked of the service at a time.
PAGE_SIZE = 200

#: The role carrying a row's sheet id.
ID_ROLE = Qt.ItemDataRole.UserRole
#: The role carrying the whole :class:`SheetListRow`.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#a3000f")
DUE_TODAY_BACKGROUND = QColor("#fff1c2")
DUE_TODAY_FOREGROUND = QColor("#6b4a00")

_Index = QModelIndex | QPersistentModelIndex


def category_labels(lang: str | None = None) -> dict[str, str]:
    """Category key → label in ``lang``: the office's categories (Settings), then the form's own options."""
    lang = lang or i18n.ui_language()
    labels = {
        option.key: option.label.get(lang) for option in load_form("problem_sheet").field("category").options
    }
    result = ops.query(sheets.categories, parent=None)
    for category in result.value or []:
        labels[category.key] = category.label(lang)
    return labels


def status_label(status: str) -> str:
    """The translated label of a workflow status."""
    return _(sheet_workflow.STATUS_LABELS.get(status, status))


class SheetsModel(QAbstractTableModel):
    """The sheets matching :attr:`query`, fetched a page at a time, sorted by the service.

    Attributes:
        query: the filters and order now shown (change with :meth:`set_query` or ``sort``).
    """

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.query = SheetQuery()
        self.page_size = page_size
        self._rows: list[SheetListRow] = []
        self._total = 0
        self._now = datetime.min
        self._categories = category_labels()
        self.phone_mask = PhoneMask(self)
        record_events().records_changed.connect(self._on_records_changed)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, COL_MOBILE))

    # -- public -------------------------------------------------------------------------------------------

    def set_query(self, query: SheetQuery) -> None:
        """Show the sheets ``query`` selects, from the first page."""
        self.query = query
        self.reload()

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Ask the service again; ``keep_loaded`` refetches as many rows as were loaded (a refresh in place)."""
        wanted = max(self.page_size, len(self._rows)) if keep_loaded else self.page_size
        self.beginResetModel()
        self._now = ops.now()
        query = self.query
        now = self._now
        total = ops.query(lambda: sheets.count_sheets(query, now=now), parent=None)
        rows = ops.query(lambda: sheets.list_sheets(query, now=now, offset=0, limit=wanted), parent=None)
        self._total = (total.value or 0) if total.ok else 0
        self._rows = list(rows.value or []) if rows.ok else []
        self.endResetModel()

    def total(self) -> int:
        """How many sheets match the query (loaded or not)."""
        return self._total

    def row_at(self, row: int) -> SheetListRow | None:
        """The sheet on ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def ids(self) -> list[int]:
        """The ids of the rows loaded so far, in order."""
        return [row.id for row in self._rows]

    def row_of(self, sheet_id: int) -> int:
        """The row showing sheet ``sheet_id``, or -1 when it is not loaded."""
        return next((index for index, row in enumerate(self._rows) if row.id == sheet_id), -1)

    # -- Qt overrides -------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.overdue:
                return QBrush(OVERDUE_BACKGROUND)
            if self._due_today(row):
                return QBrush(DUE_TODAY_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return QBrush(OVERDUE_FOREGROUND)
            if self._due_today(row):
                return QBrush(DUE_TODAY_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.overdue:
                return _("Overdue since {moment}").format(moment=i18n.format_datetime(row.due_at))
            if row.due_at is not None and self._due_today(row):
                return _("Due today at {time}").format(time=i18n.format_time(row.due_at.time()))
            return None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and row.overdue:
            return _("Overdue")
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or len(self._rows) >= self._total:
            return
        query = self.query
        now = self._now
        offset = len(self._rows)
        result = ops.query(
            lambda: sheets.list_sheets(query, now=now, offset=offset, limit=self.page_size), parent=None
        )
        rows = list(result.value or []) if result.ok else []
        if not rows:
            self._total = len(self._rows)  # the book shrank meanwhile: stop asking
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort_key == SORT_KEYS[column] and self.query.descending == descending and self._rows:
            return
        self.set_query(dataclasses.replace(self.query, sort_key=SORT_KEYS[column], descending=descending))

    # -- helpers ------------------------------------------------------------------------------------------

    def _display(self, row: SheetListRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_RECEIVED:
            return i18n.format_datetime(row.received_at, length="short")
        if column == COL_CATEGORY:
            return self._categories.get(row.category, row.category)
        if column == COL_CUSTOMER:
            return row.customer_name
        if column == COL_MOBILE:
            return self.phone_mask(row.mobile)
        if column == COL_HANDLER:
            return row.handler_name
        if column == COL_DEPARTMENT:
            return row.department_name
        if column == COL_STATUS:
            return status_label(row.status)
        if column == COL_DUE:
            if row.due_at is None:
                return ""
            text = i18n.format_datetime(row.due_at, length="short")
            return _("{moment} (overdue)").format(moment=text) if row.overdue else text
        return ""

    def _due_today(self, row: SheetListRow) -> bool:
        return row.due_at is not None and not row.overdue and row.due_at.date() == self._now.date()

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == "problem_sheet":
            self.reload(keep_loaded=True)
