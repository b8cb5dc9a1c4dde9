"""Problem-handling sheets (800客户问题处理表, F01): filing, the hand-over workflow, deadlines, lists and search.

Seed 000 §4.5 (spec §2.1): a problem the hotline cannot solve on the phone is written on a sheet, numbered
date + operator no. + serial (000:97), handed to the person or department responsible within 2 working hours
(000:95), whose result is due back within 2 working days (000:95); a late result makes the operator chase the
handler and tell the customer (000:96). The steps and statuses are :mod:`desktop.rules.sheet_workflow`'s; this
module writes them, each step in one transaction with its audit event. Lists, search and due items are in
:mod:`desktop.services.sheet_list` and re-exported here; the record store and demo data live beside them.

Every public function returns frozen rows (:class:`SheetRow`, :class:`SheetListRow`), never peewee objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.errors import ConflictError, UserError, ValidationError
from desktop.formspec.loader import load_form
from desktop.formspec.model import FormDef
from desktop.formspec.types import parse_field, type_of
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.customer import Customer
from desktop.models.staff import Department, Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules import roles, sheet_workflow
from desktop.rules.sheet_workflow import CLOSED, HANDED_OVER, PLANNED, RECEIVED, RESOLVED, REVIEWED
from desktop.services import audit, hooks
from desktop.services.audit import AuditRow
from desktop.services.calendar import handover_due_at, result_due_at
from desktop.services.customers import normalise_mobile
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting
from desktop.services.sheet_list import count_sheets, due_items, list_sheets, open_sheets_for_phone
from desktop.services.sheet_rows import SORT_KEYS, SheetListRow, SheetQuery, SheetRow

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

#: Form fields the desk types (file_sheet / update_sheet); the others are written by the workflow steps.
EDITABLE_KEYS: tuple[str, ...] = (
    "category",
    "customer_name",
    "contact_person",
    "mobile",
    "office_phone",
    "site",
    "address",
    "description",
    "intake_by",
    "intake_date",
    "plan",
    "result",
)
#: Form keys whose column is text ("" when empty; values show None).
_DATE_KEYS = ("intake_date", "plan_date", "handled_date", "review_date")
_DATETIME_KEYS = ("received_at", "handed_over_at", "handover_due", "result_due", "result_returned_at")


@dataclass(frozen=True)
class Category:
    """A problem category of Settings ``sheet.categories`` (key stored, labels shown)."""

    key: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        """The label in ``lang`` (Chinese for anything but English)."""
        return self.en if lang == "en" else self.zh


# --- small helpers ---------------------------------------------------------------------------------------------


def categories() -> list[Category]:
    """The problem categories the office uses (Settings ``sheet.categories``; seed 000 F01 by default)."""
    return [Category(**item) for item in get_setting("sheet.categories")]


def _minute(moment: datetime) -> datetime:
    """Times on the sheet are to the minute, as the form writes them (and a CSV round trip keeps them)."""
    return moment.replace(second=0, microsecond=0)


def _form() -> FormDef:
    return load_form(SLUG)


def _staff(staff_id: int | None) -> Staff | None:
    if staff_id is None:
        return None
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("There is no staff member with id {id}.").format(id=staff_id))
    return staff


def _staff_name(staff_id: int | None) -> str:
    staff = _staff(staff_id)
    return staff.name if staff else ""


def _load(sheet_id: int) -> ProblemSheet:
    sheet = ProblemSheet.get_or_none(ProblemSheet.id == sheet_id)
    if sheet is None:
        raise UserError(_("There is no problem sheet with id {id}.").format(id=sheet_id))
    return sheet


def _column_values(sheet: ProblemSheet) -> dict[str, Any]:
    """Every column of the row, for audit diffs (foreign keys as ids)."""
    return {field.name: getattr(sheet, field.object_id_name if hasattr(field, "object_id_name") else field.name)
            for field in ProblemSheet._meta.sorted_fields}  # fmt: skip


def _check_version(sheet: ProblemSheet, expected_version: int | None) -> None:
    if expected_version is not None and sheet.version != expected_version:
        raise ConflictError(
            _(
                "Sheet {number} was changed on another desk after you opened it. Nothing was saved; "
                "open it again to see the changes."
            ).format(number=sheet.number)
        )


def _clean(values: dict[str, Any], form: FormDef) -> dict[str, Any]:
    """``values`` restricted to the keys the desk types, text parsed like the entry dialog does."""
    unknown = [key for key in values if not form.has_field(key) and key != "customer_id"]
    if unknown:
        raise ValueError(f"not fields of {SLUG}: {unknown}")
    cleaned: dict[str, Any] = {}
    for key in EDITABLE_KEYS:
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, str):
            value = parse_field(form.field(key), value)
        cleaned[key] = value
    return cleaned


def _validate(merged: dict[str, Any], form: FormDef) -> None:
    """Refuse the typed values with every problem by field (ValidationError)."""
    errors: dict[str, str] = {}
    for key in EDITABLE_KEYS:
        if key == "category":
            continue  # checked against Settings below: the list is the office's, not the definition's
        field = form.field(key)
        message = type_of(field).validate(merged.get(key), field)
        if message:
            errors[key] = message
    known = {category.key for category in categories()}
    if not merged.get("category"):
        errors["category"] = _("Choose the problem category.")
    elif merged["category"] not in known:
        errors["category"] = _("{value} is not one of the problem categories in Settings.").format(
            value=merged["category"]
        )
    if errors:
        raise ValidationError(errors)


def _to_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Typed form values as column values: text columns hold "" for empty, phones without blanks."""
    columns: dict[str, Any] = {}
    for key, value in values.items():
        if key in _DATE_KEYS or key in _DATETIME_KEYS:
            columns[key] = value
        elif key == "mobile":
            columns[key] = normalise_mobile(value or "")
        else:
            columns[key] = value if value is not None else ""
    return columns


