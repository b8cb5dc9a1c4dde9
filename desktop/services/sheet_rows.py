"""The rows the problem-sheet services return and the query the sheet list takes.

Kept apart from :mod:`desktop.services.sheets` (the workflow) and :mod:`desktop.services.sheet_list` (the SQL
of the list) so both can use them without importing each other. Import them from ``desktop.services.sheets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop.rules.sheet_workflow import HANDED_OVER, PLANNED, RECEIVED

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
        values: form field key → value (``forms/problem_sheet.toml`` keys, values as formspec types hold them,
            None when empty; ``status`` as the form's option key), ready for the entry dialog and the printer.
        status: the workflow status key (:data:`desktop.rules.sheet_workflow.STATUSES`).
        status_label: the untranslated (``N_``) label of ``status``; translate with ``_()`` where shown.
        allowed_actions: the workflow actions possible now (:func:`sheet_workflow.allowed_actions`).
        called_back: the customer has been called back since the latest result (a callback about this sheet
            was made after it); a reviewed sheet closes only then, or with the callback waived.
        handover_overdue: still not handed over and ``handover_due`` has passed at the ``now`` given.
        result_overdue: handed over, no result yet, and ``result_due`` has passed.
        version: pass back as ``expected_version`` (optimistic locking).
    """

    id: int
    number: str
    status: str
    status_label: str
    allowed_actions: tuple[str, ...]
    called_back: bool
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
        return current_due(self.status, self.handover_due, self.result_due)


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


def current_due(status: str, handover_due: datetime | None, result_due: datetime | None) -> datetime | None:
    """The deadline a sheet in ``status`` waits for: hand-over while received, result while with a handler."""
    if status == RECEIVED:
        return handover_due
    if status in (HANDED_OVER, PLANNED):
        return result_due
    return None
