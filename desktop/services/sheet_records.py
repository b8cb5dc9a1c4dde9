"""Reading and writing one problem sheet row: the shared ground of the sheet services.

:mod:`desktop.services.sheets` (filing, editing) and :mod:`desktop.services.sheet_steps` (the workflow) both
load a sheet, check its version, write it with a version bump and an audit event, and turn it into a
:class:`~desktop.services.sheet_rows.SheetRow`; those pieces live here so neither imports the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import ConflictError, UserError
from desktop.formspec.loader import load_form
from desktop.formspec.model import FormDef
from desktop.i18n import _
from desktop.models.callback import Callback
from desktop.models.staff import Department, Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules import sheet_workflow
from desktop.rules.sheet_workflow import CLOSED, HANDED_OVER, PLANNED, RECEIVED, RESOLVED, REVIEWED
from desktop.services import audit
from desktop.services.audit import AuditRow
from desktop.services.callback_rows import DONE as CALLBACK_DONE
from desktop.services.sheet_rows import SheetRow

SLUG = "problem_sheet"
#: Counter scheme of sheet numbers (desktop.services.numbering).
NUMBER_SCHEME = "problem_sheet"

#: Workflow status → the option of the form's ``status`` field that prints it (forms/problem_sheet.toml keeps
#: the spec's finer status list for paper; the workflow uses six).
FORM_STATUS: dict[str, str] = {
    RECEIVED: "received",
    HANDED_OVER: "transferred",
    PLANNED: "in_progress",
    RESOLVED: "result_returned",
    REVIEWED: "reviewed",
    CLOSED: "closed",
}
#: Form status option → workflow status, for imports (the options the workflow has no state for map to the
#: nearest one).
STATUS_FROM_FORM: dict[str, str] = {
    **{form_key: status for status, form_key in FORM_STATUS.items()},
    "awaiting_test": RECEIVED,
    "reopened": RECEIVED,
    "customer_replied": RESOLVED,
    "called_back": REVIEWED,
}


def minute(moment: datetime) -> datetime:
    """Times on the sheet are to the minute, as the form writes them (and a CSV round trip keeps them)."""
    return moment.replace(second=0, microsecond=0)


def sheet_form() -> FormDef:
    return load_form(SLUG)


def find_staff(staff_id: int | None) -> Staff | None:
    if staff_id is None:
        return None
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("There is no staff member with id {id}.").format(id=staff_id))
    return staff


def staff_name(staff_id: int | None) -> str:
    staff = find_staff(staff_id)
    return staff.name if staff else ""


def load_sheet(sheet_id: int) -> ProblemSheet:
    sheet = ProblemSheet.get_or_none(ProblemSheet.id == sheet_id)
    if sheet is None:
        raise UserError(_("There is no problem sheet with id {id}.").format(id=sheet_id))
    return sheet


def column_values(sheet: ProblemSheet) -> dict[str, Any]:
    """Every column of the row, for audit diffs (foreign keys as ids)."""
    return {field.name: getattr(sheet, field.object_id_name if hasattr(field, "object_id_name") else field.name)
            for field in ProblemSheet._meta.sorted_fields}  # fmt: skip


def check_version(sheet: ProblemSheet, expected_version: int | None) -> None:
    if expected_version is not None and sheet.version != expected_version:
        raise ConflictError(
            _(
                "Sheet {number} was changed on another desk after you opened it. Nothing was saved; "
                "open it again to see the changes."
            ).format(number=sheet.number)
        )


# --- reading -----------------------------------------------------------------------------------------------------


def form_values(sheet: ProblemSheet) -> dict[str, Any]:
    """The sheet as its form's values (every key of problem_sheet.toml; None when empty)."""
    values: dict[str, Any] = {}
    for field in sheet_form().fields:
        if field.type == "signature":
            continue
        key = field.key
        if key == "status":
            # The paper's 已审核 → 已回访 → 已结案: a reviewed sheet whose customer was called back prints so.
            called = sheet.status == REVIEWED and called_back(sheet)
            values[key] = "called_back" if called else FORM_STATUS.get(sheet.status, sheet.status)
            continue
        value = getattr(sheet, key)
        values[key] = None if value == "" else value
    return values