def _customer_for(mobile: str, given: Any) -> int | None:
    """The customer a sheet is about: the id given, else the only customer with this mobile."""
    if given is not None:
        if not Customer.select().where(Customer.id == given).exists():
            raise UserError(_("There is no customer with id {id}.").format(id=given))
        return int(given)
    if not mobile:
        return None
    ids = [row[0] for row in Customer.select(Customer.id).where(Customer.mobile == mobile).limit(2).tuples()]
    return ids[0] if len(ids) == 1 else None


# --- reading -----------------------------------------------------------------------------------------------------


def form_values(sheet: ProblemSheet) -> dict[str, Any]:
    """The sheet as its form's values (every key of problem_sheet.toml; None when empty)."""
    values: dict[str, Any] = {}
    for field in _form().fields:
        if field.type == "signature":
            continue
        key = field.key
        if key == "status":
            values[key] = FORM_STATUS.get(sheet.status, sheet.status)
            continue
        value = getattr(sheet, key)
        values[key] = None if value == "" else value
    return values


def _row(sheet: ProblemSheet, now: datetime) -> SheetRow:
    staff_name = _staff_name(sheet.handed_to_staff_id) if sheet.handed_to_staff_id else ""
    department = (
        Department.get_or_none(Department.id == sheet.handed_to_department_id)
        if sheet.handed_to_department_id
        else None
    )
    in_hand = sheet.status in (HANDED_OVER, PLANNED)
    return SheetRow(
        id=sheet.id,
        number=sheet.number,
        status=sheet.status,
        status_label=sheet_workflow.STATUS_LABELS.get(sheet.status, sheet.status),
        allowed_actions=sheet_workflow.allowed_actions(sheet.status),
        category=sheet.category,
        customer_name=sheet.customer_name,
        mobile=sheet.mobile,
        received_at=sheet.received_at,
        received_by_id=sheet.received_by_id,
        operator_no=sheet.operator_no,
        handed_to_staff_id=sheet.handed_to_staff_id,
        handed_to_staff_name=staff_name or sheet.handed_to_person,
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
    return _row(_load(sheet_id), now)


def get_sheet_by_number(number: str, *, now: datetime) -> SheetRow | None:
    """The sheet numbered ``number`` (blanks around it ignored), or None."""
    sheet = ProblemSheet.get_or_none(ProblemSheet.number == (number or "").strip())
    return _row(sheet, now) if sheet else None


def history(sheet_id: int) -> list[AuditRow]:
    """Every audit event of the sheet, oldest first: who filed it and who took each step, when."""
    return audit.history(SLUG, sheet_id)


# --- filing and editing ------------------------------------------------------------------------------------------


def take_number(moment: datetime, *, operator: str, reserved: frozenset[str] = frozenset()) -> str:
    """The next free sheet number for ``moment`` with the office's pattern; inside the caller's transaction.

    Serials are gap-free (desktop.services.numbering). A number an import kept can be the next one of its
    counter; it is skipped rather than refused, the only case in which a serial is left out. ``reserved`` are
    numbers an import in progress is about to write.
    """
    pattern = get_setting("numbering.problem_sheet")
    while True:
        number = next_number(NUMBER_SCHEME, pattern=pattern, operator=operator, now=moment)
        if number not in reserved and not ProblemSheet.select().where(ProblemSheet.number == number).exists():
            return number


def file_sheet(
    values: dict[str, Any], *, by: int | None, now: datetime, operator_no: str | None = None
) -> SheetRow:
    """File a new sheet: status received, numbered, hand-over deadline set, audited.

    Args:
        values: form values the desk typed (keys of problem_sheet.toml; others than :data:`EDITABLE_KEYS` are
            ignored, so the entry dialog may pass everything it holds), plus optionally ``customer_id``.
        by: the operator filing it (their employee no. goes into the number unless ``operator_no`` is given).
        now: the moment of receipt; the hand-over deadline runs from it (seed 000:95).
        operator_no: the hotline operator's number for the sheet number (seed 000:97).

    Raises:
        ValidationError: a required field is empty or a value is wrong (field → message).
        UserError: the number pattern needs an operator's number and there is none.
    """
    form = _form()
    cleaned = _clean(values, form)
    staff = _staff(by)
    received_at = _minute(now)
    merged = {
        "intake_by": staff.name if staff else None,
        "intake_date": received_at.date(),
        **{key: value for key, value in cleaned.items() if value is not None},
    }
    _validate(merged, form)
    operator = operator_no if operator_no is not None else (staff.employee_no if staff else "")
    with db.atomic():
        number = take_number(received_at, operator=operator)
        columns = _to_columns(merged)
        row = {
            **columns,
            "number": number,
            "status": RECEIVED,
            "received_at": received_at,
            "received_by": by,
            "operator_no": operator or "",
            "handover_due": handover_due_at(received_at),
            "customer": _customer_for(columns.get("mobile", ""), values.get("customer_id")),
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        sheet_id = ProblemSheet.insert(**row).execute()
        created = _column_values(_load(sheet_id))
        audit.record_event(
            action=audit.CREATE,
            record_type=SLUG,
            record_id=sheet_id,
            changes=audit.diff({}, created),
            summary=number,
            by=by,
            now=now,
        )
    return get_sheet(sheet_id, now=now)


def _write(
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
    before = _column_values(sheet)
    count = (
        ProblemSheet.update(**updates, updated_at=now, version=sheet.version + 1)
        .where((ProblemSheet.id == sheet.id) & (ProblemSheet.version == sheet.version))
        .execute()
    )
    if count != 1:
        _check_version(sheet, -1)
    after = _column_values(_load(sheet.id))
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


def update_sheet(
    sheet_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> SheetRow:
    """Change the typed fields of a sheet (corrections); the workflow fields change only through the steps.

    Raises:
        ConflictError: another desk saved the sheet after ``expected_version`` was read.
        ValidationError: a value is wrong.
    """
    form = _form()
    cleaned = _clean(values, form)
    with db.atomic():
        sheet = _load(sheet_id)
        _check_version(sheet, expected_version)
        current = {key: form_values(sheet).get(key) for key in EDITABLE_KEYS}
        merged = {**current, **cleaned}
        _validate(merged, form)
        columns = _to_columns({key: merged.get(key) for key in cleaned})
        if "mobile" in columns and "customer_id" not in values:
            columns["customer"] = _customer_for(columns["mobile"], None) or sheet.customer_id
        elif "customer_id" in values:
            columns["customer"] = _customer_for("", values["customer_id"]) if values["customer_id"] else None
        _write(sheet, columns, action=audit.UPDATE, by=by, now=now)
    return get_sheet(sheet_id, now=now)


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
) -> SheetRow:
    """Take workflow ``action`` on the sheet in one transaction: check, write the fields ``apply`` returns and
    the new status, audit."""
    with db.atomic():
        sheet = _load(sheet_id)
        _check_version(sheet, expected_version)
        target = sheet_workflow.next_status(sheet.status, action)
        if target is None:
            raise UserError(
                _('{action} is not possible for sheet {number}: its status is "{status}".').format(
                    action=_(sheet_workflow.ACTION_LABELS[action]),
                    number=sheet.number,
                    status=_(sheet_workflow.STATUS_LABELS.get(sheet.status, sheet.status)),
                )
            )
        updates = apply(sheet)
        updates["status"] = target
        _write(sheet, updates, action=action, by=by, now=now, summary=summary, note=note)
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
    staff = _staff(staff_id)
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
    at = _minute(now)

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


def solve_on_phone(
    sheet_id: int, *, solution: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the solution given on the phone and close the sheet at once (seed 000:90-92).

    Raises:
        UserError: no solution written, or the sheet is no longer just received.
    """
    text = _required_text(solution, _("Write down the solution given on the phone."), "result")
    at = _minute(now)
    name = _staff_name(by)

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


def record_plan(
    sheet_id: int, *, plan: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the handling plan (处理方案); ``by`` signs it as drafter (拟案人) with today's date.

    Raises:
        UserError: no plan written, or the sheet has not been handed over.
    """
    text = _required_text(plan, _("Write down the handling plan."), "plan")
    name = _staff_name(by)

    def apply(_sheet: ProblemSheet) -> dict[str, Any]:
        return {"plan": text, "plan_by": name, "plan_date": now.date()}

    return _step(
        sheet_id, sheet_workflow.RECORD_PLAN, by=by, now=now, expected_version=expected_version, apply=apply
    )


def record_result(
    sheet_id: int, *, result: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Record the handling result (处理结果): the result is back at the desk (seed 000:95).

    The handler (处理人) is the person the sheet was handed to, else ``by``.

    Raises:
        UserError: no result written, or the sheet has not been handed over.
    """
    text = _required_text(result, _("Write down the result of the handling."), "result")
    at = _minute(now)
    name = _staff_name(by)

    def apply(sheet: ProblemSheet) -> dict[str, Any]:
        return {
            "result": text,
            "handler": sheet.handed_to_person or name,
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


def review(
    sheet_id: int, *, comment: str, by: int | None, now: datetime, expected_version: int | None = None
) -> SheetRow:
    """Sign the review box (审核栏) with a comment; ``by`` signs as reviewer with today's date.

    The seed does not say who reviews (spec §2.1 step 9); the office's setting ``review.roles`` does.

    Raises:
        UserError: ``by`` has no role allowed to review, or the result is not back yet.
    """
    allowed = reviewer_roles()
    staff = _staff(by)
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


def close(sheet_id: int, *, by: int | None, now: datetime, expected_version: int | None = None) -> SheetRow:
    """Close a sheet whose result is back, reviewed or not (seed 000:106, 111: "800保存记录").

    Raises:
        UserError: the result is not back yet.
    """
    at = _minute(now)
    return _step(
        sheet_id,
        sheet_workflow.CLOSE,
        by=by,
        now=now,
        expected_version=expected_version,
        apply=lambda _sheet: {"closed_at": at},
    )


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
    at = _minute(now)

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


__all__ = [
    "FORM_STATUS",
    "SORT_KEYS",
    "Category",
    "SheetListRow",
    "SheetQuery",
    "SheetRow",
    "categories",
    "close",
    "count_sheets",
    "due_items",
    "file_sheet",
    "form_values",
    "get_sheet",
    "get_sheet_by_number",
    "hand_over",
    "history",
    "list_sheets",
    "open_sheets_for_phone",
    "record_plan",
    "record_result",
    "reopen",
    "review",
    "reviewer_roles",
    "solve_on_phone",
    "suggest_route",
    "update_sheet",
]
