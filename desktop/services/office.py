"""The office, its departments and staff: set up once on first run, kept up to date in Settings.

Staff are never deleted (audit events and signed records point at them): they are deactivated. Every change
writes one audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.office import OFFICE_ID, Office
from desktop.models.setting import Setting
from desktop.models.staff import Department, Staff
from desktop.rules import roles
from desktop.rules.office_types import DEFAULT_OFFICE_TYPE, OFFICE_TYPES
from desktop.services import accounts, audit, settings
from desktop.services.authz import requires

MAX_LOGO_BYTES = 2 * 1024 * 1024
_OFFICE_FIELDS = ("name", "address", "phone", "logo", "office_type")
_STAFF_FIELDS = ("employee_no", "name", "role", "department_id", "phone", "active")


@dataclass(frozen=True)
class OfficeRow:
    """The office as forms print it."""

    name: str
    address: str
    phone: str
    logo: bytes | None
    office_type: str
    version: int


@dataclass(frozen=True)
class DepartmentRow:
    """A department and how many staff (active or not) belong to it."""

    id: int
    name: str
    staff_count: int
    version: int


@dataclass(frozen=True)
class StaffRow:
    """A staff member; ``department_name`` is ``""`` when they belong to none."""

    id: int
    employee_no: str
    name: str
    role: str
    department_id: int | None
    department_name: str
    phone: str
    active: bool
    version: int


# --- office --------------------------------------------------------------------------------------------------


def _office_row(office: Office) -> OfficeRow:
    logo = bytes(office.logo) if office.logo is not None else None
    return OfficeRow(
        name=office.name,
        address=office.address,
        phone=office.phone,
        logo=logo,
        office_type=office.office_type,
        version=office.version,
    )


def _office_values(office: Office | None) -> dict[str, Any]:
    if office is None:
        return {}
    values = {name: getattr(office, name) for name in _OFFICE_FIELDS}
    values["logo"] = bytes(office.logo) if office.logo is not None else None
    return values


def get_office() -> OfficeRow | None:
    """The office, or None before the first-run set-up."""
    office = Office.get_or_none(Office.id == OFFICE_ID)
    return _office_row(office) if office else None


def is_set_up() -> bool:
    """True once the office is named and at least one person can be on duty."""
    return (
        Office.select().where(Office.id == OFFICE_ID).exists()
        and Staff.select().where(Staff.active == True).exists()  # noqa: E712 - peewee expression
    )


def _clean_text(values: dict[str, Any], key: str, max_length: int) -> str:
    text = " ".join(str(values.get(key) or "").split())
    if len(text) > max_length:
        raise UserError(_("At most {count} characters.").format(count=max_length), field=key)
    return text


def _checked_office(values: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **{key: values[key] for key in _OFFICE_FIELDS if key in values}}
    checked = {
        "name": _clean_text(merged, "name", 200),
        "address": _clean_text(merged, "address", 300),
        "phone": _clean_text(merged, "phone", 60),
        "office_type": merged.get("office_type") or DEFAULT_OFFICE_TYPE,
        "logo": merged.get("logo") or None,
    }
    if not checked["name"]:
        raise UserError(_("Enter the office's name."), field="name")
    if checked["office_type"] not in OFFICE_TYPES:
        raise UserError(_("Choose the kind of office."), field="office_type")
    logo = checked["logo"]
    if logo is not None:
        if not isinstance(logo, bytes | bytearray | memoryview):
            raise UserError(_("The logo must be an image file."), field="logo")
        checked["logo"] = bytes(logo)
        if len(checked["logo"]) > MAX_LOGO_BYTES:
            raise UserError(_("The logo is too large: at most 2 MB."), field="logo")
    return checked


def _apply_office_type(office_type: str, *, by: int | None, now: datetime) -> None:
    """Keep the ``office.type`` setting in step, and give the type's defaults to settings the office never set."""
    settings.write_setting("office.type", office_type, by=by, now=now)
    stored = {key for (key,) in Setting.select(Setting.key).tuples()}
    for key, value in OFFICE_TYPES[office_type].defaults.items():
        if key not in stored:
            settings.write_setting(key, value, by=by, now=now)


