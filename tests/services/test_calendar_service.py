"""The office calendar built from Settings, and the deadline calculator."""

from __future__ import annotations

from datetime import date, datetime

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.models.setting import Setting
from desktop.services.calendar import (
    deadline_from,
    handover_due_at,
    office_calendar,
    result_due_at,
    years_needing_office_days,
)
from desktop.services.settings import set_setting

NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


def test_default_settings_give_the_default_calendar(db: peewee.SqliteDatabase) -> None:
    calendar = office_calendar()
    assert calendar.is_working_time(datetime(2026, 3, 16, 8, 30))
    assert not calendar.is_working_time(datetime(2026, 3, 16, 12, 30))
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert calendar.is_working_day(date(2026, 10, 10))  # make-up Saturday from the package


def test_office_hours_from_settings(db: peewee.SqliteDatabase) -> None:
    hours = {str(day): [["09:00", "18:00"]] for day in range(6)}  # Monday–Saturday, no lunch break
    set_setting("calendar.office_hours", hours, by=None, now=NOW)
    calendar = office_calendar()
    assert calendar.is_working_time(datetime(2026, 3, 21, 12, 30))
    assert deadline_from(datetime(2026, 3, 20, 17, 0), working_hours=2) == datetime(2026, 3, 21, 10, 0)


def test_office_closures_and_working_days_from_settings(db: peewee.SqliteDatabase) -> None:
    set_setting("calendar.extra_closures", ["2026-03-17"], by=None, now=NOW)
    set_setting("calendar.extra_workdays", ["2026-03-21"], by=None, now=NOW)
    calendar = office_calendar()
    assert not calendar.is_working_day(date(2026, 3, 17))
    assert calendar.is_working_day(date(2026, 3, 21))
    assert deadline_from(datetime(2026, 3, 16, 17, 29), working_hours=2) == datetime(2026, 3, 18, 10, 29)
    assert deadline_from(datetime(2026, 3, 16, 10, 0), working_days=2) == datetime(2026, 3, 19, 17, 30)
    # Thursday → Friday (day 1) → the office-added Saturday (day 2)
    assert deadline_from(datetime(2026, 3, 19, 10, 0), working_days=2) == datetime(2026, 3, 21, 17, 30)


def test_sheet_deadlines_follow_the_settings(db: peewee.SqliteDatabase) -> None:
    assert handover_due_at(datetime(2026, 3, 16, 17, 29)) == datetime(2026, 3, 17, 10, 29)
    assert result_due_at(datetime(2026, 3, 16, 10, 0)) == datetime(2026, 3, 18, 17, 30)
    set_setting("deadline.handover_hours", 4, by=None, now=NOW)
    set_setting("deadline.result_working_days", 3, by=None, now=NOW)
    assert handover_due_at(datetime(2026, 3, 16, 17, 29)) == datetime(2026, 3, 17, 13, 59)  # lunch skipped
    assert result_due_at(datetime(2026, 3, 16, 10, 0)) == datetime(2026, 3, 19, 17, 30)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Give either a number of working hours or a number of working days."),
        (
            {"working_hours": 2, "working_days": 2},
            "Give either a number of working hours or a number of working days.",
        ),
        ({"working_hours": -1}, "The number of working hours cannot be negative."),
        ({"working_days": 0}, "The number of working days must be at least 1."),
    ],
)
def test_deadline_calculator_refuses_bad_input(
    db: peewee.SqliteDatabase, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(UserError) as caught:
        deadline_from(NOW, **kwargs)  # type: ignore[arg-type]
    assert caught.value.message == message


def test_a_day_both_closed_and_open_in_stored_settings_is_reported(db: peewee.SqliteDatabase) -> None:
    # Each list is valid alone, so Settings accepts both; the calendar names the clash.
    Setting.insert(key="calendar.extra_closures", value='["2026-03-17"]').execute()
    Setting.insert(key="calendar.extra_workdays", value='["2026-03-17"]').execute()
    with pytest.raises(UserError, match="2026-03-17 is entered both as a closure and as a working day"):
        office_calendar()


def test_years_needing_office_days(db: peewee.SqliteDatabase) -> None:
    assert years_needing_office_days(2026, 2027) == [2027]
    set_setting("calendar.extra_workdays", ["2027-02-20"], by=None, now=NOW)
    assert years_needing_office_days(2026, 2027) == []
