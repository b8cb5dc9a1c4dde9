"""Customers: looked up at the desk by a 2-character Chinese name or any part of a phone number."""

from __future__ import annotations

import peewee
import pytest

from desktop.errors import ConflictError, UserError
from desktop.services import customers, sites
from desktop.services.clock import FixedClock


@pytest.fixture
def people(db: peewee.SqliteDatabase, clock: FixedClock) -> dict[str, customers.CustomerRow]:
    values = [
        {"name": "王芳", "mobile": "138 0013 8000"},
        {"name": "王芳华", "mobile": "13900139000", "organisation": "深圳市迈瑞医疗有限公司"},
        {"name": "李娜", "office_phone": "0755-86001234 转 801"},
        {"name": "Zhang Wei", "mobile": "+86 135-0013-5000"},
    ]
    return {v["name"]: customers.add_customer(v, by=None, now=clock.now()) for v in values}


def _names(rows: list[customers.CustomerRow]) -> list[str]:
    return [row.name for row in rows]


def test_a_two_character_chinese_name_is_found_exact_first(people: dict) -> None:
    assert _names(customers.find_customers("王芳")) == ["王芳", "王芳华"]
    assert _names(customers.find_customers("李娜")) == ["李娜"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("13800", ["王芳"]),
        ("138-0013", ["王芳"]),  # typed with a dash, stored without
        ("8000", ["王芳"]),
        ("86001234", ["李娜"]),
        ("迈瑞", ["王芳华"]),
        ("zhang", ["Zhang Wei"]),
        ("+8613500135000", ["Zhang Wei"]),
        ("", []),
        ("%", []),
        ("赵", []),
    ],
)
def test_find_by_part_of_a_number_or_organisation(people: dict, text: str, names: list[str]) -> None:
    assert _names(customers.find_customers(text)) == names


def test_find_respects_the_limit(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    for index in range(30):
        customers.add_customer({"name": f"张{index}"}, by=None, now=clock.now())
    assert len(customers.find_customers("张")) == 20
    assert len(customers.find_customers("张", limit=5)) == 5


def test_mobile_is_stored_without_separators(people: dict) -> None:
    assert people["王芳"].mobile == "13800138000"
    assert people["李娜"].office_phone == "0755-86001234 转 801"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the customer's name."),
        ({"name": "王芳", "mobile": "138abc"}, "mobile", "A phone number has only digits, spaces, + - ( )."),
        ({"name": "王" * 101}, "name", "At most 100 characters."),
    ],
)
def test_refusals(
    db: peewee.SqliteDatabase, clock: FixedClock, values: dict, field: str, message: str
) -> None:
    with pytest.raises(UserError) as caught:
        customers.add_customer(values, by=None, now=clock.now())
    assert (caught.value.field, caught.value.message) == (field, message)


def test_update_and_conflict(people: dict, clock: FixedClock) -> None:
    row = people["李娜"]
    updated = customers.update_customer(
        row.id, {"mobile": "13500135000"}, expected_version=1, by=None, now=clock.now()
    )
    assert (updated.mobile, updated.office_phone, updated.version) == ("13500135000", row.office_phone, 2)
    with pytest.raises(ConflictError):
        customers.update_customer(row.id, {"name": "李娜娜"}, expected_version=1, by=None, now=clock.now())


def test_list_and_count(people: dict) -> None:
    assert customers.count_customers() == 4
    assert len(customers.list_customers(limit=2)) == 2


def test_sites_find_and_refuse_a_duplicate(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    unit = sites.add_site({"building": "3", "unit": "2", "floor": 15, "room": "2"}, by=None, now=clock.now())
    room = sites.add_site({"kind": "free", "free_label": "口腔科 3诊室"}, by=None, now=clock.now())
    assert (unit.label, room.label, room.floor) == ("3-2-1502", "口腔科 3诊室", None)
    assert [s.label for s in sites.find_sites("3-2")] == ["3-2-1502"]
    assert sites.get_site_by_label("口腔科  3诊室") == room
    with pytest.raises(UserError) as caught:
        sites.add_site({"building": "3", "unit": "2", "floor": "15", "room": "02"}, by=None, now=clock.now())
    assert (caught.value.field, caught.value.message) == ("label", "3-2-1502 is already registered.")
