"""Problem-handling sheets (800客户问题处理表, F01): filing, the hand-over workflow, deadlines, lists and search.

Seed 000 §4.5 (spec §2.1): a problem the hotline cannot solve on the phone is written on a sheet, numbered
date + operator no. + serial (000:97), handed to the person or department responsible within 2 working hours
(000:95), whose result is due back within 2 working days (000:95); a late result makes the operator chase the
handler and tell the customer (000:96). The steps and statuses are :mod:`desktop.rules.sheet_workflow`'s; this
module writes them, with one audit event per step, and answers the list, search and due-date questions.

Every public function returns frozen rows (:class:`SheetRow`, :class:`SheetListRow`), never peewee objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop.services.audit import AuditRow

#: Sort keys :class:`SheetQuery` accepts (the list's columns).
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


@dataclass(frozen=True)
class SheetRow:
    """One sheet with every form value, its workflow state and deadlines.

    Attributes:
        values: form field key → value (``forms/problem_sheet.toml`` keys, values as formspec types hold them;
            ``status`` as the form's option key), ready for the entry dialog and the printer.
        status: the workflow status key (:data:`desktop.rules.sheet_workflow.STATUSES`).
        status_label: the untranslated (``N_``) label of ``status``; translate with ``_()`` where shown.
        allowed_actions: the workflow actions possible now (:func:`sheet_workflow.allowed_actions`).
        handover_overdue: still not handed over and ``handover_due`` has passed at the ``now`` given.
        result_overdue: handed over, no result yet, and ``result_due`` has passed.
        version: for :func:`update_sheet` and the workflow steps (optimistic locking).
    """

    id: int
    number: str
    status: str
    status_label: str
    allowed_actions: tuple[str, ...]
    category: str
    customer_name: str
    mobile: str
    received_at: datetime
    received_by_id: int | None
    operator_no: str
    handed_to_staff_id: int | None
    handed_to_staff_name: str
    handed_to_department_id: int | None
    handed_to_department_name: str
    handover_due: datetime
    result_due: datetime | None
    handover_overdue: bool
    result_overdue: bool
    reopen_count: int
    closed_at: datetime | None
    customer_id: int | None
    values: dict[str, Any]
    version: int

    @property
    def overdue(self) -> bool:
        """Either deadline has passed."""
        return self.handover_overdue or self.result_overdue

    @property
    def due_at(self) -> datetime | None:
        """The deadline the sheet waits for now: hand-over while received, result while with the handler."""
        raise NotImplementedError


@dataclass(frozen=True)
class SheetListRow:
    """One line of the sheet list: only the shown columns.

    Attributes:
        handler_name: the person the sheet was handed to, ``""`` when none.
        department_name: the department it was handed to, ``""`` when none.
        due_at: the deadline the sheet waits for now (hand-over or result), None when nothing is due.
        overdue: ``due_at`` has passed at the ``now`` of the query.
    """

    id: int
    number: str
    received_at: datetime
    category: str
    customer_name: str
    mobile: str
    handler_name: str
    department_name: str
    status: str
    due_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class SheetQuery:
    """Filters and order of the sheet list; every filter is optional and they combine with AND.

    Attributes:
        statuses: only these workflow statuses (empty: all).
        category: only this category key.
        handler_id: only sheets handed to this staff member.
        department_id: only sheets handed to this department.
        overdue_only: only sheets whose current deadline has passed.
        date_from, date_to: received on or after / on or before these days (inclusive).
        text: substring search (each blank-separated word must match) over number, customer name, contact
            person, phones, site and description; ``%`` and ``_`` are literal.
        sort_key: one of :data:`SORT_KEYS`.
        descending: newest / largest first.
    """

    statuses: tuple[str, ...] = ()
    category: str | None = None
    handler_id: int | None = None
    department_id: int | None = None
    overdue_only: bool = False
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    sort_key: str = "received_at"
    descending: bool = True


def file_sheet(
    values: dict[str, Any], *, by: int | None, now: datetime, operator_no: str | None = None
) -> SheetRow:
    """File a new sheet (status received): numbered, hand-over deadline set, audited."""
    raise NotImplementedError


def update_sheet(
    sheet_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> SheetRow:
    """Change the typed fields of a sheet; ConflictError when another desk changed it first."""
    raise NotImplementedError


def suggest_route(category: str) -> tuple[int | None, int | None]:
    """(department id, staff id) a sheet of ``category`` goes to by default (seed 000:97-118)."""
    raise NotImplementedError


def hand_over(
    sheet_id: int,
    *,
    staff_id: int | None = None,
    department_id: int | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> SheetRow:
    """Hand the sheet to a person and/or department; sets the result deadline."""
    raise NotImplementedError


def solve_on_phone(
    sheet_id: int, *, solution: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the solution given on the phone and close the sheet at once."""
    raise NotImplementedError


def record_plan(
    sheet_id: int, *, plan: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the handling plan (处理方案) with its drafter and date."""
    raise NotImplementedError


def record_result(
    sheet_id: int, *, result: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the handling result (处理结果): the result is back at the desk."""
    raise NotImplementedError


def review(
    sheet_id: int, *, comment: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Sign the review box; only staff whose role is in setting ``review.roles``."""
    raise NotImplementedError


def close(sheet_id: int, *, by: int | None, now: datetime, expected_version: int | None = None) -> SheetRow:
    """Close a sheet whose result is back (reviewed or not)."""
    raise NotImplementedError


def reopen(
    sheet_id: int, *, reason: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Send a finished sheet back to received, with a reason; a new hand-over deadline runs."""
    raise NotImplementedError


def get_sheet(sheet_id: int, *, now: datetime) -> SheetRow:
    """The sheet with ``sheet_id``; UserError when there is none."""
    raise NotImplementedError


def get_sheet_by_number(number: str, *, now: datetime) -> SheetRow | None:
    """The sheet numbered ``number``, or None."""
    raise NotImplementedError


def history(sheet_id: int) -> list[AuditRow]:
    """Every audit event of the sheet, oldest first (who did which step when)."""
    raise NotImplementedError


def list_sheets(query: SheetQuery, *, now: datetime, offset: int = 0, limit: int = 200) -> list[SheetListRow]:
    """One page of the sheet list, filtered and sorted in SQL."""
    raise NotImplementedError


def count_sheets(query: SheetQuery, *, now: datetime) -> int:
    """How many sheets :func:`list_sheets` would list without paging."""
    raise NotImplementedError


def open_sheets_for_phone(phone: str, *, exclude_id: int | None = None) -> list[SheetListRow]:
    """Sheets not yet closed whose mobile or office phone is ``phone`` (the duplicate-call warning)."""
    raise NotImplementedError
