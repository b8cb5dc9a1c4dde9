"""The office, departments and staff: first run, edits, refusals with the message the desk sees."""

from __future__ import annotations

import re

import peewee
import pytest

from desktop.errors import ConflictError, UserError
from desktop.models.office import Office
from desktop.models.staff import Department, Staff
from desktop.services import office, settings
from desktop.services.clock import FixedClock


def exact(message: str) -> str:
    """A ``match=`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


FIRST_RUN = {
    "office": {"name": "阳光花园物业服务中心", "office_type": "property", "address": "科苑南路88号"},
    "departments": ["客户服务部", "工程部"],
    "staff": [
        {"employee_no": "KF001", "name": "陈静", "role": "administrator", "department": "客户服务部"},
        {
            "employee_no": "GC001",
            "name": "吴刚",
            "role": "engineer",
            "department": "工程部",
            "phone": "13500135000",
        },
    ],
}


@pytest.fixture
def set_up(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    office.complete_first_run(**FIRST_RUN, now=clock.now())  # type: ignore[arg-type]


def test_a_new_database_is_not_set_up(db: peewee.SqliteDatabase) -> None:
    assert office.get_office() is None
    assert not office.is_set_up()


def test_first_run_sets_everything_up(set_up: None) -> None:
    assert office.is_set_up()
    row = office.get_office()
    assert row is not None and (row.name, row.office_type, row.address) == (
        "阳光花园物业服务中心",
        "property",
        "科苑南路88号",
    )
    assert [(d.name, d.staff_count) for d in office.list_departments()] == [("客户服务部", 1), ("工程部", 1)]
    staff = office.list_staff()
    assert [(s.employee_no, s.name, s.role, s.department_name) for s in staff] == [
        ("GC001", "吴刚", "engineer", "工程部"),
        ("KF001", "陈静", "administrator", "客户服务部"),
    ]


def test_first_run_is_all_or_nothing(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    bad = dict(FIRST_RUN, staff=[*FIRST_RUN["staff"], {"employee_no": "KF001", "name": "王芳"}])  # type: ignore[list-item]
    with pytest.raises(UserError) as caught:
        office.complete_first_run(**bad, now=clock.now())  # type: ignore[arg-type]
    assert caught.value.field == "employee_no"
    assert not Office.select().exists() and not Department.select().exists() and not Staff.select().exists()


def test_first_run_only_once(set_up: None, clock: FixedClock) -> None:
    with pytest.raises(UserError, match=exact("This database is already set up.")):
        office.complete_first_run(**FIRST_RUN, now=clock.now())  # type: ignore[arg-type]


def test_first_run_needs_staff(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    with pytest.raises(UserError, match=exact("Add at least one staff member.")):
        office.complete_first_run(office={"name": "诊所"}, departments=[], staff=[], now=clock.now())


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the office's name."),
        ({"name": "诊所", "office_type": "shop"}, "office_type", "Choose the kind of office."),
        ({"name": "诊所", "logo": "logo.png"}, "logo", "The logo must be an image file."),
        (
            {"name": "诊所", "logo": b"x" * (2 * 1024 * 1024 + 1)},
            "logo",
            "The logo is too large: at most 2 MB.",
        ),
        ({"name": "诊" * 201}, "name", "At most 200 characters."),
    ],
)
def test_save_office_refusals(
    db: peewee.SqliteDatabase, clock: FixedClock, values: dict, field: str, message: str
) -> None:
    with pytest.raises(UserError) as caught:
        office.save_office(values, by=None, now=clock.now())
    assert (caught.value.field, caught.value.message) == (field, message)


def test_save_office_keeps_the_logo_and_syncs_the_type_setting(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    office.save_office({"name": "康宁诊所", "logo": b"\x89PNG..."}, by=None, now=clock.now())
    row = office.save_office({"office_type": "clinic"}, by=None, now=clock.now())
    assert (row.logo, row.office_type, row.version) == (b"\x89PNG...", "clinic", 2)
    assert settings.get_setting("office.type") == "clinic"
    assert office.save_office({"logo": None}, by=None, now=clock.now()).logo is None


def test_employee_number_must_be_unique(set_up: None, clock: FixedClock) -> None:
    with pytest.raises(UserError) as caught:
        office.add_staff({"employee_no": "KF001", "name": "王芳"}, by=None, now=clock.now())
    assert (caught.value.field, caught.value.message) == (
        "employee_no",
        "Work number KF001 is already used by someone else.",
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"employee_no": "", "name": "王芳"}, "employee_no", "Enter the work number (工号)."),
        ({"employee_no": "KF009", "name": ""}, "name", "Enter the name."),
        ({"employee_no": "KF009", "name": "王芳", "role": "boss"}, "role", "Choose a role."),
        (
            {"employee_no": "KF009", "name": "王芳", "department_id": 99},
            "department_id",
            "That department no longer exists.",
        ),
    ],
)
def test_add_staff_refusals(set_up: None, clock: FixedClock, values: dict, field: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        office.add_staff(values, by=None, now=clock.now())
    assert (caught.value.field, caught.value.message) == (field, message)


def test_update_staff_checks_the_version(set_up: None, clock: FixedClock) -> None:
    engineer = next(s for s in office.list_staff() if s.employee_no == "GC001")
    updated = office.update_staff(
        engineer.id, {"name": "吴 刚"}, expected_version=1, by=None, now=clock.now()
    )
    assert (updated.name, updated.version) == ("吴 刚", 2)
    with pytest.raises(ConflictError):
        office.update_staff(engineer.id, {"name": "吴刚"}, expected_version=1, by=None, now=clock.now())


def test_deactivated_staff_leave_the_active_list(set_up: None, clock: FixedClock) -> None:
    engineer = next(s for s in office.list_staff() if s.employee_no == "GC001")
    office.set_staff_active(engineer.id, False, by=None, now=clock.now())
    assert [s.employee_no for s in office.list_staff()] == ["KF001"]
    assert [s.active for s in office.list_staff(active_only=False)] == [False, True]


def test_the_last_administrator_stays(set_up: None, clock: FixedClock) -> None:
    admin = next(s for s in office.list_staff() if s.role == "administrator")
    with pytest.raises(UserError, match="last active administrator"):
        office.set_staff_active(admin.id, False, by=None, now=clock.now())
    with pytest.raises(UserError, match="last active administrator"):
        office.update_staff(admin.id, {"role": "receptionist"}, expected_version=1, by=None, now=clock.now())


def test_departments(set_up: None, clock: FixedClock) -> None:
    added = office.add_department(" 产品 事业部 ", by=None, now=clock.now())
    assert added.name == "产品 事业部"
    with pytest.raises(UserError, match=exact("There is already a department called 工程部.")):
        office.add_department("工程部", by=None, now=clock.now())
    with pytest.raises(UserError, match=exact("There is already a department called 工程部.")):
        office.rename_department(added.id, "工程部", by=None, now=clock.now())
    assert office.rename_department(added.id, "产品事业部", by=None, now=clock.now()).name == "产品事业部"
    office.remove_department(added.id, by=None, now=clock.now())
    assert "产品事业部" not in [d.name for d in office.list_departments()]


def test_a_department_with_staff_cannot_be_removed(set_up: None, clock: FixedClock) -> None:
    engineering = next(d for d in office.list_departments() if d.name == "工程部")
    with pytest.raises(UserError) as caught:
        office.remove_department(engineering.id, by=None, now=clock.now())
    assert caught.value.message == "工程部 still has 1 staff. Move them to another department first."
