"""One lazy table model for every small register: the form's columns, the form's way of showing each value.

A register (visitors, archive list, loans, disposals, notices, phone notices) is a
:class:`~desktop.services.register_book.Book` whose list rows carry their values in the form's vocabulary, so
the columns are the printed register's columns (``forms/<slug>.toml``) plus a status column, and each cell is
shown by its field type (dates, times, options in the screen's language). Rows come a page at a time from SQL
and a click on a header asks the service for that order
(:class:`~desktop.views.tablemodels.paged.PagedTableModel`). Rows that need the desk
(an overdue file, a visitor still on site after closing, a notice to take down) are red.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop import i18n
from desktop.formspec.model import FieldDef
from desktop.formspec.types import display_value
from desktop.i18n import N_, _
from desktop.services.register_book import Book, RegisterQuery, RegisterRow, get_book
from desktop.views.tablemodels.paged import ID_ROLE as ID_ROLE  # the roles every list answers
from desktop.views.tablemodels.paged import PAGE_SIZE, PagedTableModel
from desktop.views.tablemodels.paged import ROW_ROLE as ROW_ROLE

STATUS_HEADER = N_("Status")
ATTENTION_BACKGROUND = QColor("#fde2e1")
ATTENTION_FOREGROUND = QColor("#a3000f")

_Index = QModelIndex | QPersistentModelIndex


class RegisterModel(PagedTableModel[RegisterRow]):
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
        super().__init__(RegisterQuery(), parent, page_size=page_size)
        self.slug = slug
        self.kinds = (slug,)
        self.book: Book = get_book(slug)
        form = self.book.form
        self.fields: tuple[FieldDef, ...] = tuple(
            form.field(column.field)
            for column in form.columns
            if column.field not in hidden and form.field(column.field).type != "signature"
        )
        self.has_status = bool(self.book.statuses)
        self._lang = i18n.ui_language()

    # -- public -------------------------------------------------------------------------------------------

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Ask the service again (cells in the screen's language now); ``keep_loaded`` refetches as many rows."""
        self._lang = i18n.ui_language()
        super().reload(keep_loaded=keep_loaded)

    def status_label(self, status: str) -> str:
        """The translated label of a status key of this register."""
        label = self.book.statuses.get(status)
        return _(label) if label else status

    def column_of(self, key: str) -> int:
        """The column showing form key ``key``, or -1."""
        return next((index for index, field in enumerate(self.fields) if field.key == key), -1)

    # -- the paged model's hooks ----------------------------------------------------------------------------

    def fetch(self, query: RegisterQuery, *, now: datetime, offset: int, limit: int) -> list[RegisterRow]:
        return self.book.rows(query, now=now, offset=offset, limit=limit)

    def count(self, query: RegisterQuery, *, now: datetime) -> int:
        return self.book.count(query, now=now)

    def column_count(self) -> int:
        return len(self.fields) + (1 if self.has_status else 0)

    def header(self, section: int) -> str | None:
        if 0 <= section < len(self.fields):
            return self.fields[section].label.get(self._lang)
        if self.has_status and section == len(self.fields):
            return _(STATUS_HEADER)
        return None

    def sort_key(self, column: int) -> str | None:
        """The field's key when the book sorts by it (its sort keys and its date)."""
        if not 0 <= column < len(self.fields):
            return None
        key = self.fields[column].key
        return key if key in self.book.sort_keys or key == self.book.date_key else None

    def display(self, row: RegisterRow, column: int) -> str:
        if column < len(self.fields):
            field = self.fields[column]
            value = row.values.get(field.key)
            if value is None or value == "":
                return ""
            return display_value(field, value, self._lang)
        if self.has_status and column == len(self.fields):
            return self.status_label(row.status)
        return ""

    def background(self, row: RegisterRow, column: int) -> QColor | None:
        return ATTENTION_BACKGROUND if row.attention else None

    def foreground(self, row: RegisterRow, column: int) -> QColor | None:
        return ATTENTION_FOREGROUND if row.attention else None

    def tooltip(self, row: RegisterRow, column: int) -> str | None:
        if column >= len(self.fields):
            return None
        text = self.display(row, column)
        return text if len(text) > 20 else None


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
