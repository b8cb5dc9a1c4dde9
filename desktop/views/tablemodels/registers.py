"""One lazy table model for every small register: the form's columns, the form's way of showing each value.

A register (visitors, archive list, loans, disposals, notices, phone notices) is a
:class:`~desktop.services.register_book.Book` whose list rows carry their values in the form's vocabulary, so
the columns are the printed register's columns (``forms/<slug>.toml``) plus a status column, and each cell is
shown by its field type (dates, times, options in the screen's language). Rows come a page at a time from SQL
(``canFetchMore``/``fetchMore``); a click on a header asks the service for that order. Rows that need the desk
(an overdue file, a visitor still on site after closing, a notice to take down) are red.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop import i18n
from desktop.formspec.model import FieldDef
from desktop.formspec.types import display_value
from desktop.i18n import N_, _
from desktop.services.register_book import Book, RegisterQuery, RegisterRow, get_book
from desktop.views import ops
from desktop.views.events import record_events

#: Rows asked of the service at a time.
PAGE_SIZE = 200
#: The role carrying a row's record id.
ID_ROLE = Qt.ItemDataRole.UserRole
#: The role carrying the whole :class:`RegisterRow`.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_HEADER = N_("Status")
ATTENTION_BACKGROUND = QColor("#fde2e1")
ATTENTION_FOREGROUND = QColor("#a3000f")

_Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    """The records of one register matching :attr:`query`, fetched a page at a time.

    Args:
        slug: the register's form (``visitor_register`` …).
        hidden: form keys not shown as columns (e.g. the unit on the per-unit archive list).

    Attributes:
        query: the filters and order now shown (change with :meth:`set_query` or ``sort``).
        fields: the form fields shown as columns, in order; the status column comes last when the book has
            statuses.
    """

    def __init__(
        self,
        slug: str,
        parent: QObject | None = None,
        *,
        hidden: tuple[str, ...] = (),
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.slug = slug
        self.book: Book = get_book(slug)
        form = self.book.form
        self.fields: tuple[FieldDef, ...] = tuple(
            form.field(column.field)
            for column in form.columns
            if column.field not in hidden and form.field(column.field).type != "signature"
        )
        self.has_status = bool(self.book.statuses)
        self.query = RegisterQuery()
        self.page_size = page_size
        self._rows: list[RegisterRow] = []
        self._total = 0
        self._now = datetime.min
        self._lang = i18n.ui_language()
        record_events().records_changed.connect(self._on_records_changed)

    # -- public -------------------------------------------------------------------------------------------

    def set_query(self, query: RegisterQuery) -> None:
        """Show the records ``query`` selects, from the first page."""
        self.query = query
        self.reload()

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Ask the service again; ``keep_loaded`` refetches as many rows as were loaded."""
        wanted = max(self.page_size, len(self._rows)) if keep_loaded else self.page_size
        self.beginResetModel()
        self._now = ops.now()
        self._lang = i18n.ui_language()
        query, now, book = self.query, self._now, self.book
        total = ops.query(lambda: book.count(query, now=now), parent=None)
        rows = ops.query(lambda: book.rows(query, now=now, offset=0, limit=wanted), parent=None)
        self._total = (total.value or 0) if total.ok else 0
        self._rows = list(rows.value or []) if rows.ok else []
        self.endResetModel()

    def total(self) -> int:
        """How many records match the query (loaded or not)."""
        return self._total

    def row_at(self, row: int) -> RegisterRow | None:
        """The record on ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: int) -> int:
        """The row showing record ``record_id``, or -1 when it is not loaded."""
        return next((index for index, row in enumerate(self._rows) if row.id == record_id), -1)

    def status_label(self, status: str) -> str:
        """The translated label of a status key of this register."""
        label = self.book.statuses.get(status)
        return _(label) if label else status

    def column_of(self, key: str) -> int:
        """The column showing form key ``key``, or -1."""
        return next((index for index, field in enumerate(self.fields) if field.key == key), -1)

    # -- Qt overrides -------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.fields) + (1 if self.has_status else 0)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if 0 <= section < len(self.fields):
            return self.fields[section].label.get(self._lang)
        if self.has_status and section == len(self.fields):
            return _(STATUS_HEADER)
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
        if role == Qt.ItemDataRole.BackgroundRole and row.attention:
            return QBrush(ATTENTION_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.attention:
            return QBrush(ATTENTION_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and column < len(self.fields):
            text = self._display(row, column)
            return text if len(text) > 20 else None
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or len(self._rows) >= self._total:
            return
        query, now, book, offset = self.query, self._now, self.book, len(self._rows)
        result = ops.query(
            lambda: book.rows(query, now=now, offset=offset, limit=self.page_size), parent=None
        )
        rows = list(result.value or []) if result.ok else []
        if not rows:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.fields):
            return
        key = self.fields[column].key
        if key not in self.book.sort_keys and key != self.book.date_key:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort_key == key and self.query.descending == descending and self._rows:
            return
        self.set_query(dataclasses.replace(self.query, sort_key=key, descending=descending))

    # -- helpers ------------------------------------------------------------------------------------------

    def _display(self, row: RegisterRow, column: int) -> str:
        if column < len(self.fields):
            field = self.fields[column]
            value = row.values.get(field.key)
            if value is None or value == "":
                return ""
            return display_value(field, value, self._lang)
        if self.has_status and column == len(self.fields):
            return self.status_label(row.status)
        return ""

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == self.slug:
            self.reload(keep_loaded=True)


class TallyDaysModel(QAbstractTableModel):
    """Calls per category on each day of a period, with the 正 strokes, and a total line (F05).

    Columns: the day, one per category (count and strokes), the day's total. The last row sums the period.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from desktop.services import call_tally

        self._categories = call_tally.CATEGORIES
        self._days: list[tuple[date | None, dict[str, int]]] = []
        self._lang = i18n.ui_language()

    def set_days(self, days: dict[date, dict[str, int]]) -> None:
        """Show ``days`` (day → category → calls) and their total."""
        self.beginResetModel()
        self._lang = i18n.ui_language()
        ordered: list[tuple[date | None, dict[str, int]]] = [(day, days[day]) for day in sorted(days)]
        total = {key: sum(counts.get(key, 0) for counts in days.values()) for key in self._categories}
        self._days = [*ordered, (None, total)]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._days)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._categories) + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        from desktop.services import call_tally

        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Date")
        if 1 <= section <= len(self._categories):
            return call_tally.category_label(self._categories[section - 1], self._lang)
        if section == len(self._categories) + 1:
            return _("Total")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        from desktop.rules.registers import tally_strokes

        if not index.isValid() or not 0 <= index.row() < len(self._days):
            return None
        day, counts = self._days[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return i18n.format_date(day, self._lang) if day is not None else _("Total")
            if 1 <= column <= len(self._categories):
                count = counts.get(self._categories[column - 1], 0)
                return f"{count}  {tally_strokes(count)}" if count else "0"
            if column == len(self._categories) + 1:
                return str(sum(counts.values()))
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and day is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None
