"""The problem sheet's workflow steps (seed 000 §4.5.6, spec §2.1), each in one transaction with its audit event.

received → handed over (to a person or department; category suggests where, 000:97-118) → handling plan →
result → reviewed → called back → closed; solved on the phone closes at once (000:90-92); reopen needs a reason;
a head may close without the callback, with a reason. Which step may follow which is
:mod:`desktop.rules.sheet_workflow`'s; who may review is the setting ``review.roles``.
Import these from :mod:`desktop.services.sheets`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.staff import Department, Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules import roles, sheet_workflow
from desktop.services import hooks
from desktop.services.authz import requires
from desktop.services.calendar import handover_due_at, result_due_at
from desktop.services.settings import get_setting
from desktop.services.sheet_records import (
    called_back,
    check_version,
    find_staff,
    get_sheet,
    load_sheet,
    minute,
    staff_name,
    write_sheet,
)
from desktop.services.sheet_rows import SheetRow

# --- the workflow ------------------------------------------------------------------------------------------------


def _step(
    sheet_id: int,
    action: str,
    *,
    by: int | None,
    now: datetime,
    expected_version: int | None,
    apply: Callable[[ProblemSheet], dict[str, Any]],
    summary: str = "",
    note: dict[str, Any] | None = None,
    guard: Callable[[ProblemSheet], None] | None = None,
) -> SheetRow:
    """Take workflow ``action`` on the sheet in one transaction: check (the status, then ``guard``), write the
    fields ``apply`` returns and the new status, audit."""
    with db.atomic():
        sheet = load_sheet(sheet_id)
        check_version(sheet, expected_version)
        target = sheet_workflow.next_status(sheet.status, action)
        if target is None:
            raise UserError(
                _('{action} is not possible for sheet {number}: its status is "{status}".').format(
                    action=_(sheet_workflow.ACTION_LABELS[action]),
                    number=sheet.number,
                    status=_(sheet_workflow.STATUS_LABELS.get(sheet.status, sheet.status)),
                )
            )
        if guard is not None:
            guard(sheet)
        updates = apply(sheet)
        updates["status"] = target
        write_sheet(sheet, updates, action=action, by=by, now=now, summary=summary, note=note)
    return get_sheet(sheet_id, now=now)


def _required_text(text: str, message: str, field: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise UserError(message, field)
    return cleaned


def suggest_route(category: str) -> tuple[int | None, int | None]:
    """(department id, staff id) a sheet of ``category`` goes to by default, from this office's people.

    seed 000:97-118: technical and other problems → a technical support engineer, sales → the product
    division's head, service → the customer-service implementation engineer. The department is the first whose
    name contains the route's hint; the person the first active staff member of it with the route's role. Either
    is None when the office has no match; the operator may hand the sheet to anyone.
    """
    route = sheet_workflow.default_route(category)
    department = (
        Department.select(Department.id)
        .where(Department.name.contains(route.department_hint))
        .order_by(Department.id)
        .tuples()
        .first()
    )
    if department is None:
        return None, None
    staff = (
        Staff.select(Staff.id)
        .where((Staff.department == department[0]) & (Staff.role == route.role) & Staff.active)
        .order_by(Staff.id)
        .tuples()
        .first()
    )
    return department[0], staff[0] if staff else None


@requires("record.update")
def hand_over(
    sheet_id: int,
    *,
    staff_id: int | None = None,
    department_id: int | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> SheetRow:
    """Hand the sheet to a person and/or a department; the result deadline starts (seed 000:95).

    Handing it over again (to someone else) restarts the result deadline. A person given without a department
    takes their own department along.

    Raises:
        UserError: neither a person nor a department, an unknown one, or a step the status does not allow.
    """
    if staff_id is None and department_id is None:
        raise UserError(
            _("Choose the person or the department to hand the sheet over to."), "handed_to_person"
        )
    staff = find_staff(staff_id)
    if staff is not None and not staff.active:
        raise UserError(
            _("{name} no longer works here; choose someone else.").format(name=staff.name), "handed_to_person"
        )
    if department_id is None and staff is not None:
        department_id = staff.department_id
    department = Department.get_or_none(Department.id == department_id) if department_id is not None else None
    if department_id is not None and department is None:
        raise UserError(
            _("There is no department with id {id}.").format(id=department_id), "handed_to_department"
        )
    at = minute(now)

    def apply(_sheet: ProblemSheet) -> dict[str, Any]:
        return {
            "handed_to_staff": staff.id if staff else None,
            "handed_to_person": staff.name if staff else "",
            "department": department.id if department else None,
            "handed_to_department": department.name if department else "",
            "handed_over_at": at,
            "result_due": result_due_at(at),
        }

    return _step(
        sheet_id, sheet_workflow.HAND_OVER, by=by, now=now, expected_version=expected_version, apply=apply
    )


@requires("record.update")
def solve_on_phone(
    sheet_id: int, *, solution: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the solution given on the phone and close the sheet at once (seed 000:90-92).

    Raises:
        UserError: no solution written, or the sheet is no longer just received.
    """
    text = _required_text(solution, _("Write down the solution given on the phone."), "result")
    at = minute(now)
    name = staff_name(by)

    def apply(_sheet: ProblemSheet) -> dict[str, Any]:
        return {
            "result": text,
            "handler": name,
            "handled_date": at.date(),
            "result_returned_at": at,
            "closed_at": at,
        }

    return _step(
        sheet_id,
        sheet_workflow.SOLVE_ON_PHONE,
        by=by,
        now=now,
        expected_version=expected_version,
        apply=apply,
    )


