"""Putting callbacks in the book: the generic entry, one per record by rule, members, and periodic accounts.

A callback is due by a rule of its purpose (:mod:`desktop.rules.callbacks`), never in the customer's rest time
(001:594); a member / key customer is called within 3 days (001:602), an account monthly or quarterly (001:984).
A record already waiting for a callback of the same purpose keeps that one, so the same number is not called
twice (000:88). What each followed-up record kind schedules is :mod:`desktop.services.callback_sources`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.callback import CallbackAccount, CallbackMember
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import audit
from desktop.services.authz import requires
from desktop.services.calendar import office_calendar
from desktop.services.callback_records import (
    _insert,
    callback_rules,
    minute,
    pending_for_source,
    rest_hours,
)
from desktop.services.callback_rows import CallbackRow, get_callback


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
        existing = pending_for_source(source_kind, source_id, purpose)
        if existing is not None:
            return get_callback(existing, now=now)
        calendar, rest, settings_rules = office_calendar(), rest_hours(), callback_rules()
        rule = {
            rules.REPAIR: rules.repair_slot,
            rules.COMPLAINT: rules.complaint_slot,
            rules.PROGRESS: rules.progress_slot,
            rules.MEMBER: rules.member_slot,
        }.get(purpose, rules.complaint_slot)
        slot = rule(minute(at), calendar, rest, settings_rules)
        if is_member(customer_id):
            slot = rules.with_member_limit(
                slot, rules.member_slot(minute(at), calendar, rest, settings_rules)
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
