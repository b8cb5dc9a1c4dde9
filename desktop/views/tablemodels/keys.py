"""The key register as a lazy table model: pages of :class:`~desktop.services.keys.KeyRow` from SQL.

A :class:`~desktop.views.tablemodels.paged.PagedTableModel` like the sheet list (STYLE 17-18): the filters and
the order are a :class:`~desktop.services.keys.KeyQuery`, a header click asks the service for that order, rows
are fetched a page at a time. Keys that are out show the holder and phone and when they are due back; overdue keys are red,
keys out due today amber.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from desktop import i18n
from desktop.i18n import N_, _
from desktop.rules import keys as rules
from desktop.services import keys
from desktop.services.keys import KeyQuery, KeyRow
from desktop.views.tablemodels.paged import ID_ROLE as ID_ROLE  # the roles every list answers
from desktop.views.tablemodels.paged import ROW_ROLE as ROW_ROLE
from desktop.views.tablemodels.paged import PagedTableModel

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


def category_label(category: str) -> str:
    """The translated name of a key category."""
    return _(rules.CATEGORIES.get(category, category))


def status_label(status: str) -> str:
    """The translated name of a key status."""
    return _(rules.STATUSES.get(status, status))


class KeysModel(PagedTableModel[KeyRow]):
    """The key sets matching :attr:`query`, fetched a page at a time, sorted by the service."""

    HEADERS = HEADERS
    SORT_KEYS = SORT_KEYS
    kinds = KINDS

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(KeyQuery(), parent, page_size=page_size)

    def fetch(self, query: KeyQuery, *, now: datetime, offset: int, limit: int) -> list[KeyRow]:
        return keys.list_keys(query, now=now, offset=offset, limit=limit)

    def count(self, query: KeyQuery, *, now: datetime) -> int:
        return keys.count_keys(query, now=now)

    def display(self, row: KeyRow, column: int) -> str:
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

    def alignment(self, row: KeyRow, column: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if column == COL_QUANTITY else None

    def background(self, row: KeyRow, column: int) -> QColor | None:
        if row.loan_id is None:
            return None
        return OVERDUE_BACKGROUND if row.overdue else OUT_BACKGROUND

    def foreground(self, row: KeyRow, column: int) -> QColor | None:
        if row.loan_id is None:
            return None
        return OVERDUE_FOREGROUND if row.overdue else OUT_FOREGROUND

    def tooltip(self, row: KeyRow, column: int) -> str | None:
        if row.loan_id is None or row.due_at is None:
            return None
        moment = i18n.format_datetime(row.due_at, length="short")
        if row.overdue:
            return _("Overdue since {moment}").format(moment=moment)
        return _("Due back at {moment}").format(moment=moment)
