"""Callbacks (客户回访记录表, F04): scheduled by rule, done from one dialog, rescheduled without losing anything.

The seeds make callbacks mandatory and time-bound (spec §2.2): next working day after a repair (000:85-88),
within 24 h of a handled complaint (000:409), every 2 days while a complaint is open (001:1686), within 3 days
for member customers (001:602), monthly / quarterly for accounts (001:984), never in the customer's rest time
(001:594). The *when* is :mod:`desktop.rules.callbacks`; this module writes the records, each use-case in one
transaction with its audit event:

* :func:`schedule_callback` — the generic one (source kind + id + number); :func:`schedule_for_sheet` and
  :func:`schedule_for_complaint` apply the rules. A problem sheet's result schedules its callback through the
  ``sheet_resolved`` event of :mod:`desktop.services.hooks`, so the sheet service does not import this one;
  complaints likewise: ``complaint_registered`` → the first progress call (every 2 days while open),
  ``complaint_handled`` → the callback within 24 h (progress calls stopped), ``complaint_closed`` → progress
  calls stopped and a callback still pending completed with the result written on the complaint.
* :func:`record_callback` — the call was made: F04 values, attempt counted, the next progress / periodic call
  scheduled; ``callback_recorded`` is emitted so the followed-up record reacts (a complaint's callback closes
  it or reopens it as a new entry, seed 000:165).
* :func:`reschedule` — no answer, busy, or the customer named a time: attempt counted, new time, nothing lost.
* :func:`mark_unsatisfied` — reopen the sheet, or ask for a complaint linked to the callback (the complaint
  book arrives in a later issue: it fills :func:`register_complaint_opener`).

Reading (lists, the rate, the due source, the record store and printing) is :mod:`desktop.services.callback_list`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from desktop.errors import ConflictError, UserError, ValidationError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.callback import Callback, CallbackAccount, CallbackAttempt, CallbackMember
from desktop.models.staff import Staff
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import CallbackRules, RestHours, Slot
from desktop.services import audit, hooks
from desktop.services.authz import requires
from desktop.services.calendar import office_calendar
from desktop.services.callback_rows import (
    CANCELLED,
    DONE,
    PENDING,
    CallbackRow,
    get_callback,
)
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

log = logging.getLogger(__name__)

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

#: ``opener(callback_row, reason, *, by, now) -> complaint id or None``; the complaints issue registers one.
ComplaintOpener = Callable[..., int | None]
_complaint_opener: ComplaintOpener | None = None


def register_complaint_opener(func: ComplaintOpener | None) -> None:
    """Let the complaint book open a complaint linked to an unsatisfied callback (None forgets it).

    TODO(issue 6, complaints): ``desktop.services.complaints`` registers its opener at import. Until then
    :func:`mark_unsatisfied` records the request (``complaint_requested``) so none is lost.
    """
    global _complaint_opener
    _complaint_opener = func


# ---- settings -------------------------------------------------------------------------------------------


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


# ---- scheduling ----------------------------------------------------------------------------------------


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def is_member(customer_id: int | None) -> bool:
    """Whether the customer is a member / key customer (100 % callback within 3 days, seed 001:600-602)."""
    if customer_id is None:
        return False
    return CallbackMember.select().where(CallbackMember.customer == customer_id).exists()


@requires("record.update")
def set_member(customer_id: int, member: bool, *, by: int | None, now: datetime) -> None:
    """Mark a customer as member / key customer, or not."""
    with db.atomic():
        if member == is_member(customer_id):
            return
        if member:
            CallbackMember.insert(customer=customer_id, since=now).execute()
        else:
            CallbackMember.delete().where(CallbackMember.customer == customer_id).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type="customer",
            record_id=customer_id,
            changes={"callback_member": [not member, member]},
            by=by,
            now=now,
        )


@requires("record.create")
def schedule_callback(
    *,
    purpose: str,
    slot: Slot,
    source_kind: str = "",
    source_id: int | None = None,
    ref_number: str = "",
    customer_id: int | None = None,
    customer_name: str = "",
    phone: str = "",
    site: str = "",
    contact: str = "",
    receiver: str = "",
    engineer: str = "",
    assignee_id: int | None = None,
    account_id: int | None = None,
    by: int | None,
    now: datetime,
) -> CallbackRow:
    """Create a pending callback at ``slot``: numbered, audited. Generic over where it comes from.

    Args:
        purpose: :data:`desktop.rules.callbacks.PURPOSES`.
        slot: when to call and by when (:mod:`desktop.rules.callbacks`).
        source_kind, source_id, ref_number: the record it follows up (``"problem_sheet"``, ``"complaint"`` …),
            its id and its printed number (F04 对应号).
    """
    if purpose not in rules.PURPOSES:
        raise ValueError(f"unknown callback purpose {purpose!r}")
    with db.atomic():
        callback_id = _insert(
            purpose=purpose,
            slot=slot,
            source_kind=source_kind,
            source_id=source_id,
            ref_number=ref_number,
            customer=customer_id,
            customer_name=customer_name,
            phone=phone,
            site=site,
            contact=contact,
            receiver=receiver,
            engineer=engineer,
            assignee=assignee_id,
            account=account_id,
            by=by,
            now=now,
        )
    return get_callback(callback_id, now=now)


def _insert(*, slot: Slot, by: int | None, now: datetime, **values: Any) -> int:
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


def _open_for_source(source_kind: str, source_id: int, purpose: str) -> int | None:
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


@requires("record.create")
def schedule_for_source(
    source_kind: str,
    source_id: int,
    number: str,
    *,
    purpose: str,
    at: datetime,
    customer_id: int | None = None,
    customer_name: str = "",
    phone: str = "",
    site: str = "",
    contact: str = "",
    receiver: str = "",
    engineer: str = "",
    assignee_id: int | None = None,
    by: int | None,
    now: datetime,
) -> CallbackRow:
    """Schedule the callback a record needs after ``at`` by the rule of ``purpose``; member limit applied.

    A record already waiting for a callback of the same purpose keeps that one (the seed's "avoid calling the
    same number twice", 000:88): it is returned instead of a second.
    """
    with db.atomic():
        existing = _open_for_source(source_kind, source_id, purpose)
        if existing is not None:
            return get_callback(existing, now=now)
        calendar, rest, settings_rules = office_calendar(), rest_hours(), callback_rules()
        rule = {
            rules.REPAIR: rules.repair_slot,
            rules.COMPLAINT: rules.complaint_slot,
            rules.PROGRESS: rules.progress_slot,
            rules.MEMBER: rules.member_slot,
        }.get(purpose, rules.complaint_slot)
        slot = rule(_minute(at), calendar, rest, settings_rules)
        if is_member(customer_id):
            slot = rules.with_member_limit(
                slot, rules.member_slot(_minute(at), calendar, rest, settings_rules)
            )
        return schedule_callback(
            purpose=purpose,
            slot=slot,
            source_kind=source_kind,
            source_id=source_id,
            ref_number=number,
            customer_id=customer_id,
            customer_name=customer_name,
            phone=phone,
            site=site,
            contact=contact,
            receiver=receiver,
            engineer=engineer,
            assignee_id=assignee_id,
            by=by,
            now=now,
        )


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
    pending = _open_for_source("complaint", complaint_id, rules.COMPLAINT)
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
                "caller": _staff_name(by) or callback.caller,
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


@requires("record.create")
def add_account(
    values: dict[str, Any], *, started_on: date, by: int | None, now: datetime
) -> CallbackRow | None:
    """Keep periodic callbacks for an account (``name``, ``contact``, ``phone``, ``site``, ``customer_id``).

    Returns the first scheduled callback, or None when the office has periodic callbacks turned off
    (``callbacks.periodic_enabled``).
    """
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        raise UserError(_("Give the account's name."), "name")
    with db.atomic():
        account_id = int(
            CallbackAccount.insert(
                name=name,
                customer=values.get("customer_id"),
                contact=str(values.get("contact") or ""),
                phone=str(values.get("phone") or ""),
                site=str(values.get("site") or ""),
                started_on=started_on,
                created_at=now,
                updated_at=now,
            ).execute()
        )
        audit.record_event(
            action=audit.CREATE,
            record_type="callback_account",
            record_id=account_id,
            summary=name,
            by=by,
            now=now,
        )
        return _schedule_periodic(account_id, after=max(started_on, now.date()), by=by, now=now)


def _schedule_periodic(account_id: int, *, after: date, by: int | None, now: datetime) -> CallbackRow | None:
    settings_rules = callback_rules()
    account = CallbackAccount.get_by_id(account_id)
    if not settings_rules.periodic_enabled or not account.active:
        return None
    slot = rules.periodic_slot(account.started_on, after, office_calendar(), rest_hours(), settings_rules)
    return schedule_callback(
        purpose=rules.PERIODIC,
        slot=slot,
        source_kind="callback_account",
        source_id=account_id,
        ref_number="",
        customer_id=account.customer_id,
        customer_name=account.name,
        phone=account.phone,
        site=account.site,
        contact=" ".join(part for part in (account.contact, account.phone) if part),
        account_id=account_id,
        by=by,
        now=now,
    )


# ---- doing the callback --------------------------------------------------------------------------------


def _load_pending(callback_id: int, expected_version: int | None) -> Callback:
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


def _staff_name(staff_id: int | None) -> str:
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
        callback = _load_pending(callback_id, expected_version)
        updates = {
            **result,
            "status": DONE,
            "attempts": callback.attempts + 1,
            "caller": _staff_name(by) or callback.caller,
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
    to = _minute(to)
    if to <= now:
        raise UserError(_("Choose a time later than now for the next call."), "to")
    with db.atomic():
        callback = _load_pending(callback_id, expected_version)
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
def mark_unsatisfied(
    callback_id: int, *, action: str, reason: str, by: int | None, now: datetime
) -> CallbackRow:
    """The customer is not satisfied: reopen the sheet, or open a complaint linked to the callback.

    Args:
        action: :data:`REOPENED` (send the problem sheet back, with ``reason``) or :data:`COMPLAINT_OPENED`.
        reason: why, in the customer's words; kept on the sheet's history or the complaint.

    A complaint is opened through the opener the complaint book registered (:func:`register_complaint_opener`);
    until there is one, the request is recorded (``complaint_requested``) so it is not lost.

    Raises:
        UserError: no reason given, the callback is not done yet, or a reopen for a callback without a sheet.
    """
    text = " ".join((reason or "").split())
    if not text:
        raise UserError(_("Say what the customer is not satisfied with."), "reason")
    with db.atomic():
        callback = Callback.get_or_none(Callback.id == callback_id)
        if callback is None:
            raise UserError(_("This callback no longer exists."))
        if action == REOPENED:
            if callback.source_kind != "problem_sheet" or callback.source_id is None:
                raise UserError(_("This callback has no problem sheet to reopen."))
            from desktop.services import sheets

            sheets.reopen(callback.source_id, reason=text, by=by, now=now)
            _update(callback, {"follow_up": REOPENED}, by=by, now=now, summary=text)
        elif action == COMPLAINT_OPENED:
            row = get_callback(callback_id, now=now)
            complaint_id = _complaint_opener(row, text, by=by, now=now) if _complaint_opener else None
            _update(
                callback,
                {
                    "follow_up": COMPLAINT_OPENED if complaint_id is not None else COMPLAINT_REQUESTED,
                    "complaint_requested": True,
                    "complaint_id": complaint_id,
                },
                by=by,
                now=now,
                summary=text,
            )
        else:
            raise ValueError(f"unknown follow-up {action!r}")
    return get_callback(callback_id, now=now)


@requires("record.update")
def cancel_callback(callback_id: int, *, reason: str, by: int | None, now: datetime) -> CallbackRow:
    """Drop a pending callback that is no longer needed (e.g. the customer moved away), with a reason."""
    text = " ".join((reason or "").split())
    if not text:
        raise UserError(_("Give the reason for cancelling the callback."), "reason")
    with db.atomic():
        callback = _load_pending(callback_id, None)
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
