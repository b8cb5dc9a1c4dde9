"""The inquiry log (客户咨询记录表, F03) as a table: the next shift's unfinished items first, then the rest.

Seed 000:100-101: an inquiry not finally solved that day is marked and handed to the next day's engineer, who
checks the previous shift's unfinished items and solves them. So the list opens with every open item
(:func:`~desktop.services.inquiries.unfinished_inquiries`, oldest first, marked amber) and continues with the
others newest first, a page at a time (:func:`~desktop.services.inquiries.list_inquiries`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop import i18n
from desktop.i18n import N_, _
from desktop.services import inquiries
from desktop.services.inquiries import InquiryRow
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.tablemodels.phone_mask import PhoneMask
from desktop.views.tablemodels.sheets import category_labels

COL_NUMBER = 0
COL_TIME = 1
COL_CUSTOMER = 2
COL_CONTACT = 3
COL_CATEGORY = 4
COL_REQUEST = 5
COL_ANSWER = 6
COL_STATE = 7
COL_HANDED_TO = 8

HEADERS: tuple[str, ...] = (
    N_("No."),
    N_("Time"),
    N_("Customer"),
    N_("Phone / contact"),
    N_("Category"),
    N_("What the customer asked"),
    N_("Answer given"),
    N_("State"),
    N_("Handed to"),
)

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
UNFINISHED_BACKGROUND = QColor("#fff1c2")
UNFINISHED_FOREGROUND = QColor("#6b4a00")

_Index = QModelIndex | QPersistentModelIndex


def state_text(row: InquiryRow) -> str:
    """Unfinished / Done / Problem sheet …: where the inquiry stands."""
    if row.sheet_number:
        return _("Problem sheet {number}").format(number=row.sheet_number)
    if row.open:
        return _("Unfinished")
    if row.unfinished:
        return _("Done {moment}").format(moment=i18n.format_datetime(row.done_at, length="short"))
    return _("Answered")


def _one_line(text: str) -> str:
    return " ".join(text.split())


class InquiriesModel(QAbstractTableModel):
    """Open inquiries first, then the others page by page.

    Attributes:
        text: the search words (every word must match); empty: all.
    """

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.text = ""
        self._rows: list[InquiryRow] = []
        self._open_count = 0
        self._offset = 0
        self._more = False
        self._categories = category_labels()
        self.phone_mask = PhoneMask(self)
        record_events().records_changed.connect(self._on_records_changed)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, COL_CONTACT))

    def set_text(self, text: str) -> None:
        """Search for ``text`` (every word must appear in customer, contact, site, question or answer)."""
        self.text = text.strip()
        self.reload()

    def reload(self) -> None:
        """Ask the service again from the top."""
        self.beginResetModel()
        now = ops.now()
        text = self.text
        if text:
            opened = ops.query(
                lambda: inquiries.list_inquiries(now=now, unfinished_only=True, text=text, limit=10_000),
                parent=None,
            )
            open_rows = sorted(opened.value or [], key=lambda row: (row.contacted_at, row.id))
        else:
            opened = ops.query(lambda: inquiries.unfinished_inquiries(now=now), parent=None)
            open_rows = list(opened.value or [])
        self._rows = open_rows
        self._open_count = len(open_rows)
        self._offset = 0
        self._more = True
        self._fetch_page()
        self.endResetModel()

    def open_count(self) -> int:
        """How many unfinished items head the list."""
        return self._open_count

    def row_at(self, row: int) -> InquiryRow | None:
        """The inquiry on ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, inquiry_id: int) -> int:
        """The row showing ``inquiry_id``, or -1."""
        return next((index for index, row in enumerate(self._rows) if row.id == inquiry_id), -1)

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
        if role == Qt.ItemDataRole.BackgroundRole and row.open:
            return QBrush(UNFINISHED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.open:
            return QBrush(UNFINISHED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and row.open and index.column() == COL_STATE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (COL_REQUEST, COL_ANSWER):
            return row.request if index.column() == COL_REQUEST else row.answer
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or not self._more:
            return
        first = len(self._rows)
        page = self._next_page()
        if not page:
            return
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # -- helpers ------------------------------------------------------------------------------------------

    def _fetch_page(self) -> None:
        self._rows.extend(self._next_page())

    def _next_page(self) -> list[InquiryRow]:
        now = ops.now()
        offset = self._offset
        text = self.text
        result = ops.query(
            lambda: inquiries.list_inquiries(now=now, text=text, offset=offset, limit=self.page_size),
            parent=None,
        )
        page = list(result.value or [])
        self._offset += len(page)
        self._more = len(page) == self.page_size
        return [row for row in page if not row.open]  # the open ones head the list already

    def _display(self, row: InquiryRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_TIME:
            return i18n.format_datetime(row.contacted_at, length="short")
        if column == COL_CUSTOMER:
            return row.customer_name
        if column == COL_CONTACT:
            return self.phone_mask.contact(row.contact)
        if column == COL_CATEGORY:
            return self._categories.get(row.category, row.category)
        if column == COL_REQUEST:
            return _one_line(row.request)
        if column == COL_ANSWER:
            return _one_line(row.answer)
        if column == COL_STATE:
            return state_text(row)
        if column == COL_HANDED_TO:
            return row.handed_to
        return ""

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in ("inquiry", "problem_sheet"):
            self.reload()
