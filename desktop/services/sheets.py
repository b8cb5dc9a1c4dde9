"""Problem-handling sheets (800客户问题处理表, F01): filing, the hand-over workflow, deadlines, lists and search.

Seed 000 §4.5 (spec §2.1): a problem the hotline cannot solve on the phone is written on a sheet, numbered
date + operator no. + serial (000:97), handed to the person or department responsible within 2 working hours
(000:95), whose result is due back within 2 working days (000:95); a late result makes the operator chase the
handler and tell the customer (000:96). This module files and edits sheets and is the one to import: it
re-exports the workflow steps (:mod:`~desktop.services.sheet_steps`), reading one sheet
(:mod:`~desktop.services.sheet_records`), the list, search and due items (:mod:`~desktop.services.sheet_list`)
and the rows (:mod:`~desktop.services.sheet_rows`). The record store and the demo data live beside them.

Every public function returns frozen rows (:class:`SheetRow`, :class:`SheetListRow`), never peewee objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.errors import UserError, ValidationError
from desktop.formspec.model import FormDef
from desktop.formspec.types import parse_field, type_of
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.customer import Customer
from desktop.models.ticket import ProblemSheet
from desktop.rules.sheet_workflow import RECEIVED
from desktop.services import amendments, audit, sheet_frozen  # noqa: F401 - sheet_frozen registers the kind
from desktop.services.authz import requires
from desktop.services.calendar import handover_due_at
from desktop.services.customers import normalise_mobile
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting
from desktop.services.sheet_list import count_sheets, due_items, list_sheets, open_sheets_for_phone
from desktop.services.sheet_records import (
    FORM_STATUS,
    NUMBER_SCHEME,
    SLUG,
    STATUS_FROM_FORM,
    check_version,
    column_values,
    find_staff,
    form_values,
    get_sheet,
    get_sheet_by_number,
    history,
    load_sheet,
    minute,
    sheet_form,
    write_sheet,
)
from desktop.services.sheet_rows import SORT_KEYS, SheetListRow, SheetQuery, SheetRow
from desktop.services.sheet_steps import (
    close,
    close_without_callback,
    hand_over,
    record_plan,
    record_result,
    reopen,
    review,
    reviewer_roles,
    solve_on_phone,
    suggest_route,
)

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


@requires("record.create")
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
    form = sheet_form()
    cleaned = _clean(values, form)
    staff = find_staff(by)
    received_at = minute(now)
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
        created = column_values(load_sheet(sheet_id))
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


@requires("record.update")
def update_sheet(
    sheet_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> SheetRow:
    """Change the typed fields of a sheet (corrections); the workflow fields change only through the steps.

    Raises:
        ConflictError: another desk saved the sheet after ``expected_version`` was read.
        ValidationError: a value is wrong.
    """
    form = sheet_form()
    cleaned = _clean(values, form)
    with db.atomic():
        sheet = load_sheet(sheet_id)
        check_version(sheet, expected_version)
        amendments.refuse_if_frozen(SLUG, sheet_id)  # issue 9: a signed sheet is corrected by an amendment
        current = {key: form_values(sheet).get(key) for key in EDITABLE_KEYS}
        merged = {**current, **cleaned}
        _validate(merged, form)
        columns = _to_columns({key: merged.get(key) for key in cleaned})
        if "mobile" in columns and "customer_id" not in values:
            columns["customer"] = _customer_for(columns["mobile"], None) or sheet.customer_id
        elif "customer_id" in values:
            columns["customer"] = _customer_for("", values["customer_id"]) if values["customer_id"] else None
        write_sheet(sheet, columns, action=audit.UPDATE, by=by, now=now)
    return get_sheet(sheet_id, now=now)


__all__ = [
    "FORM_STATUS",
    "NUMBER_SCHEME",
    "SLUG",
    "SORT_KEYS",
    "STATUS_FROM_FORM",
    "Category",
    "SheetListRow",
    "SheetQuery",
    "SheetRow",
    "categories",
    "close",
    "close_without_callback",
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
    "take_number",
    "update_sheet",
]
