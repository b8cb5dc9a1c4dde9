"""Masked phone numbers and notes in lists (spec §2.14; seed 004 shows masked contacts)."""

from __future__ import annotations

import pytest

from desktop.rules.masking import MASKED_NOTE, can_see_personal_data, mask, mask_note, mask_phone


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("0755-86001234", "075****1234"),
        ("+8613812345678", "+86****5678"),
        ("801", "****"),
        ("", ""),
        ("转", ""),
    ],
)
def test_mask(phone: str, masked: str) -> None:
    assert mask(phone) == masked


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("receptionist", True),
        ("department_head", True),
        ("manager", True),
        ("engineer", False),
        ("administrator", False),
        (None, True),  # the console on the office PC
    ],
)
def test_who_sees_whole_numbers_by_default(role: str | None, sees: bool) -> None:
    assert can_see_personal_data(role) is sees
    assert mask_phone("13812345678", role) == ("13812345678" if sees else "138****5678")
    assert mask_note("过敏史:青霉素", role) == ("过敏史:青霉素" if sees else MASKED_NOTE)


def test_the_office_chooses_the_roles() -> None:
    assert mask_phone("13812345678", "engineer", ["engineer"]) == "13812345678"
    assert mask_phone("13812345678", "receptionist", ["engineer"]) == "138****5678"
    assert mask_note("", "engineer") == ""
