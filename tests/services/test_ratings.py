"""Performance ratings (F09): recorded with score limits, averaged, strong dissatisfaction → complaint in one step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError, ValidationError
from desktop.services import ratings, records
from desktop.services.clock import FixedClock
from desktop.services.ratings import RatingStore
from tests.pdf.reading import text_of
from tests.services.complaint_fixtures import People, make_people


@pytest.fixture
def people(db: peewee.SqliteDatabase, clock: FixedClock) -> People:
    i18n.set_ui_language("en")
    return make_people(clock.now())


def _rate(people: People, clock: FixedClock, **values: object) -> ratings.RatingRow:
    base = {
        "organisation": "深圳市腾讯科技有限公司",
        "evaluator": "李经理",
        "items": ["aftersales"],
        "aftersales_project": "门禁系统维保",
        "technical_score": Decimal("1.2"),
        "attitude_score": Decimal("1"),
        "engineer_id": people.engineer,
    }
    return ratings.record_rating({**base, **values}, by=people.receptionist, now=clock.now())


def test_record_a_rating(people: People, clock: FixedClock) -> None:
    row = _rate(people, clock, comments="工程师很专业")
    assert row.number == "PJ202603-001"
    assert (row.engineer, row.department_name) == ("吴刚", "工程部")
    assert (row.technical_score, row.attitude_score) == (1.2, 1.0)
    assert row.values["items"] == ["aftersales"]
    assert row.values["rating_date"] == date(2026, 3, 16)
    assert not row.suggests_complaint


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"technical_score": Decimal("2.5")},
            "technical_score",
            "1. Technical skill: score must be at most 200.",
        ),
        (
            {"attitude_score": Decimal("-0.6")},
            "attitude_score",
            "2. Service attitude: score must be at least -50.",
        ),
        ({"evaluator": " "}, "evaluator", "Evaluated by is required."),
    ],
)
def test_refusals(
    people: People, clock: FixedClock, values: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _rate(people, clock, **values)
    assert caught.value.errors[field] == message


def test_averages_per_department_and_engineer(people: People, clock: FixedClock) -> None:
    _rate(people, clock, technical_score=Decimal("1.5"), attitude_score=Decimal("0.5"))
    _rate(people, clock, technical_score=Decimal("0.5"), attitude_score=Decimal("1.5"))
    _rate(people, clock, engineer_id=None, department_id=people.service, technical_score=Decimal("2"))
    departments = ratings.averages(date(2026, 3, 1), date(2026, 3, 31), by_engineer=False)
    assert [(row.name, row.count, row.technical, row.attitude) for row in departments] == [
        ("客户服务部", 1, 2.0, 1.0),
        ("工程部", 2, 1.0, 1.0),
    ]
    engineers = ratings.averages(date(2026, 3, 1), date(2026, 3, 31), by_engineer=True)
    assert [(row.name, row.count) for row in engineers] == [("吴刚", 2)]
    assert ratings.averages(date(2026, 4, 1), date(2026, 4, 30), by_engineer=False) == []


def test_strong_dissatisfaction_becomes_a_complaint_in_one_step(people: People, clock: FixedClock) -> None:
    row = _rate(people, clock, attitude_score=Decimal("-0.5"), comments="对本月服务极度不满,工程师三次爽约")
    assert row.suggests_complaint
    complaint = ratings.rating_to_complaint(row.id, by=people.receptionist, now=clock.now())
    assert complaint.channel == "online"
    assert complaint.source_kind == "performance_rating" and complaint.source_id == row.id
    assert complaint.department_id == people.engineering
    assert "极度不满" in complaint.matter
    assert ratings.get_rating(row.id).complaint_id == complaint.id
    with pytest.raises(UserError, match="is a complaint already"):
        ratings.rating_to_complaint(row.id, by=people.receptionist, now=clock.now())


def test_print_on_its_form(people: People, clock: FixedClock) -> None:
    records.register_store(RatingStore())
    row = _rate(people, clock, comments="满意")
    text = "\n".join(text_of(ratings.print_rating(row.number, lang="zh_CN")))
    assert "绩效评定表" in text and "120%" in text and "门禁系统维保" in text
