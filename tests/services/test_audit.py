"""The audit trail: exactly one event per change made through a service, old → new, hash-chained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import peewee
import pytest

from desktop.models.audit import AuditEvent
from desktop.services import audit, customers, office, sites
from desktop.services.clock import FixedClock


def _events(record_type: str, record_id: int | None) -> list[audit.AuditRow]:
    return audit.history(record_type, record_id)


@pytest.fixture
def staff_id(db: peewee.SqliteDatabase, clock: FixedClock) -> int:
    office.complete_first_run(
        office={"name": "阳光花园物业服务中心"},
        departments=["客户服务部"],
        staff=[{"employee_no": "KF001", "name": "陈静", "role": "administrator", "department": "客户服务部"}],
        now=clock.now(),
    )
    return office.list_staff()[0].id


def test_customer_create_update_delete(staff_id: int, clock: FixedClock) -> None:
    row = customers.add_customer({"name": "王芳", "mobile": "13800138000"}, by=staff_id, now=clock.now())
    clock.advance(minutes=5)
    customers.update_customer(
        row.id, {"mobile": "13900139000"}, expected_version=1, by=staff_id, now=clock.now()
    )
    clock.advance(minutes=5)
    customers.delete_customer(row.id, by=staff_id, now=clock.now())

    events = _events("customer", row.id)
    assert [event.action for event in events] == ["create", "update", "delete"]
    assert events[0].changes == {"name": (None, "王芳"), "mobile": (None, "13800138000")}
    assert events[1].changes == {"mobile": ("13800138000", "13900139000")}
    assert events[2].changes == {"name": ("王芳", None), "mobile": ("13900139000", None)}
    assert {event.staff_name for event in events} == {"陈静"}
    assert events[1].at == datetime(2026, 3, 16, 9, 5)


def test_an_update_that_changes_nothing_records_nothing(staff_id: int, clock: FixedClock) -> None:
    row = customers.add_customer({"name": "王芳"}, by=staff_id, now=clock.now())
    customers.update_customer(row.id, {"name": " 王芳 "}, expected_version=1, by=staff_id, now=clock.now())
    assert len(_events("customer", row.id)) == 1


def test_site_create_update_delete(staff_id: int, clock: FixedClock) -> None:
    row = sites.add_site(
        {"building": "3", "unit": "2", "floor": 5, "room": "02"}, by=staff_id, now=clock.now()
    )
    sites.update_site(row.id, {"floor": 6}, expected_version=1, by=staff_id, now=clock.now())
    sites.delete_site(row.id, by=None, now=clock.now())
    events = _events("site", row.id)
    assert [event.action for event in events] == ["create", "update", "delete"]
    assert events[1].changes == {"floor": (5, 6), "label": ("3-2-502", "3-2-602")}
    assert events[2].staff_id is None and events[2].staff_name == ""


def test_department_and_staff_events(staff_id: int, clock: FixedClock) -> None:
    department = office.add_department("工程部", by=staff_id, now=clock.now())
    office.rename_department(department.id, "工程维修部", by=staff_id, now=clock.now())
    person = office.add_staff(
        {"employee_no": "GC001", "name": "吴刚", "role": "engineer", "department_id": department.id},
        by=staff_id,
        now=clock.now(),
    )
    office.update_staff(person.id, {"phone": "13500135000"}, expected_version=1, by=staff_id, now=clock.now())
    office.set_staff_active(person.id, False, by=staff_id, now=clock.now())
    office.update_staff(person.id, {"department_id": None}, expected_version=3, by=staff_id, now=clock.now())
    office.remove_department(department.id, by=staff_id, now=clock.now())

    assert [(e.action, e.changes) for e in _events("department", department.id)] == [
        ("create", {"name": (None, "工程部")}),
        ("update", {"name": ("工程部", "工程维修部")}),
        ("delete", {"name": ("工程维修部", None)}),
    ]
    staff_events = _events("staff", person.id)
    assert [e.action for e in staff_events] == ["create", "update", "update", "update"]
    assert staff_events[1].changes == {"phone": ("", "13500135000")}
    assert staff_events[2].changes == {"active": (True, False)}
    assert staff_events[3].changes == {"department_id": (department.id, None)}


def test_office_create_and_update(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    office.save_office({"name": "阳光花园物业服务中心", "phone": "0755-86001234"}, by=None, now=clock.now())
    office.save_office({"phone": "0755-86005678"}, by=None, now=clock.now())
    events = _events("office", 1)
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes == {"phone": ("0755-86001234", "0755-86005678")}


def test_the_chain_verifies_and_detects_an_edit(staff_id: int, clock: FixedClock) -> None:
    for name in ("王芳", "李娜", "张伟"):
        customers.add_customer({"name": name}, by=staff_id, now=clock.now())
    assert audit.verify_chain() == []
    first = AuditEvent.select().order_by(AuditEvent.id).first()
    assert first.prev_hash == "0" * 64
    tampered = AuditEvent.select().where(AuditEvent.record_type == "customer").order_by(AuditEvent.id).first()
    AuditEvent.update(summary="changed later").where(AuditEvent.id == tampered.id).execute()
    assert audit.verify_chain() == [tampered.id]


def test_record_event_outside_a_transaction_is_a_bug(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    with pytest.raises(RuntimeError):
        audit.record_event(action="print", record_type="customer", record_id=1, by=None, now=clock.now())


def test_print_event_inside_a_transaction(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    with db.atomic():
        audit.record_event(
            action=audit.PRINT, record_type="ticket", record_id=7, summary="F01", by=None, now=clock.now()
        )
    (event,) = _events("ticket", 7)
    assert (event.action, event.summary, event.changes) == ("print", "F01", {})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({}, {"name": "王芳", "phone": ""}, {"name": [None, "王芳"]}),
        ({"name": "王芳", "phone": ""}, {}, {"name": ["王芳", None]}),
        ({"a": 1, "b": 2}, {"a": 1, "b": 3}, {"b": [2, 3]}),
        ({"day": date(2026, 3, 16)}, {"day": date(2026, 3, 17)}, {"day": ["2026-03-16", "2026-03-17"]}),
        ({"phone": "1"}, {"phone": ""}, {"phone": ["1", ""]}),
    ],
)
def test_diff(old: dict[str, object], new: dict[str, object], expected: dict[str, list[object]]) -> None:
    assert audit.diff(old, new) == expected


def test_a_failed_change_leaves_no_event(staff_id: int, clock: FixedClock) -> None:
    count: Callable[[], int] = AuditEvent.select().count
    before = count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        customers.add_customer({"name": ""}, by=staff_id, now=clock.now())
    assert count() == before
