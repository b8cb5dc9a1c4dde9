"""Making the call: recording what the customer said, calling again later, cancelling, stopping progress calls.

The call is written in the F04 book in the customer's own words (000:88) and counted as an attempt; the next
progress or periodic call is scheduled from it, and ``callback_recorded`` is emitted so the followed-up record
reacts (a complaint's callback closes it or reopens it as a new entry, 000:165). No answer, busy or a time the
customer named keeps the record as it is and moves the callback (001:602), losing nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError, ValidationError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.callback import Callback
from desktop.rules import callbacks as rules
from desktop.services import hooks
from desktop.services.authz import requires
from desktop.services.calendar import office_calendar
from desktop.services.callback_records import (
    ATTEMPT_DONE,
    COMPLAINT_OPENED,
    RESCHEDULE_REASONS,
    RESULT_KEYS,
    SLUG,
    _attempt,
    _insert,
    _update,
    callback_rules,
    load_pending,
    minute,
    rest_hours,
    staff_name,
)
from desktop.services.callback_rows import CANCELLED, DONE, PENDING, CallbackRow, get_callback
from desktop.services.callback_scheduling import _schedule_periodic


def _checked_result(values: dict[str, Any]) -> dict[str, Any]:
    """The F04 values the desk typed, validated with the form's own field types."""
    from desktop.formspec.types import type_of

    form = load_form(SLUG)
    cleaned = {key: values.get(key) for key in RESULT_KEYS if key in values}
    errors: dict[str, str] = {}
    for key, value in cleaned.items():
        message = type_of(form.field(key)).validate(value, form.field(key))
        if message:
            errors[key] = message
    if not " ".join(str(cleaned.get("evaluation") or "").split()):
        # seed 000:88 "按客户原意如实记录": the customer's words are the point of the record.
        errors["evaluation"] = _("Write down what the customer said.")
    if errors:
        raise ValidationError(errors)
    for key in ("receiver", "contact", "evaluation", "engineer", "remarks"):
        if key in cleaned:
            cleaned[key] = str(cleaned[key] or "").strip()
    cleaned["channel"] = cleaned.get("channel") or rules.PHONE
    return cleaned


@requires("record.update")
def record_callback(
    callback_id: int,
    values: dict[str, Any],
    *,
    still_open: bool = True,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> CallbackRow:
    """The call was made: store the F04 values, count the attempt, mark it done.

    ``values`` holds the form keys the desk fills (:data:`RESULT_KEYS`); the caller is ``by`` and the callback
    date today. A progress callback on a complaint still open schedules the next one (seed 001:1686, every 2
    days) unless ``still_open`` is False; an account's callback schedules the next periodic one.

    Raises:
        ValidationError: no evaluation written, or a value the form refuses.
        UserError: the callback is already done or cancelled.
    """
    result = _checked_result(values)
    with db.atomic():
        callback = load_pending(callback_id, expected_version)
        updates = {
            **result,
            "status": DONE,
            "attempts": callback.attempts + 1,
            "caller": staff_name(by) or callback.caller,
            "caller_staff": by,
            "callback_date": now.date(),
            "done_at": now,
            "last_attempt_at": now,
        }
        _attempt(callback, ATTEMPT_DONE, by=by, now=now, note=result.get("evaluation", ""))
        _update(callback, updates, by=by, now=now)
        linked = [
            found
            for found in hooks.emit(
                "callback_recorded",
                callback_id=callback.id,
                number=callback.number,
                source_kind=callback.source_kind,
                source_id=callback.source_id,
                purpose=callback.purpose,
                outcome=result.get("outcome"),
                satisfaction=result.get("satisfaction"),
                result=result.get("evaluation", ""),
                by=by,
                now=now,
            )
            if isinstance(found, int)
        ]
        if linked:
            # The complaint went on as a new entry (seed 000:165): the callback shows which.
            _update(
                Callback.get_by_id(callback.id),
                {"follow_up": COMPLAINT_OPENED, "complaint_requested": True, "complaint_id": linked[0]},
                by=by,
                now=now,
            )
        if callback.purpose == rules.PROGRESS and still_open and callback.source_id is not None:
            slot = rules.progress_slot(now, office_calendar(), rest_hours(), callback_rules())
            _insert(
                purpose=rules.PROGRESS,
                slot=slot,
                source_kind=callback.source_kind,
                source_id=callback.source_id,
                ref_number=callback.ref_number,
                customer=callback.customer_id,
                customer_name=callback.customer_name,
                phone=callback.phone,
                site=callback.site,
                contact=result.get("contact", callback.contact),
                receiver=callback.receiver,
                assignee=callback.assignee_id,
                by=by,
                now=now,
            )
        if callback.purpose == rules.PERIODIC and callback.account_id is not None:
            _schedule_periodic(callback.account_id, after=callback.scheduled_at.date(), by=by, now=now)
    return get_callback(callback_id, now=now)


@requires("record.update")
def reschedule(
    callback_id: int,
    *,
    to: datetime,
    reason: str,
    note: str = "",
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> CallbackRow:
    """Nobody answered, the customer was busy, or named another time: call again at ``to``.

    The record stays as it is, the attempt is counted and kept (with the old deadline and the new time), and
    the callback is due again at ``to`` (seed 001:602 "不方便时另约时间"; 002:491 "抱歉,打扰了,再见!").

    Raises:
        UserError: ``to`` is not after ``now``, or the callback is finished.
    """
    if reason not in RESCHEDULE_REASONS:
        raise ValueError(f"unknown reschedule reason {reason!r}")
    to = minute(to)
    if to <= now:
        raise UserError(_("Choose a time later than now for the next call."), "to")
    with db.atomic():
        callback = load_pending(callback_id, expected_version)
        slot = rules.appointment_slot(to, office_calendar(), rest_hours())
        _attempt(callback, reason, by=by, now=now, note=note.strip(), to=to)
        _update(
            callback,
            {
                "scheduled_at": slot.scheduled_at,
                "due_at": slot.due_at,
                "attempts": callback.attempts + 1,
                "last_attempt_at": now,
            },
            by=by,
            now=now,
            summary=f"{callback.number} {reason}",
        )
    return get_callback(callback_id, now=now)


@requires("record.update")
def cancel_callback(callback_id: int, *, reason: str, by: int | None, now: datetime) -> CallbackRow:
    """Drop a pending callback that is no longer needed (e.g. the customer moved away), with a reason."""
    text = " ".join((reason or "").split())
    if not text:
        raise UserError(_("Give the reason for cancelling the callback."), "reason")
    with db.atomic():
        callback = load_pending(callback_id, None)
        _update(
            callback,
            {"status": CANCELLED, "remarks": (callback.remarks or text)[:300]},
            by=by,
            now=now,
            summary=text,
        )
    return get_callback(callback_id, now=now)


@requires("record.update")
def stop_progress(source_kind: str, source_id: int, *, by: int | None, now: datetime) -> int:
    """The complaint is solved: cancel its pending progress callbacks; returns how many."""
    with db.atomic():
        pending = list(
            Callback.select().where(
                (Callback.source_kind == source_kind)
                & (Callback.source_id == source_id)
                & (Callback.purpose == rules.PROGRESS)
                & (Callback.status == PENDING)
            )
        )
        for callback in pending:
            _update(callback, {"status": CANCELLED}, by=by, now=now, summary="solved")
    return len(pending)
