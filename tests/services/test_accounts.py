"""Staff passwords and logging in: argon2id hashes, the length rule, one message for every failure, rehash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import peewee
import pytest
from argon2 import PasswordHasher

from desktop import i18n
from desktop.errors import UserError
from desktop.models.audit import AuditEvent
from desktop.models.staff import Staff
from desktop.services import accounts, office, settings
from desktop.services.authz import PermissionDeniedError

NOW = datetime(2026, 3, 16, 9, 0)
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_english() -> Iterator[None]:
    i18n.set_ui_language("en")
    previous = accounts.set_hasher(CHEAP)
    yield
    accounts.set_hasher(previous)


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> dict[str, int]:
    office.complete_first_run(
        office={"name": "阳光花园物业服务中心"},
        departments=["客户服务部"],
        staff=[
            {"employee_no": "A01", "name": "陈静", "role": "administrator", "password": "admin-pass-1"},
            {"employee_no": "07", "name": "王芳", "role": "receptionist"},
        ],
        now=NOW,
    )
    return {row.name: row.id for row in office.list_staff()}


def _hash_of(staff_id: int) -> str | None:
    return Staff.get_by_id(staff_id).password_hash


def test_first_run_stores_an_argon2id_hash_not_the_password(people: dict[str, int]) -> None:
    stored = _hash_of(people["陈静"])
    assert stored is not None and stored.startswith("$argon2id$")
    assert "admin-pass-1" not in stored
    assert _hash_of(people["王芳"]) is None
    events = AuditEvent.select().where(AuditEvent.action == accounts.PASSWORD)
    assert [event.record_id for event in events] == [people["陈静"]]
    assert all("argon2" not in event.changes for event in AuditEvent.select())


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "A password needs at least 8 characters."),
        ("1234567", "A password needs at least 8 characters."),
        ("x" * 257, "A password has at most 256 characters."),
    ],
)
def test_length_rule(people: dict[str, int], password: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        accounts.set_password(people["王芳"], password, by=people["陈静"], now=NOW)
    assert (caught.value.message, caught.value.field) == (message, "password")
    assert _hash_of(people["王芳"]) is None


def test_no_composition_rules(people: dict[str, int]) -> None:
    accounts.set_password(people["王芳"], "aaaaaaaa", by=people["陈静"], now=NOW)
    accounts.set_password(people["王芳"], "前台登记簿密码很长", by=people["陈静"], now=NOW)
    assert accounts.verify_login("07", "前台登记簿密码很长", now=NOW).name == "王芳"


def test_login_and_one_message_for_every_failure(people: dict[str, int]) -> None:
    accounts.set_password(people["王芳"], "desk-pass-7", by=people["陈静"], now=NOW)
    row = accounts.verify_login(" 07 ", "desk-pass-7", now=NOW)
    assert (row.id, row.name, row.role) == (people["王芳"], "王芳", "receptionist")
    office.add_staff({"employee_no": "08", "name": "李雷"}, by=None, now=NOW)
    failures = [("07", "wrong-password"), ("99", "desk-pass-7"), ("08", ""), ("", "desk-pass-7")]
    for number, password in failures:
        with pytest.raises(UserError) as caught:
            accounts.verify_login(number, password, now=NOW)
        assert caught.value.message == "Wrong work number or password."
    office.set_staff_active(people["王芳"], False, by=None, now=NOW)
    with pytest.raises(UserError, match="Wrong work number or password"):
        accounts.verify_login("07", "desk-pass-7", now=NOW)
    actions = [event.action for event in AuditEvent.select().where(AuditEvent.action.startswith("login"))]
    assert actions == [
        "login",
        "login_failed",
        "login_failed",
        "login_failed",
        "login_failed",
        "login_failed",
    ]


def test_an_old_hash_is_replaced_on_login(people: dict[str, int]) -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=16)
    Staff.update(password_hash=old.hash("desk-pass-7")).where(Staff.id == people["王芳"]).execute()
    before = _hash_of(people["王芳"])
    accounts.verify_login("07", "desk-pass-7", now=NOW)
    after = _hash_of(people["王芳"])
    assert after != before and not CHEAP.check_needs_rehash(after or "")
    assert accounts.verify_login("07", "desk-pass-7", now=NOW).id == people["王芳"]


def test_only_the_administrator_sets_other_peoples_passwords(people: dict[str, int]) -> None:
    with pytest.raises(PermissionDeniedError, match=r"may not set another person's password"):
        accounts.set_password(people["陈静"], "taken-over-1", by=people["王芳"], now=NOW)


def test_change_own_password_needs_the_current_one(people: dict[str, int]) -> None:
    accounts.set_password(people["王芳"], "desk-pass-7", by=people["陈静"], now=NOW)
    with pytest.raises(UserError) as caught:
        accounts.change_own_password("nope-nope", "new-pass-77", by=people["王芳"], now=NOW)
    assert (caught.value.message, caught.value.field) == (
        "The current password is wrong.",
        "current_password",
    )
    accounts.change_own_password("desk-pass-7", "new-pass-77", by=people["王芳"], now=NOW)
    assert accounts.verify_login("07", "new-pass-77", now=NOW).name == "王芳"


def test_login_is_required_once_an_administrator_has_a_password(db: peewee.SqliteDatabase) -> None:
    office.complete_first_run(
        office={"name": "诊所"},
        departments=[],
        staff=[{"employee_no": "A01", "name": "陈静", "role": "administrator"}],
        now=NOW,
    )
    admin = office.list_staff()[0].id
    assert not accounts.login_required()  # an office without passwords keeps working as before
    accounts.set_password(admin, "admin-pass-1", by=None, now=NOW)
    assert accounts.login_required()
    assert [row.name for row in accounts.login_choices()] == ["陈静"]
    settings.set_setting("security.login_required", False, by=None, now=NOW)
    assert not accounts.login_required()
    settings.set_setting("security.login_required", True, by=None, now=NOW)
    accounts.clear_password(admin, by=None, now=NOW)
    assert not accounts.login_required() and not accounts.has_password(admin)
    assert accounts.idle_lock_minutes() == 10
