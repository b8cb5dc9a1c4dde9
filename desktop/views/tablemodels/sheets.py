"""The problem-sheet list as a lazy table model: pages of :class:`~desktop.services.sheets.SheetListRow` from SQL.

The book can hold hundreds of thousands of sheets, so this is a
:class:`~desktop.views.tablemodels.paged.PagedTableModel`: rows fetched a page at a time, filters and order a
:class:`~desktop.services.sheets.SheetQuery` the service sorts by. What is the sheet list's own: overdue rows are
red, rows due today amber, statuses shown with their translated label.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import N_, _
from desktop.rules import sheet_workflow
from desktop.services import sheets
from desktop.services.sheets import SheetListRow, SheetQuery
from desktop.views import ops
from desktop.views.tablemodels.paged import ID_ROLE as ID_ROLE  # the roles every list answers
from desktop.views.tablemodels.paged import PAGE_SIZE, PagedTableModel
from desktop.views.tablemodels.paged import ROW_ROLE as ROW_ROLE
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

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#a3000f")
DUE_TODAY_BACKGROUND = QColor("#fff1c2")
DUE_TODAY_FOREGROUND = QColor("#6b4a00")


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


class SheetsModel(PagedTableModel[SheetListRow]):
    """The sheets matching :attr:`query`, fetched a page at a time, sorted by the service.

    Attributes:
        query: the filters and order now shown (change with :meth:`set_query` or ``sort``).
    """

    HEADERS = HEADERS
    SORT_KEYS = SORT_KEYS
    kinds = ("problem_sheet",)

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(SheetQuery(), parent, page_size=page_size)
        self._categories = category_labels()
        self.phone_mask = PhoneMask(self)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, COL_MOBILE))

    def fetch(self, query: SheetQuery, *, now: datetime, offset: int, limit: int) -> list[SheetListRow]:
        return sheets.list_sheets(query, now=now, offset=offset, limit=limit)

    def count(self, query: SheetQuery, *, now: datetime) -> int:
        return sheets.count_sheets(query, now=now)

    def display(self, row: SheetListRow, column: int) -> str:
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

    def background(self, row: SheetListRow, column: int) -> QColor | None:
        if row.overdue:
            return OVERDUE_BACKGROUND
        return DUE_TODAY_BACKGROUND if self._due_today(row) else None

    def foreground(self, row: SheetListRow, column: int) -> QColor | None:
        if row.overdue:
            return OVERDUE_FOREGROUND
        return DUE_TODAY_FOREGROUND if self._due_today(row) else None

    def tooltip(self, row: SheetListRow, column: int) -> str | None:
        if row.overdue:
            return _("Overdue since {moment}").format(moment=i18n.format_datetime(row.due_at))
        if row.due_at is not None and self._due_today(row):
            return _("Due today at {time}").format(time=i18n.format_time(row.due_at.time()))
        return None

    def role_data(self, row: SheetListRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and row.overdue:
            return _("Overdue")
        return None

    def _due_today(self, row: SheetListRow) -> bool:
        return row.due_at is not None and not row.overdue and row.due_at.date() == self._now.date()
