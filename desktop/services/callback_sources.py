"""The callbacks other records ask for: a problem sheet's result and a complaint's progress, handling and close.

The sheet and complaint services do not import the callback book; they emit events through
:mod:`desktop.services.hooks` and this module answers them at import: ``sheet_resolved`` → the next-working-day
callback (000:85-88); ``sheet_callback_waived`` → its pending callback cancelled with the reason;
``complaint_registered`` → a progress call every 2 days while it stays open (001:1686); ``complaint_handled`` →
the callback within 24 h, progress calls stopped (000:409); ``complaint_closed`` → progress calls stopped and a
callback still pending completed with the result written on the complaint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.models.callback import Callback
from desktop.rules import callbacks as rules
from desktop.services import hooks
from desktop.services.authz import requires
from desktop.services.callback_calls import cancel_callback, stop_progress
from desktop.services.callback_records import (
    ATTEMPT_DONE,
    _attempt,
    _update,
    pending_for_source,
    staff_name,
)
from desktop.services.callback_rows import DONE, PENDING, CallbackRow
from desktop.services.callback_scheduling import schedule_for_source


@requires("record.create")
def schedule_for_sheet(sheet_id: int, *, resolved_at: datetime, by: int | None, now: datetime) -> CallbackRow:
    """The next-working-day callback of a problem sheet whose result came back (seed 000:85-88)."""
    from desktop.models.ticket import ProblemSheet

    sheet = ProblemSheet.get_by_id(sheet_id)
    person = sheet.contact_person or sheet.customer_name
    phone = sheet.mobile or sheet.office_phone
    return schedule_for_source(
        "problem_sheet",
        sheet_id,
        sheet.number,
        purpose=rules.REPAIR,
        at=resolved_at,
        customer_id=sheet.customer_id,
        customer_name=sheet.customer_name,
        phone=phone,
        site=sheet.site,
        contact=" ".join(part for part in (person, phone) if part),
        receiver=sheet.intake_by,
        engineer=sheet.handler or sheet.handed_to_person,
        assignee_id=sheet.received_by_id,
        by=by,
        now=now,
    )


def _on_sheet_resolved(*, sheet_id: int, resolved_at: datetime, by: int | None, now: datetime) -> CallbackRow:
    return schedule_for_sheet(sheet_id, resolved_at=resolved_at, by=by, now=now)


hooks.on("sheet_resolved", _on_sheet_resolved, name="callbacks")


def _on_sheet_callback_waived(*, sheet_id: int, reason: str, by: int | None, now: datetime) -> int:
    """The sheet was closed without a callback: cancel its pending ones with the reason; returns how many."""
    pending = [
        callback_id
        for (callback_id,) in Callback.select(Callback.id)
        .where(
            (Callback.source_kind == "problem_sheet")
            & (Callback.source_id == sheet_id)
            & (Callback.status == PENDING)
        )
        .tuples()
    ]
    for callback_id in pending:
        cancel_callback(callback_id, reason=reason, by=by, now=now)
    return len(pending)


hooks.on("sheet_callback_waived", _on_sheet_callback_waived, name="callbacks")


@requires("record.create")
def schedule_for_complaint(
    complaint_id: int,
    number: str,
    *,
    handled_at: datetime,
    solved: bool = True,
    customer_id: int | None = None,
    customer_name: str = "",
    phone: str = "",
    site: str = "",
    contact: str = "",
    assignee_id: int | None = None,
    by: int | None,
    now: datetime,
) -> CallbackRow:
    """A handled complaint → callback within 24 h; not solved yet → a progress callback every 2 days.

    seed 000:409, 001:1680-1688. The complaint book (a later issue) calls this; :func:`stop_progress` ends the
    progress calls once the complaint is solved.
    """
    return schedule_for_source(
        "complaint",
        complaint_id,
        number,
        purpose=rules.COMPLAINT if solved else rules.PROGRESS,
        at=handled_at,
        customer_id=customer_id,
        customer_name=customer_name,
        phone=phone,
        site=site,
        contact=contact,
        assignee_id=assignee_id,
        by=by,
        now=now,
    )


def _complaint_callback(
    complaint_id: int, number: str, *, at: datetime, solved: bool, by: int | None, now: datetime
) -> CallbackRow:
    from desktop.models.complaint import Complaint

    complaint = Complaint.get_by_id(complaint_id)
    phone = complaint.phone or ""
    return schedule_for_complaint(
        complaint_id,
        number,
        handled_at=at,
        solved=solved,
        customer_id=complaint.customer_id,
        customer_name=complaint.organisation,
        phone=phone,
        contact=complaint.contact
        if phone in (complaint.contact or "")
        else " ".join(part for part in (complaint.contact, phone) if part),
        assignee_id=complaint.received_by_staff_id,
        by=by,
        now=now,
    )


def _on_complaint_registered(
    *, complaint_id: int, number: str, quick_answer_due: datetime, by: int | None, now: datetime
) -> CallbackRow:
    # seed 001:1686: not solved within the quick-answer time → a progress call every 2 days; handling the
    # complaint cancels it (stop_progress), so only complaints that drag on are ever called about progress.
    return _complaint_callback(complaint_id, number, at=quick_answer_due, solved=False, by=by, now=now)


def _on_complaint_handled(
    *, complaint_id: int, number: str, solved: bool, handled_at: datetime, by: int | None, now: datetime
) -> CallbackRow:
    if solved:
        # The callback within 24 h replaces the progress calls: one call, not two (seed 000:88).
        stop_progress("complaint", complaint_id, by=by, now=now)
    return _complaint_callback(complaint_id, number, at=handled_at, solved=solved, by=by, now=now)


def _on_complaint_closed(
    *, complaint_id: int, outcome: str, result: str, by: int | None, now: datetime, **_payload: Any
) -> int:
    """Stop the progress calls; a complaint callback still pending was made outside the callback dialog:
    complete it with the result written on the complaint, so the book shows it done (no double entry)."""
    stopped = stop_progress("complaint", complaint_id, by=by, now=now)
    pending = pending_for_source("complaint", complaint_id, rules.COMPLAINT)
    if pending is not None:
        callback = Callback.get_by_id(pending)
        _attempt(callback, ATTEMPT_DONE, by=by, now=now, note=result)
        _update(
            callback,
            {
                "status": DONE,
                "satisfaction": "satisfied" if outcome == "satisfied" else "dissatisfied",
                "evaluation": result,
                "attempts": callback.attempts + 1,
                "caller": staff_name(by) or callback.caller,
                "caller_staff": by,
                "callback_date": now.date(),
                "done_at": now,
                "last_attempt_at": now,
            },
            by=by,
            now=now,
        )
    return stopped


hooks.on("complaint_registered", _on_complaint_registered, name="callbacks")
hooks.on("complaint_handled", _on_complaint_handled, name="callbacks")
hooks.on("complaint_closed", _on_complaint_closed, name="callbacks")
