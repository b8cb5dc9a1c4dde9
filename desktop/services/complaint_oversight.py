"""The manager's hold on complaints: re-coding one, and escalating one that missed its deadline.

The F08 rates appraise the department heads (000:158, 166), so only a manager re-codes a complaint's category,
department or validity (有效投诉, 001:1400), keeping what it was first; a complaint past its deadline is reported
to the manager (issue 6), and the escalation names whom.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.staff import Staff
from desktop.rules import complaints as rules
from desktop.rules.roles import MANAGER
from desktop.services.authz import requires
from desktop.services.complaint_records import (
    _write,
    find_department,
    minute,
    open_complaint,
    stripped,
)
from desktop.services.complaint_rows import (
    ComplaintRow,
    get_complaint,
    load,
)


@requires("complaint.recode")
def recode(
    complaint_id: int,
    *,
    category: str | None = None,
    department_id: int | None = None,
    valid: bool | None = None,
    reason: str,
    by: int | None,
    now: datetime,
) -> ComplaintRow:
    """A manager re-codes a complaint: category, responsible department, valid or not (有效投诉, 001:1400).

    The category and department the complaint had first are kept (``original_category``,
    ``original_department``) the first time it is re-coded; the complaint stays one complaint in the statistics.

    Raises:
        UserError: no reason, nothing to change, or an unknown category or department.
    """
    text = stripped(reason)
    if not text:
        raise UserError(_("Give the reason for re-coding the complaint."), "reason")
    if category is not None and category not in rules.CATEGORIES:
        raise UserError(_("Choose one of the complaint categories."), "category")
    department = find_department(department_id)
    with db.atomic():
        complaint = load(complaint_id)
        updates: dict[str, Any] = {}
        if category is not None and category != complaint.category:
            updates["category"] = category
        if department is not None and department.id != complaint.department_id:
            updates.update(department=department.name, department_ref=department.id)
        if valid is not None and valid != bool(complaint.valid):
            updates["valid"] = valid
        if not updates:
            raise UserError(_("Nothing would change: choose another category, department or validity."))
        if complaint.original_category is None:
            updates["original_category"] = complaint.category
            updates["original_department"] = complaint.department
        updates.update(recoded_by=by, recoded_at=minute(now))
        _write(complaint, updates, action="recode", by=by, now=now, summary=text)
    return get_complaint(complaint_id, now=now)


def manager_name() -> str:
    """The first active manager's name: who an overdue complaint is escalated to."""
    return str(
        Staff.select(Staff.name).where((Staff.role == MANAGER) & Staff.active).order_by(Staff.id).scalar()
        or ""
    )


@requires("record.update")
def escalate(complaint_id: int, *, by: int | None, now: datetime) -> ComplaintRow:
    """Record that an overdue complaint was reported to the manager (issue 6: escalation on a missed deadline).

    Raises:
        UserError: the complaint is finished or not overdue.
    """
    with db.atomic():
        complaint = open_complaint(complaint_id, None)
        reminder = rules.escalation(due=complaint.stage_due or now, now=now, final=complaint.final_due)
        if reminder is None:
            raise UserError(_("Complaint {number} is not overdue.").format(number=complaint.number))
        _write(
            complaint,
            {"escalated_at": minute(now)},
            action="escalate",
            by=by,
            now=now,
            summary=manager_name(),
        )
    return get_complaint(complaint_id, now=now)
