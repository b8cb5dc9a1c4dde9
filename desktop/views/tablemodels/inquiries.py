"""The inquiry log (客户咨询记录表, F03) as a table: the next shift's unfinished items first, then the rest.

Seed 000:100-101: an inquiry not finally solved that day is marked and handed to the next day's engineer, who
checks the previous shift's unfinished items and solves them. So the list opens with every open item
(:func:`~desktop.services.inquiries.unfinished_inquiries`, oldest first, marked amber) and continues with the
others newest first, a page at a time (:func:`~desktop.services.inquiries.list_inquiries`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QColor, QFont

from desktop import i18n
from desktop.i18n import N_, _
from desktop.services import inquiries
from desktop.services.inquiries import InquiryRow
from desktop.views import ops
from desktop.views.tablemodels.paged import ID_ROLE as ID_ROLE  # the roles every list answers
from desktop.views.tablemodels.paged import ROW_ROLE as ROW_ROLE
from desktop.views.tablemodels.paged import PagedTableModel
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


class InquiriesModel(PagedTableModel[InquiryRow]):
    """Open inquiries first, then the others page by page.

    The list is two service calls, so the paging is its own: the open items come whole, then pages of the
    others newest first, each page without the open items already heading the list (so the service's offset is
    not the number of rows shown). The query is the search text; there is no header sort.
    """

    HEADERS = HEADERS
    kinds = ("inquiry", "problem_sheet")
    keep_loaded_on_change = False

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__("", parent, page_size=page_size)
        self._open_count = 0
        self._offset = 0
        self._categories = category_labels()
        self.phone_mask = PhoneMask(self)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, COL_CONTACT))

    @property
    def text(self) -> str:
        """The search words (every word must match); empty: all."""
        return str(self.query)

    def set_text(self, text: str) -> None:
        """Search for ``text`` (every word must appear in customer, contact, site, question or answer)."""
        self.set_query(text.strip())

    def reload(self, *, keep_loaded: bool = False) -> None:
        """Ask the service again from the top (``keep_loaded`` is not honoured: the open items come whole)."""
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
        self._rows.extend(self._next_page())
        self._total = len(self._rows)
        self.endResetModel()

    def open_count(self) -> int:
        """How many unfinished items head the list."""
        return self._open_count

    def fetch(self, query: str, *, now: datetime, offset: int, limit: int) -> list[InquiryRow]:
        return inquiries.list_inquiries(now=now, text=query, offset=offset, limit=limit)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or not self._more:
            return
        first = len(self._rows)
        page = self._next_page()
        if not page:
            return
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self._total = len(self._rows)
        self.endInsertRows()

    def display(self, row: InquiryRow, column: int) -> str:
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

    def background(self, row: InquiryRow, column: int) -> QColor | None:
        return UNFINISHED_BACKGROUND if row.open else None

    def foreground(self, row: InquiryRow, column: int) -> QColor | None:
        return UNFINISHED_FOREGROUND if row.open else None

    def font(self, row: InquiryRow, column: int) -> QFont | None:
        if not (row.open and column == COL_STATE):
            return None
        font = QFont()
        font.setBold(True)
        return font

    def tooltip(self, row: InquiryRow, column: int) -> str | None:
        if column == COL_REQUEST:
            return row.request
        return row.answer if column == COL_ANSWER else None

    # -- helpers ------------------------------------------------------------------------------------------

    def _next_page(self) -> list[InquiryRow]:
        now, offset, text, limit = ops.now(), self._offset, self.text, self.page_size
        result = ops.query(lambda: self.fetch(text, now=now, offset=offset, limit=limit), parent=None)
        page = list(result.value or [])
        self._offset += len(page)
        self._more = len(page) == limit
        return [row for row in page if not row.open]  # the open ones head the list already
