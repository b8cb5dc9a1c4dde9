"""The ``@requires`` decorator: refuses before the body runs, with a message naming the action and roles."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest

from desktop import i18n
from desktop.models.staff import Staff
from desktop.services import authz
from desktop.services.authz import PermissionDenied, requires

NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


def _staff(no: str, name: str, role: str, *, active: bool = True) -> int:
    return int(
        Staff.create(employee_no=no, name=name, role=role, active=active, created_at=NOW, updated_at=NOW).id
    )


calls: list[str] = []


@requires("settings.change")
def change_something(value: str, *, by: int | None, now: datetime) -> str:
    calls.append(value)
    return value


@requires("record.create")
def desk_work(*, by: int | None, now: datetime) -> str:
    # a use-case that, on its own authority, does a step a receptionist could not start herself
    return change_something("inner", by=by, now=now)


def test_allowed_role_runs_the_body(db: peewee.SqliteDatabase) -> None:
    manager = _staff("ZR01", "周明", "manager")
    assert change_something("a", by=manager, now=NOW) == "a"


def test_refused_role_gets_the_action_and_the_roles(db: peewee.SqliteDatabase) -> None:
    calls.clear()
    receptionist = _staff("07", "王芳", "receptionist")
    with pytest.raises(PermissionDenied) as caught:
        change_something("a", by=receptionist, now=NOW)
    assert caught.value.message == (
        "王芳 (Receptionist) may not change the settings. Allowed: Manager, Administrator."
    )
    assert caught.value.permission == "settings.change"
    assert caught.value.role == "receptionist"
    assert calls == []  # refused before the body


def test_the_system_is_allowed(db: peewee.SqliteDatabase) -> None:
    assert change_something("b", by=None, now=NOW) == "b"


def test_unknown_and_inactive_staff_are_refused(db: peewee.SqliteDatabase) -> None:
    gone = _staff("99", "李雷", "administrator", active=False)
    with pytest.raises(PermissionDenied, match=r"李雷 no longer works here and cannot use FrontDesk\."):
        change_something("c", by=gone, now=NOW)
    with pytest.raises(
        PermissionDenied, match=r"There is no staff member with id 4242: choose who is on duty\."
    ):
        change_something("c", by=4242, now=NOW)


def test_a_use_case_is_authorised_once_at_its_front_door(db: peewee.SqliteDatabase) -> None:
    receptionist = _staff("07", "王芳", "receptionist")
    assert desk_work(by=receptionist, now=NOW) == "inner"
    with pytest.raises(PermissionDenied):  # ...but not on her own
        change_something("d", by=receptionist, now=NOW)


def test_explicit_check_runs_even_inside_a_use_case(db: peewee.SqliteDatabase) -> None:
    manager = _staff("ZR01", "周明", "manager")

    @requires("settings.change")
    def outer(*, by: int | None, now: datetime) -> None:
        authz.check("security.change", by)

    with pytest.raises(PermissionDenied, match="may not change the login and lock settings"):
        outer(by=manager, now=NOW)


def test_decorator_needs_keyword_only_by() -> None:
    with pytest.raises(TypeError):

        @requires("record.create")
        def positional(by: int | None) -> None: ...

    with pytest.raises(KeyError):
        requires("nothing.such")


def test_registry_and_is_allowed(db: peewee.SqliteDatabase) -> None:
    assert authz.registry()[f"{__name__}.change_something"] == "settings.change"
    assert authz.permission_of(change_something) == "settings.change"
    engineer = _staff("JS01", "赵强", "engineer")
    assert authz.is_allowed("record.create", engineer)
    assert not authz.is_allowed("settings.change", engineer)
    assert authz.is_allowed("settings.change", None)
    assert authz.role_of(engineer) == "engineer"


def test_phones_are_masked_for_roles_that_do_not_need_them(db: peewee.SqliteDatabase) -> None:
    from desktop.services import settings

    desk = _staff("07", "王芳", "receptionist")
    engineer = _staff("JS01", "赵强", "engineer")
    assert authz.phone_masker(desk)("13812345678") == "13812345678"
    assert authz.phone_masker(engineer)("13812345678") == "138****5678"
    assert authz.phone_masker(None)("13812345678") == "13812345678"
    settings.set_setting("privacy.phone_roles", ["engineer"], by=None, now=NOW)
    assert authz.can_see_personal_data(engineer) and not authz.can_see_personal_data(desk)