def _save_office(values: dict[str, Any], *, by: int | None, now: datetime) -> OfficeRow:
    office = Office.get_or_none(Office.id == OFFICE_ID)
    old = _office_values(office)
    checked = _checked_office(values, old)
    changes = audit.diff(old, checked)
    if office is None:
        Office.insert(id=OFFICE_ID, created_at=now, updated_at=now, version=1, **checked).execute()
        audit.record_event(
            action=audit.CREATE, record_type="office", record_id=OFFICE_ID, changes=changes, by=by, now=now
        )
    elif changes:
        Office.update(updated_at=now, version=Office.version + 1, **checked).where(
            Office.id == OFFICE_ID
        ).execute()
        audit.record_event(
            action=audit.UPDATE, record_type="office", record_id=OFFICE_ID, changes=changes, by=by, now=now
        )
    if "office_type" in changes:
        _apply_office_type(checked["office_type"], by=by, now=now)
    return _office_row(Office.get_by_id(OFFICE_ID))


@requires("office.edit")
def save_office(values: dict[str, Any], *, by: int | None, now: datetime) -> OfficeRow:
    """Create or change the office: ``name`` (required), ``office_type``, ``address``, ``phone``, ``logo``.

    Keys left out keep their value; ``logo`` is image bytes or None to remove it. Changing the type also sets
    the ``office.type`` setting.

    Raises:
        UserError: with the field that is wrong.
    """
    with db.atomic():
        return _save_office(values, by=by, now=now)


# --- departments ---------------------------------------------------------------------------------------------


def _department_name(name: str, *, exclude_id: int | None = None) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise UserError(_("Enter the department's name."), field="name")
    if len(clean) > 100:
        raise UserError(_("At most {count} characters.").format(count=100), field="name")
    query = Department.select().where(Department.name == clean)
    if exclude_id is not None:
        query = query.where(Department.id != exclude_id)
    if query.exists():
        raise UserError(_("There is already a department called {name}.").format(name=clean), field="name")
    return clean


def list_departments() -> list[DepartmentRow]:
    """Every department in the order they were added (code-point order means nothing for Chinese names)."""
    count = peewee.fn.COUNT(Staff.id)
    query = (
        Department.select(Department.id, Department.name, Department.version, count)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Staff.department == Department.id))
        .group_by(Department.id, Department.name, Department.version)
        .order_by(Department.id)
        .tuples()
    )
    return [DepartmentRow(id=i, name=n, version=v, staff_count=c) for i, n, v, c in query]


def _get_department(department_id: int) -> Department:
    department = Department.get_or_none(Department.id == department_id)
    if department is None:
        raise UserError(_("That department no longer exists."), field="department_id")
    return department


def _add_department(name: str, *, by: int | None, now: datetime) -> int:
    clean = _department_name(name)
    department_id = Department.insert(name=clean, created_at=now, updated_at=now, version=1).execute()
    audit.record_event(
        action=audit.CREATE,
        record_type="department",
        record_id=department_id,
        changes=audit.diff({}, {"name": clean}),
        by=by,
        now=now,
    )
    return int(department_id)


@requires("office.edit")
def add_department(name: str, *, by: int | None, now: datetime) -> DepartmentRow:
    """Add a department; names are unique.

    Raises:
        UserError: empty or taken name (field ``name``).
    """
    with db.atomic():
        department_id = _add_department(name, by=by, now=now)
    return DepartmentRow(id=department_id, name=_get_department(department_id).name, staff_count=0, version=1)


@requires("office.edit")
def rename_department(department_id: int, name: str, *, by: int | None, now: datetime) -> DepartmentRow:
    """Rename a department (staff keep belonging to it).

    Raises:
        UserError: unknown department, empty or taken name.
    """
    with db.atomic():
        department = _get_department(department_id)
        clean = _department_name(name, exclude_id=department_id)
        if clean != department.name:
            Department.update(name=clean, updated_at=now, version=Department.version + 1).where(
                Department.id == department_id
            ).execute()
            audit.record_event(
                action=audit.UPDATE,
                record_type="department",
                record_id=department_id,
                changes=audit.diff({"name": department.name}, {"name": clean}),
                by=by,
                now=now,
            )
    return next(row for row in list_departments() if row.id == department_id)


