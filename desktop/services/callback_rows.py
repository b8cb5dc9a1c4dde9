"""The frozen rows callbacks are read as: one callback with its F04 values, and its attempts.

Shared by :mod:`desktop.services.callbacks` (which returns them after each use-case) and
:mod:`desktop.services.callback_list` (lists, printing, the record store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.callback import Callback, CallbackAttempt
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet

PENDING = "pending"
DONE = "done"
CANCELLED = "cancelled"
STATUSES: tuple[str, ...] = (PENDING, DONE, CANCELLED)

#: Form keys of ``forms/callback_record.toml`` stored as columns (all but the signature).
FORM_KEYS: tuple[str, ...] = (
    "number",
    "ref_number",
    "site",
    "receiver",
    "contact",
    "channel",
    "outcome",
    "satisfaction",
    "evaluation",
    "engineer",
    "fault_grade",
    "remarks",
    "attempts",
    "caller",
    "callback_date",
    "status",
)


@dataclass(frozen=True)
class CallbackRow:
    """One callback with its schedule, source, result and follow-up.

    Attributes:
        purpose: :data:`desktop.rules.callbacks.PURPOSES`.
        status: :data:`PENDING`, :data:`DONE` or :data:`CANCELLED`.
        source_kind, source_id: the record followed up (``"problem_sheet"``, ``"complaint"``,
            ``"callback_account"``), or ``""``/None.
        scheduled_at: the first moment to call; due_at: the deadline now; first_due_at: the deadline the rule
            gave before any reschedule (the on-time rate counts against it).
        overdue: pending and ``due_at`` has passed at the ``now`` of the read.
        follow_up: what was done for an unsatisfied customer: ``""``, ``"reopened"``, ``"complaint"`` or
            ``"complaint_requested"``.
        values: form key → value for the entry dialog and the printer.
    """

    id: int
    number: str
    purpose: str
    status: str
    source_kind: str
    source_id: int | None
    ref_number: str
    customer_id: int | None
    customer_name: str
    phone: str
    site: str
    contact: str
    scheduled_at: datetime
    due_at: datetime
    first_due_at: datetime
    overdue: bool
    attempts: int
    last_attempt_at: datetime | None
    assignee_id: int | None
    assignee_name: str
    done_at: datetime | None
    satisfaction: str | None
    follow_up: str
    complaint_requested: bool
    complaint_id: int | None
    callback_date: date | None
    values: dict[str, Any]
    version: int


@dataclass(frozen=True)
class AttemptRow:
    """One try at a callback, oldest first in :func:`attempts`."""

    at: datetime
    staff_name: str
    result: str
    note: str
    previous_due_at: datetime | None
    rescheduled_to: datetime | None


def form_values(callback: Callback) -> dict[str, Any]:
    """The callback's values by form key (empty text as None, like every record store)."""
    values: dict[str, Any] = {}
    for key in FORM_KEYS:
        value = getattr(callback, key)
        values[key] = None if value == "" else value
    return values


def row_of(callback: Callback, now: datetime, assignee_name: str = "") -> CallbackRow:
    """A :class:`CallbackRow` of a loaded callback."""
    return CallbackRow(
        id=callback.id,
        number=callback.number,
        purpose=callback.purpose,
        status=callback.status,
        source_kind=callback.source_kind,
        source_id=callback.source_id,
        ref_number=callback.ref_number,
        customer_id=callback.customer_id,
        customer_name=callback.customer_name,
        phone=callback.phone,
        site=callback.site,
        contact=callback.contact,
        scheduled_at=callback.scheduled_at,
        due_at=callback.due_at,
        first_due_at=callback.first_due_at,
        overdue=callback.status == PENDING and now > callback.due_at,
        attempts=callback.attempts,
        last_attempt_at=callback.last_attempt_at,
        assignee_id=callback.assignee_id,
        assignee_name=assignee_name,
        done_at=callback.done_at,
        satisfaction=callback.satisfaction,
        follow_up=callback.follow_up,
        complaint_requested=bool(callback.complaint_requested),
        complaint_id=callback.complaint_id,
        callback_date=callback.callback_date,
        values=form_values(callback),
        version=callback.version,
    )


def get_callback(callback_id: int, *, now: datetime) -> CallbackRow:
    """The callback with ``callback_id``.

    Raises:
        UserError: there is none.
    """
    callback = Callback.get_or_none(Callback.id == callback_id)
    if callback is None:
        raise UserError(_("This callback no longer exists."))
    name = ""
    if callback.assignee_id is not None:
        name = str(Staff.select(Staff.name).where(Staff.id == callback.assignee_id).scalar() or "")
    return row_of(callback, now, name)


def get_callback_by_number(number: str, *, now: datetime) -> CallbackRow | None:
    """The callback numbered ``number``, or None."""
    found = Callback.select(Callback.id).where(Callback.number == number).scalar()
    return get_callback(int(found), now=now) if found is not None else None


def attempts(callback_id: int) -> list[AttemptRow]:
    """Every try at the callback, oldest first: nothing a reschedule did is lost."""
    query = (
        CallbackAttempt.select(
            CallbackAttempt.at,
            Staff.name,
            CallbackAttempt.result,
            CallbackAttempt.note,
            CallbackAttempt.previous_due_at,
            CallbackAttempt.rescheduled_to,
        )
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(CallbackAttempt.staff == Staff.id))
        .where(CallbackAttempt.callback == callback_id)
        .order_by(CallbackAttempt.at, CallbackAttempt.id)
    )
    return [
        AttemptRow(
            at=at, staff_name=name or "", result=result, note=note, previous_due_at=prev, rescheduled_to=to
        )
        for at, name, result, note, prev, to in query.tuples()
    ]


@dataclass(frozen=True)
class RepairFacts:
    """What a repair callback's script tells the customer (seed 000:88).

    Attributes:
        repaired_on: the day the result came back (the repair was finished), None when the callback follows
            no problem sheet.
        engineer: who did the repair, "" when nobody is known.
    """

    repaired_on: date | None
    engineer: str


def repair_facts(row: CallbackRow) -> RepairFacts:
    """The repair day and engineer for ``row``'s script, read from the problem sheet it follows.

    The sheet's handler (处理人) is the engineer; the callback keeps the name it was scheduled with, which a
    correction of the sheet since may have changed, so the sheet wins.
    """
    engineer = str(row.values.get("engineer") or "")
    if row.source_kind != "problem_sheet" or row.source_id is None:
        return RepairFacts(repaired_on=None, engineer=engineer)
    found = (
        ProblemSheet.select(
            ProblemSheet.result_returned_at, ProblemSheet.handled_date, ProblemSheet.handler,
            ProblemSheet.handed_to_person,
        )
        .where(ProblemSheet.id == row.source_id)
        .tuples()
        .first()
    )  # fmt: skip
    if found is None:
        return RepairFacts(repaired_on=None, engineer=engineer)
    returned_at, handled_date, handler, handed_to = found
    day = returned_at.date() if returned_at is not None else handled_date
    return RepairFacts(repaired_on=day, engineer=handler or handed_to or engineer)
