"""Where complaints meet the callback book: a complaint opened by a callback, and the callback that decides one.

The calls live in the callback book (:mod:`desktop.services.callbacks`); the two are linked through
:mod:`desktop.services.hooks` and an opener, so neither calls the other's workflow. An unsatisfied callback opens a
complaint through :func:`open_from_callback` (registered at import with
:func:`~desktop.services.callbacks.register_complaint_opener`); when the desk makes a complaint's callback, the
book emits ``callback_recorded`` and :func:`_on_callback_recorded` writes the result on the report (表1.2) through
:func:`record_callback_result`: satisfied closes, otherwise a linked new entry starts the cycle again (000:165).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError, ValidationError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.complaint import Complaint, ComplaintReport
from desktop.rules import callbacks as callback_rules
from desktop.rules import complaints as rules
from desktop.services import callbacks, hooks
from desktop.services.authz import requires
from desktop.services.complaint_records import (
    _advance,
    minute,
    open_complaint,
    require_stage,
    stored_text,
    stripped,
)
from desktop.services.complaint_registration import _insert
from desktop.services.complaint_rows import (
    ComplaintRow,
    get_complaint,
    load,
)


@requires("record.create")
def open_from_callback(callback: Any, reason: str, *, by: int | None, now: datetime) -> int:
    """The callback book's opener: an unsatisfied callback becomes a complaint (channel "callback").

    Registered with :func:`desktop.services.callbacks.register_complaint_opener`; runs inside the callback's
    transaction. Opening a complaint is ordinary desk work (001:958–972 首问负责制), hence ``record.create``;
    called from the checked :func:`desktop.services.callbacks.mark_unsatisfied` it is part of that use-case. The department is the one the followed-up problem sheet was handed to, if any.
    """
    department_id = None
    if getattr(callback, "source_kind", "") == "problem_sheet" and callback.source_id is not None:
        from desktop.models.ticket import ProblemSheet

        department_id = (
            ProblemSheet.select(ProblemSheet.department).where(ProblemSheet.id == callback.source_id).scalar()
        )
    matter = stored_text(N_("Callback {number}: {reason}")).format(number=callback.number, reason=reason)
    return _insert(
        {
            "organisation": callback.customer_name or callback.contact or stored_text(N_("(unknown caller)")),
            "matter": matter,
            "contact": callback.contact or callback.phone,
            "phone": callback.phone,
            "customer_id": callback.customer_id,
            "department_id": department_id,
            "channel": rules.CALLBACK,
            "category": "service",
        },
        by=by,
        now=now,
        source_kind="callback",
        source_id=callback.id,
    )


callbacks.register_complaint_opener(open_from_callback)


@requires("record.update")
def record_callback_result(
    complaint_id: int,
    *,
    outcome: str,
    result: str,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """The customer was called back (000:165): the result goes on the report; satisfied closes the complaint.

    Dissatisfied or a suggestion → this entry is marked reopened and a new register entry, linked to it (same
    customer, department and category; channel "callback"), starts the cycle again; the returned row's
    ``next_id`` is the new entry.

    Raises:
        UserError: no result written, an unknown outcome, no report filed yet, or another stage is due.
    """
    text = stripped(result)
    if outcome not in rules.OUTCOMES:
        raise UserError(_("Choose the callback outcome."), "callback_outcome")
    if not text:
        # 000:165 "如实填写回访结果".
        raise UserError(_("Write down what the customer said."), "callback_result")
    with db.atomic():
        complaint = open_complaint(complaint_id, expected_version)
        require_stage(complaint, rules.CALLBACK_STAGE)
        report = ComplaintReport.get_or_none(ComplaintReport.complaint == complaint.id)
        if report is None:
            raise UserError(_("File the handling report before the callback result."))
        ComplaintReport.update(
            callback_outcome=outcome, callback_result=text, updated_at=now, version=report.version + 1
        ).where(ComplaintReport.id == report.id).execute()
        status = rules.after_callback(outcome)
        at = minute(now)
        _advance(
            complaint,
            rules.CALLBACK_STAGE,
            note=f"{_(rules.OUTCOMES[outcome])}: {text}",
            by=by,
            now=now,
            extra={"status": status, "stage": None, "stage_due": None, "closed_at": at},
        )
        follow_id = None
        if status == rules.REOPENED:
            # 000:165 人力公关部应重新填写《投诉记录表》: a new entry, relayed to the head again.
            follow_id = _insert(
                {
                    "organisation": complaint.organisation,
                    "matter": stored_text(N_("Not satisfied after complaint {number}: {result}")).format(
                        number=complaint.number, result=text
                    ),
                    "contact": complaint.contact,
                    "phone": complaint.phone,
                    "address": complaint.address,
                    "customer_id": complaint.customer_id,
                    "department_id": complaint.department_id,
                    "category": complaint.category,
                    "complexity": complaint.complexity,
                    "channel": rules.CALLBACK,
                },
                by=by,
                now=now,
                parent=load(complaint.id),
                source_kind="complaint",
                source_id=complaint.id,
            )
        # The callback book stops the progress calls and completes the complaint's callback if the result
        # was written here rather than in the callback dialog (older data, the command line, the demo).
        hooks.emit("complaint_closed", complaint_id=complaint.id, status=status, outcome=outcome, result=text,
                   follow_id=follow_id, by=by, now=now)  # fmt: skip
    return get_complaint(complaint_id, now=now)


def _on_callback_recorded(
    *,
    source_kind: str,
    source_id: int | None,
    purpose: str,
    satisfaction: str | None,
    result: str,
    by: int | None,
    now: datetime,
    **_payload: Any,
) -> int | None:
    """The callback book made a complaint's callback: its result goes on the report (表1.2) and decides.

    Satisfied closes the complaint; not satisfied (or average) reopens it as a new linked entry, whose id is
    returned so the callback shows where the complaint went. Progress calls change nothing here.

    Raises:
        ValidationError: the satisfaction was not ticked (the complaint cannot be decided without it).
    """
    if source_kind != "complaint" or source_id is None or purpose != callback_rules.COMPLAINT:
        return None
    complaint = Complaint.get_or_none(Complaint.id == source_id)
    if complaint is None or complaint.status != rules.OPEN or complaint.stage != rules.CALLBACK_STAGE:
        return None
    outcome = rules.outcome_from_satisfaction(satisfaction)
    if outcome is None:
        raise ValidationError(
            {"satisfaction": _("Tick whether the customer is satisfied: it decides the complaint.")}
        )
    row = record_callback_result(source_id, outcome=outcome, result=result, by=by, now=now)
    return row.next_id


hooks.on("callback_recorded", _on_callback_recorded, name="complaints")


@requires("record.update")
def ensure_callback(complaint_id: int, *, by: int | None, now: datetime) -> int | None:
    """The callback-book entry of a complaint waiting for its callback: the pending one, or a new one.

    The complaint detail opens the callback dialog on it, so the call is recorded in one place. None when the
    complaint does not wait for its callback.
    """
    with db.atomic():
        complaint = load(complaint_id)
        if complaint.status != rules.OPEN or complaint.stage != rules.CALLBACK_STAGE:
            return None
        results = hooks.emit("complaint_handled", complaint_id=complaint.id, number=complaint.number,
                             solved=True, handled_at=complaint.stage_started_at or minute(now), by=by,
                             now=now)  # fmt: skip
    return next((int(row.id) for row in results if getattr(row, "id", None) is not None), None)
