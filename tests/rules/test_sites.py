"""Site labels: 栋号-单元-楼层房号 written and read back (seed 001:268)."""

from __future__ import annotations

import pytest

from desktop.errors import UserError
from desktop.rules.sites import UnitAddress, free_label, looks_like_unit_label, parse_unit_label, unit_label


@pytest.mark.parametrize(
    ("building", "unit", "floor", "room", "label"),
    [
        ("3", "2", 5, "02", "3-2-502"),
        ("3", "2", 15, "02", "3-2-1502"),
        ("3", "2", "5", "2", "3-2-502"),  # a one-digit room is padded
        (" A ", "1", 12, "01", "A-1-1201"),
        ("3", "", 5, "02", "3-502"),  # a building without units
        ("3", "2", -1, "01", "3-2-B101"),  # first basement
        ("3", "2", "B2", "05", "3-2-B205"),
    ],
)
def test_unit_label_and_back(building: str, unit: str, floor: int | str, room: str, label: str) -> None:
    assert unit_label(building, unit, floor, room) == label
    back = parse_unit_label(label)
    assert unit_label(back.building, back.unit, back.floor, back.room) == label


def test_parse_gives_the_parts() -> None:
    assert parse_unit_label("3-2-502") == UnitAddress(building="3", unit="2", floor=5, room="02")
    assert parse_unit_label("3-2-1502") == UnitAddress(building="3", unit="2", floor=15, room="02")


@pytest.mark.parametrize(
    ("building", "unit", "floor", "room", "field", "message"),
    [
        ("", "2", 5, "02", "building", "Enter the building number."),
        ("3栋", "2", 5, "02", "building", "A building number has only letters and digits, e.g. 3 or A."),
        ("3", "2-1", 5, "02", "unit", "A unit number has only letters and digits, e.g. 2."),
        ("3", "2", "五", "02", "floor", "Enter the floor as a number, e.g. 5 or B1."),
        (
            "3",
            "2",
            0,
            "02",
            "floor",
            "There is no floor 0: use 1 for the ground floor, B1 for the first basement.",
        ),
        ("3", "2", 5, "", "room", "A room number has two letters or digits, e.g. 02."),
        ("3", "2", 5, "102", "room", "A room number has two letters or digits, e.g. 02."),
    ],
)
def test_bad_parts_name_the_field(
    building: str, unit: str, floor: object, room: str, field: str, message: str
) -> None:
    with pytest.raises(UserError) as caught:
        unit_label(building, unit, floor, room)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.message) == (field, message)


@pytest.mark.parametrize("text", ["配电房", "3-2", "3-2-5", "3-2-1-502", "", "3--502x"])
def test_not_a_unit_label(text: str) -> None:
    assert not looks_like_unit_label(text)
    with pytest.raises(UserError):
        parse_unit_label(text)


def test_free_label_collapses_blanks_and_needs_text() -> None:
    assert free_label("  口腔科   3诊室 ") == "口腔科 3诊室"
    with pytest.raises(UserError) as caught:
        free_label("   ")
    assert (caught.value.field, caught.value.message) == ("free_label", "Enter a name for the place.")
