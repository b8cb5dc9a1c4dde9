"""The complaint workflow's note-only steps: relaying to the responsible head and the stages finished by a note.

Seed 000 relays a complaint at once to the responsible head (000:163), who answers it; seed 004 adds verify,
plan, confirm and carry out (004:170-176). Each finishes the stage the complaint waits for through
:func:`~desktop.services.complaint_records._advance`; the handling report, the callback result and re-coding have
modules of their own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.rules import complaints as rules
from desktop.services.authz import requires
from desktop.services.complaint_records import (
    _advance,
    _write,
    find_department,
    find_staff,
    minute,
    open_complaint,
    stripped,
)
from desktop.services.complaint_rows import (
    ComplaintRow,
    get_complaint,
)


@requires("record.update")
def relay(
    complaint_id: int,
    *,
    to_staff_id: int | None = None,
    to_name: str = "",
    department_id: int | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """The complaint was relayed to the responsible head (000:163): 转述时间 and 转述人 written, next stage starts.

    Under seed 004 there is no relay stage; relaying still fills the register's columns.

    Raises:
        UserError: nobody named, someone who left, or the complaint is finished.
    """
    staff = find_staff(to_staff_id)
    name = staff.name if staff is not None else " ".join(to_name.split())
    if not name:
        raise UserError(_("Name the head the complaint was relayed to."), "relayed_to")
    if staff is not None and not staff.active:
        raise UserError(
            _("{name} no longer works here; choose someone else.").format(name=staff.name), "relayed_to"
        )
    if department_id is None and staff is not None:
        department_id = staff.department_id
    department = find_department(department_id)
    at = minute(now)
    with db.atomic():
        complaint = open_complaint(complaint_id, expected_version)
        updates: dict[str, Any] = {"relayed_at": at, "relayed_to": name, "relayed_to_staff": to_staff_id}
        if department is not None:
            updates.update(department=department.name, department_ref=department.id)
        if complaint.stage == rules.RELAY:
            _advance(complaint, rules.RELAY, note=name, by=by, now=now, extra=updates)
        else:
            _write(complaint, updates, action=rules.RELAY, by=by, now=now, summary=name)
    return get_complaint(complaint_id, now=now)


@requires("record.update")
def complete_stage(
    complaint_id: int,
    stage: str,
    *,
    note: str,
    promised_at: datetime | None = None,
    confirmation: str | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """Finish a stage that needs only a note: the answer (000:304), verify, plan, confirm, carry out (004).

    Args:
        stage: the stage the complaint waits for.
        note: what was done or said (required).
        promised_at: at the plan stage, what was promised to the customer for carrying it out (004:176).
        confirmation: at the confirm stage, how the customer accepted (:data:`~desktop.rules.complaints.CONFIRMATIONS`).

    Raises:
        UserError: no note, another stage is due, a missing confirmation, or the complaint is finished.
    """
    text = stripped(note)
    if not text:
        raise UserError(_("Write down what was done."), "note")
    if stage in (rules.RELAY, rules.REPORT, rules.SUMMARY, rules.CALLBACK_STAGE):
        raise ValueError(f"stage {stage!r} has its own use-case")
    if stage == rules.CONFIRM and confirmation not in rules.CONFIRMATIONS:
        # 004:170: the plan needs the customer's signature or recorded consent.
        raise UserError(
            _("Say how the customer accepted the plan: signed, or consent recorded."), "confirmation"
        )
    with db.atomic():
        complaint = open_complaint(complaint_id, expected_version)
        extra: dict[str, Any] = {}
        if promised_at is not None:
            extra["promised_at"] = minute(promised_at)
        if confirmation is not None:
            text = f"{_(rules.CONFIRMATIONS[confirmation])}: {text}"
        _advance(complaint, stage, note=text, by=by, now=now, extra=extra)
    return get_complaint(complaint_id, now=now)