def called_back(sheet: ProblemSheet) -> bool:
    """Whether the customer has been called back about the sheet's latest result (seed 000:85-88).

    A callback about this sheet made at or after the result came back counts, whatever the customer said: an
    unhappy one reopens the sheet or opens a complaint from the callback dialog.
    """
    if sheet.result_returned_at is None:
        return False
    return bool(
        Callback.select()
        .where(
            (Callback.source_kind == SLUG)
            & (Callback.source_id == sheet.id)
            & (Callback.status == CALLBACK_DONE)
            & (Callback.done_at >= sheet.result_returned_at)
        )
        .exists()
    )


def sheet_row(sheet: ProblemSheet, now: datetime) -> SheetRow:
    """The frozen row of ``sheet`` with overdue flags judged at ``now``."""
    handler_name = staff_name(sheet.handed_to_staff_id) if sheet.handed_to_staff_id else ""
    department = (
        Department.get_or_none(Department.id == sheet.handed_to_department_id)
        if sheet.handed_to_department_id
        else None
    )
    in_hand = sheet.status in (HANDED_OVER, PLANNED)
    called = sheet.status in (RESOLVED, REVIEWED) and called_back(sheet)
    return SheetRow(
        id=sheet.id,
        number=sheet.number,
        status=sheet.status,
        status_label=sheet_workflow.STATUS_LABELS.get(sheet.status, sheet.status),
        allowed_actions=sheet_workflow.allowed_actions(sheet.status, called_back=called),
        called_back=called,
        category=sheet.category,
        customer_name=sheet.customer_name,
        mobile=sheet.mobile,
        received_at=sheet.received_at,
        received_by_id=sheet.received_by_id,
        operator_no=sheet.operator_no,
        handed_to_staff_id=sheet.handed_to_staff_id,
        handed_to_staff_name=handler_name or sheet.handed_to_person,
        handed_to_department_id=sheet.handed_to_department_id,
        handed_to_department_name=department.name if department else sheet.handed_to_department,
        handover_due=sheet.handover_due,
        result_due=sheet.result_due,
        handover_overdue=sheet.status == RECEIVED and now > sheet.handover_due,
        result_overdue=in_hand and sheet.result_due is not None and now > sheet.result_due,
        reopen_count=sheet.reopen_count,
        closed_at=sheet.closed_at,
        customer_id=sheet.customer_id,
        values=form_values(sheet),
        version=sheet.version,
    )


def get_sheet(sheet_id: int, *, now: datetime) -> SheetRow:
    """The sheet with ``sheet_id``, overdue flags judged at ``now``.

    Raises:
        UserError: there is no such sheet.
    """
    return sheet_row(load_sheet(sheet_id), now)


def get_sheet_by_number(number: str, *, now: datetime) -> SheetRow | None:
    """The sheet numbered ``number`` (blanks around it ignored), or None."""
    sheet = ProblemSheet.get_or_none(ProblemSheet.number == (number or "").strip())
    return sheet_row(sheet, now) if sheet else None


def history(sheet_id: int) -> list[AuditRow]:
    """Every audit event of the sheet, oldest first: who filed it and who took each step, when."""
    return audit.history(SLUG, sheet_id)


def write_sheet(
    sheet: ProblemSheet,
    updates: dict[str, Any],
    *,
    action: str,
    by: int | None,
    now: datetime,
    summary: str = "",
    note: dict[str, Any] | None = None,
) -> None:
    """Apply ``updates`` with a version bump (refused if the row changed meanwhile) and audit them."""
    before = column_values(sheet)
    count = (
        ProblemSheet.update(**updates, updated_at=now, version=sheet.version + 1)
        .where((ProblemSheet.id == sheet.id) & (ProblemSheet.version == sheet.version))
        .execute()
    )
    if count != 1:
        check_version(sheet, -1)
    after = column_values(load_sheet(sheet.id))
    changes = {
        key: value for key, value in audit.diff(before, after).items() if key not in ("updated_at", "version")
    }
    changes.update({key: [None, value] for key, value in (note or {}).items()})
    audit.record_event(
        action=action,
        record_type=SLUG,
        record_id=sheet.id,
        changes=changes,
        summary=summary or sheet.number,
        by=by,
        now=now,
    )
