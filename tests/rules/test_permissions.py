"""The permission matrix: every row well formed, and the sign-offs the seeds name (spec §2.13) kept."""

from __future__ import annotations

import pytest

from desktop.rules import permissions, roles
from desktop.rules.permissions import PERMISSIONS, allowed_roles, is_allowed


@pytest.mark.parametrize("item", PERMISSIONS, ids=lambda item: item.key)
def test_every_permission_is_well_formed(item: permissions.Permission) -> None:
    assert item.action and item.source
    assert item.roles, "a permission nobody has would lock the office out"
    assert all(roles.is_role(role) for role in item.roles)
    # the administrator keeps everything a manager may do
    if roles.MANAGER in item.roles:
        assert roles.ADMINISTRATOR in item.roles or item.setting


def test_keys_are_unique() -> None:
    keys = [item.key for item in PERMISSIONS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("key", "allowed"),
    [
        ("record.create", {"receptionist", "engineer", "department_head", "manager", "administrator"}),
        ("settings.change", {"manager", "administrator"}),
        ("security.change", {"administrator"}),
        ("staff.manage", {"administrator"}),
        ("loan.approve", {"manager", "administrator"}),
        ("complaint.recode", {"manager", "administrator"}),
        ("document.dispose", {"manager", "administrator"}),
        ("document.dispose_review", {"department_head", "manager", "administrator"}),
        ("records.purge", {"manager", "administrator"}),
        ("sheet.review", {"department_head", "manager"}),
    ],
)
def test_matrix(key: str, allowed: set[str]) -> None:
    assert set(allowed_roles(key)) == allowed
    for role in roles.ROLES:
        assert is_allowed(key, role) == (role in allowed)


def test_review_roles_come_from_the_setting() -> None:
    lookup = {"review.roles": ["engineer"]}.__getitem__
    assert allowed_roles("sheet.review", lookup) == ("engineer",)
    assert not is_allowed("sheet.review", "manager", lookup)


def test_roles_come_back_in_role_order() -> None:
    lookup = {"review.roles": ["manager", "receptionist"]}.__getitem__
    assert allowed_roles("sheet.review", lookup) == ("receptionist", "manager")


def test_unknown_permission_is_a_bug() -> None:
    with pytest.raises(KeyError):
        allowed_roles("nothing.such")
    assert not permissions.is_permission("nothing.such")


def test_permissions_of_a_receptionist_are_desk_work() -> None:
    mine = permissions.permissions_of("receptionist")
    assert "record.create" in mine
    assert "settings.change" not in mine and "staff.manage" not in mine
