"""Callbacks (客户回访记录表, F04): scheduled by rule, done from one dialog, rescheduled without losing anything.

The seeds make callbacks mandatory and time-bound (spec §2.2): next working day after a repair (000:85-88),
within 24 h of a handled complaint (000:409), every 2 days while a complaint is open (001:1686), within 3 days
for member customers (001:602), monthly / quarterly for accounts (001:984), never in the customer's rest time
(001:594). The *when* is :mod:`desktop.rules.callbacks`; the services write the records, each use-case in one
transaction with its audit event. This module is the one to import; it gathers them from the modules that own
them:

* :mod:`~desktop.services.callback_scheduling` — :func:`schedule_callback`, the generic one (source kind + id +
  number), :func:`schedule_for_source` by the rule of a purpose, members and periodic accounts;
* :mod:`~desktop.services.callback_sources` — what a problem sheet or a complaint asks for, answered through
  :mod:`desktop.services.hooks` (``sheet_resolved``, ``complaint_registered`` / ``handled`` / ``closed``) so
  neither service imports the callback book;
* :mod:`~desktop.services.callback_calls` — :func:`record_callback` (the call was made; ``callback_recorded`` is
  emitted so the followed-up record reacts), :func:`reschedule`, :func:`cancel_callback`, :func:`stop_progress`;
* :mod:`~desktop.services.callback_records` — what they share: numbers, keys, the office's rules, the audited
  writes.

What is left here is the customer who was not satisfied (:func:`mark_unsatisfied`): reopen the sheet, or open a
complaint through the opener the complaint book registers (:func:`register_complaint_opener`). The opener is
kept here, beside the one use-case that calls it, so a test or the complaint book can swap it in one place.

Reading (lists, the rate, the due source, the record store and printing) is :mod:`desktop.services.callback_list`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.callback import Callback
from desktop.services.authz import requires
from desktop.services.callback_calls import cancel_callback, record_callback, reschedule, stop_progress
from desktop.services.callback_records import (
    ATTEMPT_DONE,
    BUSY,
    COMPLAINT_OPENED,
    COMPLAINT_REQUESTED,
    CUSTOMER_TIME,
    NO_ANSWER,
    NUMBER_SCHEME,
    RECORD_TYPE,
    REOPENED,
    RESCHEDULE_REASONS,
    RESULT_KEYS,
    SLUG,
    _update,
    callback_rules,
    rest_hours,
)
from desktop.services.callback_rows import CallbackRow, get_callback
from desktop.services.callback_scheduling import (
    add_account,
    is_member,
    schedule_callback,
    schedule_for_source,
    set_member,
)
from desktop.services.callback_sources import schedule_for_complaint, schedule_for_sheet

__all__ = [
    "ATTEMPT_DONE",
    "BUSY",
    "COMPLAINT_OPENED",
    "COMPLAINT_REQUESTED",
    "CUSTOMER_TIME",
    "NO_ANSWER",
    "NUMBER_SCHEME",
    "RECORD_TYPE",
    "REOPENED",
    "RESCHEDULE_REASONS",
    "RESULT_KEYS",
    "SLUG",
    "ComplaintOpener",
    "add_account",
    "callback_rules",
    "cancel_callback",
    "is_member",
    "mark_unsatisfied",
    "record_callback",
    "register_complaint_opener",
    "reschedule",
    "rest_hours",
    "schedule_callback",
    "schedule_for_complaint",
    "schedule_for_sheet",
    "schedule_for_source",
    "set_member",
    "stop_progress",
]

log = logging.getLogger(__name__)

#: ``opener(callback_row, reason, *, by, now) -> complaint id or None``; the complaints issue registers one.
ComplaintOpener = Callable[..., int | None]
_complaint_opener: ComplaintOpener | None = None


def register_complaint_opener(func: ComplaintOpener | None) -> None:
    """Let the complaint book open a complaint linked to an unsatisfied callback (None forgets it).

    :mod:`desktop.services.complaint_callbacks` registers its opener at import. Without one
    :func:`mark_unsatisfied` records the request (``complaint_requested``) so none is lost.
    """
    global _complaint_opener
    _complaint_opener = func


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
