"""The one lazy, service-sorted table model every big book's list is built on (STYLE 17-18).

A book can hold hundreds of thousands of rows (TECH-NOTES: loading 100,000 rows costs 0.9 s before the first
paint, a lazy model 0.27 s), so a list keeps only the rows fetched so far and asks the service for the next
page when the view scrolls near the end (Qt's ``fetchmore`` example, Anki's ``DataModel``). The filters and the
order are one query dataclass with ``sort_key`` and ``descending``: a click on a header asks the service for
that order, never a proxy model. When a record of the list's kind is saved anywhere, the list asks again.

What stays in each list's module is what differs: the columns, how a cell reads, its colours. A subclass sets
:attr:`PagedTableModel.HEADERS`, :attr:`~PagedTableModel.SORT_KEYS` and :attr:`~PagedTableModel.kinds` and
implements :meth:`~PagedTableModel.fetch` and :meth:`~PagedTableModel.display` (and :meth:`~PagedTableModel.count`
when the service can count), and answers colours, tooltips, alignment or fonts through the hooks of the same
name. A list whose rows are not one paged query (the inquiry log: open items, then pages of the rest) keeps the
rest and overrides ``reload`` and ``fetchMore``.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.i18n import _
from desktop.views import ops
from desktop.views.events import record_events

#: The role carrying a row's record id.
ID_ROLE = Qt.ItemDataRole.UserRole
#: The role carrying the whole row.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows asked of the service at a time, unless a list says otherwise.
PAGE_SIZE = 200


class _Record(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=_Record)
_Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """The rows matching :attr:`query`, fetched a page at a time and sorted by the service.

    Rows are the service's list dataclasses; each has an ``id``.

    Attributes:
        query: the filters and order now shown (change with :meth:`set_query` or ``sort``).
        page_size: rows asked of the service at a time.
    """

    #: Column headers, marked with ``N_`` and translated when shown.
    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: The service's sort key per column; None (or "") where a column cannot be sorted.
    SORT_KEYS: ClassVar[tuple[str | None, ...]] = ()
    #: Record-event kinds that change this list (an instance may set its own).
    kinds: tuple[str, ...] = ()
    #: A change of :attr:`kinds` refetches every loaded row (the view keeps its place) rather than the first page.
    keep_loaded_on_change: ClassVar[bool] = True

    def __init__(self, query: Any, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.query = query
        self.page_size = page_size
        self._rows: list[Row] = []
        self._total = 0
        self._more = False
        self._counted = True
        self._now = datetime.min
        record_events().records_changed.connect(self._on_records_changed)

    # -- what a list implements -----------------------------------------------------------------------------

    def fetch(self, query: Any, *, now: datetime, offset: int, limit: int) -> list[Row]:
        """The service's rows ``offset`` … ``offset + limit`` for ``query`` at ``now``."""
        raise NotImplementedError

    def count(self, query: Any, *, now: datetime) -> int | None:
        """How many rows ``query`` selects; None when the service cannot count (page until a short page)."""
        return None

    def display(self, row: Row, column: int) -> str:
        """The text of ``row`` in ``column``."""
        raise NotImplementedError

    def background(self, row: Row, column: int) -> QColor | None:
        """The cell's background colour (None: the view's)."""
        return None

    def foreground(self, row: Row, column: int) -> QColor | None:
        """The cell's text colour (None: the view's)."""
        return None

    def tooltip(self, row: Row, column: int) -> str | None:
        """The cell's tooltip."""
        return None

    def alignment(self, row: Row, column: int) -> Qt.AlignmentFlag | None:
        """The cell's alignment (None: the view's)."""
        return None

    def font(self, row: Row, column: int) -> QFont | None:
        """The cell's font (None: the view's)."""
        return None

    def role_data(self, row: Row, column: int, role: int) -> Any:
        """Any other role a list answers (e.g. an accessible description)."""
        return None

    def column_count(self) -> int:
        """How many columns the list has."""
        return len(self.HEADERS)

    def header(self, section: int) -> str | None:
        """The translated header of column ``section``."""
        return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None

    def sort_key(self, column: int) -> str | None:
        """The service's sort key for ``column``, or None when it cannot be sorted."""
        return self.SORT_KEYS[column] or None if 0 <= column < len(self.SORT_KEYS) else None

    # -- public ---------------------------------------------------------------------------------------------

    def set_query(self, query: Any) -> None:
        """Show the rows ``query`` selects, from the first page."""
        self.query = query
        self.reload()

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Ask the service again; ``keep_loaded`` refetches as many rows as were loaded (a refresh in place)."""
        wanted = max(self.page_size, len(self._rows)) if keep_loaded else self.page_size
        self.beginResetModel()
        self._now = ops.now()
        query, now = self.query, self._now
        total = ops.query(lambda: self.count(query, now=now), parent=None)
        rows = ops.query(lambda: self.fetch(query, now=now, offset=0, limit=wanted), parent=None)
        self._rows = list(rows.value or []) if rows.ok else []
        self._counted = not (total.ok and total.value is None)
        if self._counted:
            self._total = (total.value or 0) if total.ok else 0
            self._more = len(self._rows) < self._total
        else:  # more while the pages come back full
            self._total = len(self._rows)
            self._more = len(self._rows) == wanted
        self.endResetModel()

    def total(self) -> int:
        """How many rows match the query, loaded or not (the loaded ones when the service cannot count)."""
        return self._total

    def row_at(self, row: int) -> Row | None:
        """The record on ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def ids(self) -> list[int]:
        """The ids of the rows loaded so far, in order."""
        return [row.id for row in self._rows]

    def row_of(self, record_id: int) -> int:
        """The row showing record ``record_id``, or -1 when it is not loaded."""
        return next((index for index, row in enumerate(self._rows) if row.id == record_id), -1)

    # -- Qt overrides ---------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.column_count()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header(section)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            color = self.background(row, column)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.foreground(row, column)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            flags = self.alignment(row, column)
            return int(flags) if flags is not None else None
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row, column)
        return self.role_data(row, column, role)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or not self._more:
            return
        query, now, offset, limit = self.query, self._now, len(self._rows), self.page_size
        result = ops.query(lambda: self.fetch(query, now=now, offset=offset, limit=limit), parent=None)
        rows = list(result.value or []) if result.ok else []
        if not rows:
            self._total, self._more = offset, False  # the book shrank meanwhile: stop asking
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        if self._counted:
            self._more = len(self._rows) < self._total
        else:
            self._total, self._more = len(self._rows), len(rows) == limit

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.sort_key(column)
        if not key:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort_key == key and self.query.descending == descending and self._rows:
            return
        self.set_query(dataclasses.replace(self.query, sort_key=key, descending=descending))

    # -- helpers --------------------------------------------------------------------------------------------

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in self.kinds:
            self.reload(keep_loaded=self.keep_loaded_on_change)