@requires("record.update")
def record_plan(
    sheet_id: int, *, plan: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the handling plan (处理方案); ``by`` signs it as drafter (拟案人) with today's date.

    Raises:
        UserError: no plan written, or the sheet has not been handed over.
    """
    text = _required_text(plan, _("Write down the handling plan."), "plan")
    name = staff_name(by)

    def apply(_sheet: ProblemSheet) -> dict[str, Any]:
        return {"plan": text, "plan_by": name, "plan_date": now.date()}

    return _step(
        sheet_id, sheet_workflow.RECORD_PLAN, by=by, now=now, expected_version=expected_version, apply=apply
    )


@requires("record.update")
def record_result(
    sheet_id: int,
    *,
    result: str,
    handler_id: int | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> SheetRow:
    """Record the handling result (处理结果): the result is back at the desk (seed 000:95).

    The handler (处理人, the engineer the repair callback names) is ``handler_id`` when the desk says who did
    the work, else the person the sheet was handed to — never ``by``, the receptionist typing the result in.

    Raises:
        UserError: no result written, an unknown handler, or the sheet has not been handed over.
    """
    text = _required_text(result, _("Write down the result of the handling."), "result")
    at = minute(now)
    chosen = find_staff(handler_id)

    def apply(sheet: ProblemSheet) -> dict[str, Any]:
        return {
            "result": text,
            "handler": chosen.name if chosen else sheet.handed_to_person,
            "handled_date": at.date(),
            "result_returned_at": at,
        }

    with db.atomic():
        row = _step(
            sheet_id,
            sheet_workflow.RECORD_RESULT,
            by=by,
            now=now,
            expected_version=expected_version,
            apply=apply,
        )
        # 当天故障,第二天回访 (seed 000:88): whoever follows a result up (callbacks) does it in this transaction.
        hooks.emit("sheet_resolved", sheet_id=sheet_id, resolved_at=at, by=by, now=now)
    return row


def reviewer_roles() -> list[str]:
    """Roles that may sign the review box (Settings ``review.roles``; default department head, manager)."""
    return list(get_setting("review.roles"))


@requires("sheet.review")
def review(
    sheet_id: int, *, comment: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Sign the review box (审核栏) with a comment; ``by`` signs as reviewer with today's date.

    The seed does not say who reviews (spec §2.1 step 9); the office's setting ``review.roles`` does.

    Raises:
        UserError: ``by`` has no role allowed to review, or the result is not back yet.
    """
    allowed = reviewer_roles()
    staff = find_staff(by)
    if staff is None or staff.role not in allowed:
        raise UserError(
            _("Only these roles may review a problem sheet: {roles}.").format(
                roles=", ".join(_(roles.role_label(role)) for role in allowed)
            )
        )
    text = (comment or "").strip()

    def apply(_sheet: ProblemSheet) -> dict[str, Any]:
        return {"review": text, "reviewer": staff.name, "review_date": now.date()}

    return _step(
        sheet_id, sheet_workflow.REVIEW, by=by, now=now, expected_version=expected_version, apply=apply
    )


@requires("record.update")
def close(sheet_id: int, *, by: int | None, now: datetime, expected_version: int | None = None) -> SheetRow:
    """Close a sheet whose result was reviewed and whose customer was called back (seed 000 ch.3: 已审核 →
    已回访 → 已结案; "800保存记录", 000:106, 111).

    Raises:
        UserError: not reviewed yet, or the customer not called back since the result (the message says to
            make the callback or to close without callback).
    """
    at = minute(now)

    def guard(sheet: ProblemSheet) -> None:
        refusal = sheet_workflow.close_refusal(sheet.status, called_back=called_back(sheet))
        if refusal is not None:
            raise UserError(
                _("Sheet {number} cannot be closed yet. {reason}").format(
                    number=sheet.number, reason=_(refusal)
                )
            )

    return _step(
        sheet_id,
        sheet_workflow.CLOSE,
        by=by,
        now=now,
        expected_version=expected_version,
        apply=lambda _sheet: {"closed_at": at},
        guard=guard,
    )


@requires("sheet.waive_callback")
def close_without_callback(
    sheet_id: int, *, reason: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Close a reviewed sheet whose customer cannot or need not be called back, with the reason.

    Every repair is called back (001:1698, 100 %); waiving it is a head's decision (permission
    ``sheet.waive_callback``). The reason is kept in the history, and the sheet's pending callback is cancelled
    with it (``sheet_callback_waived``), so the callback book does not keep asking.

    Raises:
        UserError: no reason, a role not allowed, or the sheet not reviewed.
    """
    text = _required_text(reason, _("Give the reason why the customer is not called back."), "reason")
    at = minute(now)
    with db.atomic():
        row = _step(
            sheet_id,
            sheet_workflow.CLOSE_WITHOUT_CALLBACK,
            by=by,
            now=now,
            expected_version=expected_version,
            apply=lambda _sheet: {"closed_at": at},
            summary=text,
            note={"reason": text},
        )
        hooks.emit("sheet_callback_waived", sheet_id=sheet_id, reason=text, by=by, now=now)
    return row


@requires("record.update")
def reopen(
    sheet_id: int, *, reason: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Send a finished sheet back to received with a reason (e.g. the callback found it still faulty).

    A new hand-over deadline runs from now; the result deadline and the closing time are cleared. The reason is
    kept in the history.

    Raises:
        UserError: no reason given, or the sheet is not finished.
    """
    text = _required_text(reason, _("Give the reason for reopening the sheet."), "reason")
    at = minute(now)

    def apply(sheet: ProblemSheet) -> dict[str, Any]:
        return {
            "reopen_count": sheet.reopen_count + 1,
            "handover_due": handover_due_at(at),
            "result_due": None,
            "result_returned_at": None,
            "closed_at": None,
        }

    return _step(
        sheet_id,
        sheet_workflow.REOPEN,
        by=by,
        now=now,
        expected_version=expected_version,
        apply=apply,
        summary=text,
        note={"reason": text},
    )
