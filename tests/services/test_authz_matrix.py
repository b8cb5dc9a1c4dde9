"""Every operation × every role through the service layer: no public service function skips the check.

The walk imports every module of ``desktop.services`` and finds each public function that takes a keyword-only
``by`` (the staff member on duty): each must declare a permission with ``@requires`` unless it is a helper listed
in :data:`HELPERS` with the reason. Then every declared function is called as each of the five roles (and as
someone who left): the permission check is spied so the body never runs, and the outcome must match the matrix
of :mod:`desktop.rules.permissions`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import datetime
from typing import Any

import peewee
import pytest

import desktop.services
from desktop.models.staff import Staff
from desktop.rules import permissions, roles
from desktop.services import authz, settings
from desktop.services.authz import PermissionDeniedError

NOW = datetime(2026, 3, 16, 9, 0)

#: Public functions taking ``by`` that are steps inside a checked use-case, not use-cases of their own.
HELPERS: dict[str, str] = {
    "desktop.services.audit.record_event": "writes the trail inside the caller's transaction; acts on nothing",
    "desktop.services.audit.record_events": "the same for several events at once (an import's rows)",
    "desktop.services.sheet_records.write_sheet": "the sheet services' write step, called after their check",
}


def _service_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(desktop.services.__path__):
        module = importlib.import_module(f"desktop.services.{info.name}")
        for name, func in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(func):
                continue
            if inspect.unwrap(func).__module__ != module.__name__:
                continue  # re-exported from another module: checked there
            parameter = inspect.signature(func).parameters.get("by")
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                found[f"{module.__name__}.{name}"] = func
    return found


FUNCTIONS = _service_functions()
GUARDED = {name: func for name, func in FUNCTIONS.items() if name not in HELPERS}


def test_the_walk_finds_the_services() -> None:
    assert "desktop.services.office.save_office" in FUNCTIONS
    assert "desktop.services.settings.set_setting" in FUNCTIONS
    assert len(GUARDED) >= 20


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_every_service_function_declares_a_permission(name: str) -> None:
    declared = authz.permission_of(GUARDED[name])
    assert declared is not None, f"{name} takes by= but has no @requires: a bypass"
    assert permissions.is_permission(declared)


def test_helpers_still_exist() -> None:
    assert set(HELPERS) <= set(FUNCTIONS), "a helper was renamed: update HELPERS"


class _ReachedError(Exception):
    """The check passed: the body would run now."""


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> None:
    real = authz.check

    def check(permission: str, by: int | None) -> None:
        real(permission, by)
        raise _ReachedError(permission)

    monkeypatch.setattr(authz, "check", check)


@pytest.fixture
def staff(db: peewee.SqliteDatabase) -> dict[str, int]:
    ids = {}
    for number, role in enumerate(roles.ROLES):
        ids[role] = int(
            Staff.create(
                employee_no=f"S{number}", name=f"员工{number}", role=role, created_at=NOW, updated_at=NOW
            ).id
        )
    ids["left"] = int(
        Staff.create(
            employee_no="X", name="离职", role="administrator", active=False, created_at=NOW, updated_at=NOW
        ).id
    )
    return ids


def _call(func: Callable[..., Any], by: int | None) -> str:
    """Call ``func`` with placeholders; returns the permission checked, or raises PermissionDeniedError."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {"by": by}
    for parameter in inspect.signature(func).parameters.values():
        if parameter.name in ("by",) or parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            args.append(None)
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = NOW if parameter.name == "now" else None
    try:
        func(*args, **kwargs)
    except _ReachedError as reached:
        return str(reached.args[0])
    raise AssertionError("the permission check was not reached")


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_every_role_gets_what_the_matrix_says(name: str, staff: dict[str, int], spy: None) -> None:
    func = GUARDED[name]
    declared = authz.permission_of(func)
    assert declared is not None
    allowed = permissions.allowed_roles(declared, settings.get_setting)
    for role in roles.ROLES:
        if role in allowed:
            assert _call(func, staff[role]) == declared, (name, role)
        else:
            with pytest.raises(PermissionDeniedError) as caught:
                _call(func, staff[role])
            assert caught.value.permission == declared
    with pytest.raises(PermissionDeniedError):
        _call(func, staff["left"])
    assert _call(func, None) == declared  # the console on the office PC


def test_review_follows_the_office_setting(staff: dict[str, int], request: pytest.FixtureRequest) -> None:
    reviewing = [func for func in GUARDED.values() if authz.permission_of(func) == "sheet.review"]
    assert reviewing
    settings.set_setting("review.roles", ["engineer"], by=None, now=NOW)
    request.getfixturevalue("spy")
    for func in reviewing:
        assert _call(func, staff["engineer"]) == "sheet.review"
        with pytest.raises(PermissionDeniedError):
            _call(func, staff["manager"])
