"""One callback record as the use-cases write it: its numbers and keys, the office's rules, the audited writes.

Scheduling, recording, rescheduling and cancelling a callback all number a new entry, load a pending one (refused
when another desk changed it or it is finished), write it with a version bump and an audit event, and count each
attempt with the deadline it had; doing that in one place keeps the F04 book and its trail the same whichever
use-case wrote them. The durations come from the office's settings (``callbacks.*``, ``customer_rest_hours``).
``_insert``, ``_update`` and ``_attempt`` take the staff member on duty but are steps inside a use-case that
checked the permission already, so they stay private: the authz walk asks every public function taking ``by``
for a permission of its own. The use-cases are imported through :mod:`desktop.services.callbacks`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.callback import Callback, CallbackAccount, CallbackAttempt
from desktop.models.complaint import Complaint
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import CallbackRules, RestHours, Slot
from desktop.services import audit
from desktop.services.callback_rows import PENDING
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

SLUG = "callback_record"
NUMBER_SCHEME = "callback_record"
#: record_type of audit events and due items (the form slug).
RECORD_TYPE = SLUG

# What an attempt was (callback_attempt.result).
ATTEMPT_DONE = "done"
NO_ANSWER = "no_answer"
BUSY = "busy"
CUSTOMER_TIME = "customer_time"
RESCHEDULE_REASONS: tuple[str, ...] = (NO_ANSWER, BUSY, CUSTOMER_TIME)

# What the desk did for a customer who was not satisfied (callback.follow_up).
REOPENED = "reopened"
COMPLAINT_OPENED = "complaint"
COMPLAINT_REQUESTED = "complaint_requested"

#: Where a callback can come from: ``source_kind`` → the model of the record it follows up (``source_id``).
#: A callback with another kind (or none) follows nothing FrontDesk keeps, e.g. one imported from paper.
SOURCE_MODELS: dict[str, type[peewee.Model]] = {
    "problem_sheet": ProblemSheet,
    "complaint": Complaint,
    "callback_account": CallbackAccount,
}

#: Form fields the desk fills in when the call is made.
RESULT_KEYS: tuple[str, ...] = (
    "receiver",
    "contact",
    "channel",
    "outcome",
    "satisfaction",
    "evaluation",
    "engineer",
    "fault_grade",
    "remarks",
)


def callback_rules() -> CallbackRules:
    """The office's callback durations (Settings ``callbacks.*``)."""
    return CallbackRules(
        repair_working_days=get_setting("callbacks.repair_working_days"),
        complaint_hours=get_setting("callbacks.complaint_hours"),
        progress_days=get_setting("callbacks.progress_days"),
        member_days=get_setting("callbacks.member_days"),
        periodic_enabled=get_setting("callbacks.periodic_enabled") == "on",
        periodic_first_year_months=get_setting("callbacks.periodic_first_year_months"),
        periodic_later_months=get_setting("callbacks.periodic_later_months"),
    )


def rest_hours() -> RestHours:
    """The customer's rest hours (setting ``customer_rest_hours``)."""
    return rules.rest_hours_from_setting(get_setting("customer_rest_hours"))


def minute(moment: datetime) -> datetime:
    """The moment to the minute, as the register writes times."""
    return moment.replace(second=0, microsecond=0)


def _insert(*, slot: Slot, by: int | None, now: datetime, **values: Any) -> int:
    """Number and write one pending callback at ``slot``, audited; its id (inside the caller's transaction)."""
    number = next_number(NUMBER_SCHEME, pattern=get_setting("numbering.callback_record"), now=now)
    row = {
        "number": number,
        "scheduled_at": slot.scheduled_at,
        "due_at": slot.due_at,
        "first_due_at": slot.due_at,
        "status": PENDING,
        "channel": rules.PHONE,
        "created_at": now,
        "updated_at": now,
        **values,
    }
    callback_id = int(Callback.insert(**row).execute())
    audit.record_event(
        action=audit.CREATE,
        record_type=RECORD_TYPE,
        record_id=callback_id,
        changes=audit.diff(
            {}, {key: value for key, value in row.items() if key not in ("created_at", "updated_at")}
        ),
        summary=number,
        by=by,
        now=now,
    )
    return callback_id


def pending_for_source(source_kind: str, source_id: int, purpose: str) -> int | None:
    """The id of the callback of ``purpose`` the record still waits for, or None."""
    found = (
        Callback.select(Callback.id)
        .where(
            (Callback.source_kind == source_kind)
            & (Callback.source_id == source_id)
            & (Callback.purpose == purpose)
            & (Callback.status == PENDING)
        )
        .scalar()
    )
    return int(found) if found is not None else None


def load_pending(callback_id: int, expected_version: int | None) -> Callback:
    """The callback a use-case acts on: current, and still pending."""
    callback = Callback.get_or_none(Callback.id == callback_id)
    if callback is None:
        raise UserError(_("This callback no longer exists."))
    if expected_version is not None and callback.version != expected_version:
        raise ConflictError(
            _("Another desk changed this callback just now. Open it again to see the changes.")
        )
    if callback.status != PENDING:
        raise UserError(_("Callback {number} is already finished.").format(number=callback.number))
    return callback


def staff_name(staff_id: int | None) -> str:
    """The name of the staff member with ``staff_id``, "" for the console."""
    if staff_id is None:
        return ""
    return str(Staff.select(Staff.name).where(Staff.id == staff_id).scalar() or "")


def _update(
    callback: Callback, updates: dict[str, Any], *, by: int | None, now: datetime, summary: str = ""
) -> None:
    old = {key: getattr(callback, key) for key in updates}
    updates = {**updates, "updated_at": now, "version": callback.version + 1}
    Callback.update(**updates).where(Callback.id == callback.id).execute()
    audit.record_event(
        action=audit.UPDATE,
        record_type=RECORD_TYPE,
        record_id=callback.id,
        changes=audit.diff(old, {key: updates[key] for key in old}),
        summary=summary or callback.number,
        by=by,
        now=now,
    )


def _attempt(
    callback: Callback,
    result: str,
    *,
    by: int | None,
    now: datetime,
    note: str = "",
    to: datetime | None = None,
) -> None:
    CallbackAttempt.insert(
        callback=callback.id,
        at=now,
        staff=by,
        result=result,
        note=note,
        previous_due_at=callback.due_at,
        rescheduled_to=to,
    ).execute()
