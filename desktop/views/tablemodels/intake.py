"""The engineers' intake register (800用户问题受理登记表, F02) as a table, oldest first as the paper runs.

A :class:`~desktop.views.tablemodels.paged.PagedTableModel` like the other books: the register grows a line per
accepted sheet, so rows are fetched a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject

from desktop import i18n
from desktop.i18n import N_
from desktop.services import intake
from desktop.services.intake import IntakeRow
from desktop.views.tablemodels.paged import PagedTableModel
from desktop.views.tablemodels.phone_mask import PhoneMask

COL_NUMBER = 0
COL_SHEET = 1
COL_ACCEPTED = 2
COL_CUSTOMER = 3
COL_PHONE = 4
COL_SUMMARY = 5
COL_REQUESTED = 6
COL_AGREED = 7
COL_PLACE = 8
COL_COMPLETED = 9
COL_ENGINEER = 10

HEADERS: tuple[str, ...] = (
    N_("No."),
    N_("Sheet No."),
    N_("Accepted"),
    N_("Customer"),
    N_("Phone"),
    N_("Problem"),
    N_("Wanted by"),
    N_("Agreed repair time"),
    N_("Place"),
    N_("Completed"),
    N_("Engineer"),
)

PAGE_SIZE = 200


@dataclass(frozen=True)
class IntakeFilter:
    """Which entries the register shows: one engineer's (None: everyone's), all or only those not completed."""

    engineer_id: int | None = None
    open_only: bool = False


class IntakeModel(PagedTableModel[IntakeRow]):
    """Intake entries, optionally one engineer's and only those not completed.

    The service does not count entries, so pages are asked for until one comes back short; there is no header
    sort, the paper register runs oldest first. A change reloads from the top.
    """

    HEADERS = HEADERS
    kinds = ("intake", "intake_register", "problem_sheet")
    keep_loaded_on_change = False

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(IntakeFilter(), parent, page_size=page_size)
        self.phone_mask = PhoneMask(self)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, COL_PHONE))

    @property
    def engineer_id(self) -> int | None:
        """Only this engineer's entries (None: everyone's)."""
        return self.query.engineer_id

    @property
    def open_only(self) -> bool:
        """Only entries not completed yet."""
        return self.query.open_only

    def set_filter(self, *, engineer_id: int | None, open_only: bool) -> None:
        """Show one engineer's (or everyone's) entries, all or only the open ones."""
        self.set_query(IntakeFilter(engineer_id, open_only))

    def fetch(self, query: IntakeFilter, *, now: datetime, offset: int, limit: int) -> list[IntakeRow]:
        return intake.list_intake(query.engineer_id, open_only=query.open_only, offset=offset, limit=limit)

    def display(self, row: IntakeRow, column: int) -> str:
        moment = i18n.format_datetime
        values = {
            COL_NUMBER: row.number,
            COL_SHEET: row.sheet_number,
            COL_ACCEPTED: moment(row.accepted_at, length="short"),
            COL_CUSTOMER: row.customer_name,
            COL_PHONE: self.phone_mask(row.phone),
            COL_SUMMARY: " ".join(row.summary.split()),
            COL_REQUESTED: moment(row.requested_by, length="short"),
            COL_AGREED: moment(row.agreed_at, length="short"),
            COL_PLACE: row.repair_place,
            COL_COMPLETED: moment(row.completed_at, length="short"),
            COL_ENGINEER: row.engineer,
        }
        return values.get(column, "")
