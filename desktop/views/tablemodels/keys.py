"""The key register as a lazy table model: pages of :class:`~desktop.services.keys.KeyRow` from SQL.

Same pattern as the sheet list (STYLE 17-18): the filters and the order are a
:class:`~desktop.services.keys.KeyQuery`, a header click asks the service for that order, rows are fetched a
page at a time. Keys that are out show the holder and phone and when they are due back; overdue keys are red,
keys out due today amber.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop import i18n
from desktop.i18n import N_, _
from desktop.rules import keys as rules
from desktop.services import keys
from desktop.services.keys import KeyQuery, KeyRow
from desktop.views import ops
from desktop.views.events import record_events

COL_LABEL = 0
COL_CATEGORY = 1
COL_BUILDING = 2
COL_QUANTITY = 3
COL_HOOK = 4
COL_CUSTODIAN = 5
COL_STATUS = 6
COL_HOLDER = 7
COL_DUE = 8

HEADERS: tuple[str, ...] = (
    N_("Label"),
    N_("Kind of key"),
    N_("Building"),
    N_("Keys"),
    N_("Hook"),
    N_("Custodian"),
    N_("Status"),
    N_("Holder"),
    N_("Due back"),
)
#: The service's sort key per column ("" = not sortable).
SORT_KEYS: tuple[str, ...] = (
    "label",
    "category",
    "building",
    "quantity",
    "hook",
    "custodian",
    "status",
    "",
    "",
)

PAGE_SIZE = 300
ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: Record-event kinds that change the register.
KINDS: tuple[str, ...] = (
    "key",
    "key_loan",
    "key_receipt",
    "key_count",
    "key_lost_report",
    "key_copy_request",
)

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#a3000f")
OUT_BACKGROUND = QColor("#fff1c2")
OUT_FOREGROUND = QColor("#6b4a00")

_Index = QModelIndex | QPersistentModelIndex


def category_label(category: str) -> str:
    """The translated name of a key category."""
    return _(rules.CATEGORIES.get(category, category))


def status_label(status: str) -> str:
    """The translated name of a key status."""
    return _(rules.STATUSES.get(status, status))


class KeysModel(QAbstractTableModel):
    """The key sets matching :attr:`query`, fetched a page at a time, sorted by the service."""

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.query = KeyQuery()
        self.page_size = page_size
        self._rows: list[KeyRow] = []
        self._total = 0
        self._now = datetime.min
        record_events().records_changed.connect(self._on_records_changed)

    # -- public -------------------------------------------------------------------------------------------

    def set_query(self, query: KeyQuery) -> None:
        """Show the key sets ``query`` selects, from the first page."""
        self.query = query
        self.reload()

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Ask the service again; ``keep_loaded`` refetches as many rows as were loaded."""
        wanted = max(self.page_size, len(self._rows)) if keep_loaded else self.page_size
        self.beginResetModel()
        self._now = ops.now()
        query, now = self.query, self._now
        total = ops.query(lambda: keys.count_keys(query, now=now), parent=None)
        rows = ops.query(lambda: keys.list_keys(query, now=now, offset=0, limit=wanted), parent=None)
        self._total = (total.value or 0) if total.ok else 0
        self._rows = list(rows.value or []) if rows.ok else []
        self.endResetModel()

    def total(self) -> int:
        """How many key sets match the query."""
        return self._total

    def row_at(self, row: int) -> KeyRow | None:
        """The key set on ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key_id: int) -> int:
        """The row showing key set ``key_id``, or -1 when it is not loaded."""
        return next((index for index, row in enumerate(self._rows) if row.id == key_id), -1)

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
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.loan_id is not None:
            return QBrush(OVERDUE_BACKGROUND if row.overdue else OUT_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.loan_id is not None:
            return QBrush(OVERDUE_FOREGROUND if row.overdue else OUT_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and row.loan_id is not None and row.due_at is not None:
            moment = i18n.format_datetime(row.due_at, length="short")
            if row.overdue:
                return _("Overdue since {moment}").format(moment=moment)
            return _("Due back at {moment}").format(moment=moment)
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or len(self._rows) >= self._total:
            return
        query, now, offset = self.query, self._now, len(self._rows)
        result = ops.query(
            lambda: keys.list_keys(query, now=now, offset=offset, limit=self.page_size), parent=None
        )
        rows = list(result.value or []) if result.ok else []
        if not rows:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS) or not SORT_KEYS[column]:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort_key == SORT_KEYS[column] and self.query.descending == descending and self._rows:
            return
        self.set_query(dataclasses.replace(self.query, sort_key=SORT_KEYS[column], descending=descending))

    # -- helpers ------------------------------------------------------------------------------------------

    def _display(self, row: KeyRow, column: int) -> str:
        if column == COL_LABEL:
            return row.label
        if column == COL_CATEGORY:
            return category_label(row.category)
        if column == COL_BUILDING:
            return row.building
        if column == COL_QUANTITY:
            return str(row.quantity)
        if column == COL_HOOK:
            return row.hook
        if column == COL_CUSTODIAN:
            return row.custodian
        if column == COL_STATUS:
            return status_label(row.status)
        if column == COL_HOLDER:
            if row.loan_id is None:
                return ""
            return _("{name} {phone}").format(name=row.borrower, phone=row.borrower_phone).strip()
        if column == COL_DUE:
            if row.due_at is None:
                return ""
            same_day = row.due_at.date() == self._now.date()
            text = (
                i18n.format_time(row.due_at.time())
                if same_day
                else i18n.format_datetime(row.due_at, length="short")
            )
            return _("{moment} (overdue)").format(moment=text) if row.overdue else text
        return ""

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in KINDS:
            self.reload(keep_loaded=True)