@requires("office.edit")
def remove_department(department_id: int, *, by: int | None, now: datetime) -> None:
    """Delete a department that nobody belongs to.

    Raises:
        UserError: staff (even inactive ones) still belong to it.
    """
    with db.atomic():
        department = _get_department(department_id)
        count = Staff.select().where(Staff.department == department_id).count()
        if count:
            raise UserError(
                _("{name} still has {count} staff. Move them to another department first.").format(
                    name=department.name, count=count
                )
            )
        Department.delete().where(Department.id == department_id).execute()
        audit.record_event(
            action=audit.DELETE,
            record_type="department",
            record_id=department_id,
            changes=audit.diff({"name": department.name}, {}),
            by=by,
            now=now,
        )


# --- staff ---------------------------------------------------------------------------------------------------


def _staff_query() -> peewee.ModelSelect:
    return Staff.select(Staff, Department.id, Department.name).join(
        Department, peewee.JOIN.LEFT_OUTER, on=(Staff.department == Department.id)
    )


def _staff_row(staff: Staff) -> StaffRow:
    department_name = staff.department.name if staff.department_id is not None else ""
    return StaffRow(
        id=staff.id,
        employee_no=staff.employee_no,
        name=staff.name,
        role=staff.role,
        department_id=staff.department_id,
        department_name=department_name,
        phone=staff.phone,
        active=bool(staff.active),
        version=staff.version,
    )


def list_staff(*, active_only: bool = True) -> list[StaffRow]:
    """Staff by work number; only those still working unless ``active_only`` is False."""
    query = _staff_query().order_by(Staff.employee_no)
    if active_only:
        query = query.where(Staff.active == True)  # noqa: E712 - peewee expression
    return [_staff_row(staff) for staff in query]


def get_staff(staff_id: int) -> StaffRow:
    """One staff member.

    Raises:
        UserError: no such staff member.
    """
    staff = _staff_query().where(Staff.id == staff_id).first()
    if staff is None:
        raise UserError(_("That staff member no longer exists."))
    return _staff_row(staff)


def _staff_values(staff: Staff | None) -> dict[str, Any]:
    if staff is None:
        return {}
    return {
        "employee_no": staff.employee_no,
        "name": staff.name,
        "role": staff.role,
        "department_id": staff.department_id,
        "phone": staff.phone,
        "active": bool(staff.active),
    }


def _checked_staff(
    values: dict[str, Any], current: dict[str, Any], *, staff_id: int | None
) -> dict[str, Any]:
    merged = {**current, **{key: values[key] for key in _STAFF_FIELDS if key in values}}
    employee_no = _clean_text(merged, "employee_no", 30)
    if not employee_no:
        raise UserError(_("Enter the work number (工号)."), field="employee_no")
    taken = Staff.select().where(Staff.employee_no == employee_no)
    if staff_id is not None:
        taken = taken.where(Staff.id != staff_id)
    if taken.exists():
        raise UserError(
            _("Work number {number} is already used by someone else.").format(number=employee_no),
            field="employee_no",
        )
    name = _clean_text(merged, "name", 60)
    if not name:
        raise UserError(_("Enter the name."), field="name")
    role = merged.get("role") or roles.RECEPTIONIST
    if not roles.is_role(role):
        raise UserError(_("Choose a role."), field="role")
    department_id = merged.get("department_id")
    if department_id is not None:
        _get_department(int(department_id))
        department_id = int(department_id)
    return {
        "employee_no": employee_no,
        "name": name,
        "role": role,
        "department_id": department_id,
        "phone": _clean_text(merged, "phone", 60),
        "active": bool(merged.get("active", True)),
    }


def _refuse_losing_last_administrator(staff_id: int, checked: dict[str, Any]) -> None:
    """Someone must stay able to change the office's set-up."""
    if checked["active"] and checked["role"] == roles.ADMINISTRATOR:
        return
    administrators = Staff.select().where(
        (Staff.role == roles.ADMINISTRATOR) & (Staff.active == True)  # noqa: E712 - peewee expression
    )
    others = administrators.where(Staff.id != staff_id)
    if administrators.where(Staff.id == staff_id).exists() and not others.exists():
        raise UserError(
            _("This is the last active administrator: make someone else administrator first."), "role"
        )


def _add_staff(values: dict[str, Any], *, by: int | None, now: datetime) -> int:
    checked = _checked_staff(values, {}, staff_id=None)
    columns = {**checked, "department": checked.pop("department_id")}
    staff_id = Staff.insert(created_at=now, updated_at=now, version=1, **columns).execute()
    audit.record_event(
        action=audit.CREATE,
        record_type="staff",
        record_id=staff_id,
        changes=audit.diff({}, {**checked, "department_id": columns["department"]}),
        summary=checked["employee_no"],
        by=by,
        now=now,
    )
    return int(staff_id)


