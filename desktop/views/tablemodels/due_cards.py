"""The cards of one Today-board column: every due item of its group, handed to the view a page at a time.

A large office has thousands of overdue items (3,500 on a million-sheet book). A widget per item made the
board slow to build on every reminder tick, and each Qt call on an item cost Python references on the PySide6
that issue 21 excluded. This model keeps the group's items as the service computed them (most urgent first)
and tells the view about :data:`PAGE` rows at a time: the view asks for the next page (``canFetchMore`` /
``fetchMore``) when the desk scrolls to the bottom, so a tick builds at most a page of cards whatever the
office's size. A card's text is made when the view first asks for it, then kept until the next board.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.due import DueItem

#: Item data roles: the DueItem, the card's first and second line, the group's colour.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_LINE_ROLE = Qt.ItemDataRole.UserRole + 2
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 3
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 4

#: Rows handed to the view at a time: more than a tall column shows, few enough to lay out at once.
PAGE = 100

#: ``(item) -> (first line, second line, tooltip extra)``: the page decides how a card reads.
CardText = Callable[[DueItem], tuple[str, str, str]]

AnyIndex = QModelIndex | QPersistentModelIndex


class DueCardModel(QAbstractListModel):
    """One column's due items (a flat list), fetched by the view in pages of :data:`PAGE`.

    Args:
        colour: the group's colour, given to the delegate under :data:`COLOUR_ROLE`.
    """

    def __init__(self, colour: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.colour = colour
        self._items: tuple[DueItem, ...] = ()
        self._shown = 0
        self._text: CardText = lambda item: (item.number, "", "")
        self._cache: dict[int, tuple[str, str, str]] = {}

    # --- contents ----------------------------------------------------------------------------------------

    def set_items(self, items: tuple[DueItem, ...], text: CardText) -> None:
        """Show ``items`` (most urgent first), the first page of them at once; ``text`` writes each card."""
        self.beginResetModel()
        self._items = items
        self._text = text
        self._cache = {}
        self._shown = min(PAGE, len(items))
        self.endResetModel()

    def total(self) -> int:
        """All items of the group, fetched or not (the count in the column's header)."""
        return len(self._items)

    def item(self, row: int) -> DueItem:
        """The due item on ``row`` (which may not be fetched yet)."""
        return self._items[row]

    def row_at(self, row: int) -> DueItem | None:
        """The due item on a fetched ``row``, or None past them: what a list of records hands out."""
        return self._items[row] if 0 <= row < self.rowCount() else None

    def row_of(self, key: tuple[str, int]) -> int:
        """The row of the item with ``(kind, record_id)`` among all items, or -1."""
        return next(
            (row for row, item in enumerate(self._items) if (item.kind, item.record_id) == key),
            -1,
        )

    def fetch_through(self, row: int) -> None:
        """Make sure rows up to ``row`` are fetched (to put the current card back after a refresh)."""
        if row >= self._shown and row < len(self._items):
            last = min(len(self._items), (row // PAGE + 1) * PAGE)  # the whole page the row is on
            self.beginInsertRows(QModelIndex(), self._shown, last - 1)
            self._shown = last
            self.endInsertRows()

    # --- Qt's model interface ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._shown < len(self._items)

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        last = min(len(self._items), self._shown + PAGE)
        if last <= self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, last - 1)
        self._shown = last
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        row = index.row()
        if role == ITEM_ROLE:
            return self._items[row]
        if role == COLOUR_ROLE:
            return self.colour
        if role not in _TEXT_ROLES:
            return None
        first, second, extra = self._lines(row)
        if role in (FIRST_LINE_ROLE, Qt.ItemDataRole.DisplayRole):
            return first
        if role == SECOND_LINE_ROLE:
            return second
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{first}. {second}"
        tip = html.escape(f"{first}\n{second}").replace("\n", "<br>")
        return tip + ("<br><br>" + html.escape(extra) if extra else "")

    def _lines(self, row: int) -> tuple[str, str, str]:
        lines = self._cache.get(row)
        if lines is None:
            lines = self._cache[row] = self._text(self._items[row])
        return lines


_TEXT_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        FIRST_LINE_ROLE,
        SECOND_LINE_ROLE,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)