@requires("staff.manage")
def add_staff(values: dict[str, Any], *, by: int | None, now: datetime) -> StaffRow:
    """Add a staff member: ``employee_no`` (工号, unique), ``name``, ``role``, ``department_id``, ``phone``.

    Raises:
        UserError: with the field that is wrong (``employee_no`` when the number is taken).
    """
    with db.atomic():
        staff_id = _add_staff(values, by=by, now=now)
    return get_staff(staff_id)


def _update_staff(
    staff_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> None:
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("That staff member no longer exists."))
    if staff.version != expected_version:
        raise ConflictError(_("Someone else changed this staff member meanwhile. Reopen it and try again."))
    old = _staff_values(staff)
    checked = _checked_staff(values, old, staff_id=staff_id)
    changes = audit.diff(old, checked)
    if not changes:
        return
    _refuse_losing_last_administrator(staff_id, checked)
    columns = {**checked, "department": checked["department_id"]}
    del columns["department_id"]
    updated = (
        Staff.update(updated_at=now, version=Staff.version + 1, **columns)
        .where((Staff.id == staff_id) & (Staff.version == expected_version))
        .execute()
    )
    if updated != 1:
        raise ConflictError(_("Someone else changed this staff member meanwhile. Reopen it and try again."))
    audit.record_event(
        action=audit.UPDATE,
        record_type="staff",
        record_id=staff_id,
        changes=changes,
        summary=checked["employee_no"],
        by=by,
        now=now,
    )


@requires("staff.manage")
def update_staff(
    staff_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> StaffRow:
    """Change a staff member; keys left out keep their value.

    Raises:
        ConflictError: the row's version is no longer ``expected_version``.
        UserError: with the field that is wrong; or the change would leave no active administrator.
    """
    with db.atomic():
        _update_staff(staff_id, values, expected_version=expected_version, by=by, now=now)
    return get_staff(staff_id)


@requires("staff.manage")
def set_staff_active(staff_id: int, active: bool, *, by: int | None, now: datetime) -> StaffRow:
    """Deactivate someone who left (or bring them back); they stay in records and the audit trail.

    Raises:
        UserError: unknown staff member, or the last active administrator.
    """
    with db.atomic():
        current = get_staff(staff_id)
        _update_staff(staff_id, {"active": active}, expected_version=current.version, by=by, now=now)
    return get_staff(staff_id)


# --- first run -----------------------------------------------------------------------------------------------


def complete_first_run(
    *,
    office: dict[str, Any],
    departments: list[str],
    staff: list[dict[str, Any]],
    now: datetime,
    language: str | None = None,
) -> None:
    """Set the office up in one transaction: the office, its departments and its first staff.

    ``language`` is the office's language chosen in the wizard (setting ``ui.language``): the screens of a
    computer whose locale names no language of ours show it.

    Each staff dict has the keys of :func:`add_staff`; it may name its department by ``department`` (one of
    ``departments``) instead of ``department_id``, and carry a ``password`` (the first administrator's: from
    then on the desk logs in, :mod:`desktop.services.accounts`). Events are recorded as done by the system
    (``by=None``).

    Raises:
        UserError: already set up, no staff given, or a bad value (nothing is saved then).
    """
    with db.atomic():
        if Office.select().exists():
            raise UserError(_("This database is already set up."))
        if not staff:
            raise UserError(_("Add at least one staff member."), field="staff")
        _save_office(office, by=None, now=now)
        ids: dict[str, int] = {}
        for name in departments:
            department_id = _add_department(name, by=None, now=now)
            ids[_get_department(department_id).name] = department_id
        for person in staff:
            values = dict(person)
            department = values.pop("department", None)
            if department:
                clean = " ".join(str(department).split())
                if clean not in ids:
                    raise UserError(
                        _("{name} is not one of the departments entered.").format(name=clean),
                        field="department",
                    )
                values["department_id"] = ids[clean]
            password = values.pop("password", None)
            staff_id = _add_staff(values, by=None, now=now)
            if password:
                accounts.store_password(staff_id, password, by=None, now=now)
        if language is not None:
            settings.write_setting("ui.language", language, by=None, now=now)
