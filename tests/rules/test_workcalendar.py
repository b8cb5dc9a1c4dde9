"""The working-time calendar: office hours, China's 2026 holidays with 调休, and the office's own days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import i18n
from desktop.errors import UserError
from desktop.rules.workcalendar import (
    DEFAULT_OFFICE_HOURS,
    WorkCalendar,
    calendar_from_settings,
    format_office_hours,
    parse_dates,
    parse_office_hours,
)

CAL = WorkCalendar()


def i18n_en() -> None:
    """Messages in English, the source language (the conftest resets the language after each test)."""
    i18n.set_ui_language("en")


# TECH-NOTES "Working days": the 2026 make-up working days (调休上班) of the State Council's notice.
MAKEUP_2026 = [
    date(2026, 1, 4),  # Sunday, New Year
    date(2026, 2, 14),  # Saturday, Spring Festival
    date(2026, 2, 28),  # Saturday, Spring Festival
    date(2026, 5, 9),  # Saturday, Labour Day
    date(2026, 9, 20),  # Sunday, National Day
    date(2026, 10, 10),  # Saturday, National Day
]


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ---- office hours -------------------------------------------------------------------------------------------


def test_default_hours_are_weekdays_0830_to_1200_and_1330_to_1730() -> None:
    assert CAL.working_intervals(date(2026, 3, 16)) == (
        (dt("2026-03-16 08:30"), dt("2026-03-16 12:00")),
        (dt("2026-03-16 13:30"), dt("2026-03-16 17:30")),
    )
    assert CAL.working_intervals(date(2026, 3, 21)) == ()  # Saturday


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        ("2026-03-16 08:29", False),
        ("2026-03-16 08:30", True),  # opening time counts
        ("2026-03-16 11:59", True),
        ("2026-03-16 12:00", False),  # closing time does not
        ("2026-03-16 13:00", False),  # lunch
        ("2026-03-16 13:30", True),
        ("2026-03-16 17:30", False),
        ("2026-03-21 10:00", False),  # Saturday
    ],
)
def test_is_working_time(moment: str, open_: bool) -> None:
    assert CAL.is_working_time(dt(moment)) is open_


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-03-16 09:00", 2, "2026-03-16 11:00"),  # plain morning
        ("2026-03-16 11:30", 1, "2026-03-16 14:00"),  # across lunch: 30 min + 30 min after 13:30
        ("2026-03-16 11:00", 1, "2026-03-16 12:00"),  # ends exactly at the lunch break: due at 12:00
        ("2026-03-16 12:45", 1, "2026-03-16 14:30"),  # received during lunch: counts from 13:30
        ("2026-03-16 15:30", 2, "2026-03-16 17:30"),  # ends exactly at closing: due that evening
        ("2026-03-16 17:29", 2, "2026-03-17 10:29"),  # issue 4: received 17:29 → next working day 10:29
        ("2026-03-16 19:00", 2, "2026-03-17 10:30"),  # evening: from next morning's opening
        ("2026-03-16 06:00", 2, "2026-03-16 10:30"),  # early morning
        ("2026-03-20 16:30", 2, "2026-03-23 09:30"),  # Friday afternoon → Monday
        ("2026-03-21 10:00", 2, "2026-03-23 10:30"),  # Saturday → Monday's opening
        ("2026-03-16 08:30", 7.5, "2026-03-16 17:30"),  # a whole working day
        ("2026-03-16 09:00", 8, "2026-03-17 09:30"),  # 7 h left on Monday, 1 h on Tuesday
        ("2026-03-16 09:00", 0, "2026-03-16 09:00"),
        ("2026-03-16 18:00", 0, "2026-03-17 08:30"),  # zero hours outside office time: the next opening
        ("2026-03-16 09:00", 1.25, "2026-03-16 10:15"),
    ],
)
def test_add_working_hours(start: str, hours: float, due: str) -> None:
    assert CAL.add_working_hours(dt(start), hours) == dt(due)


def test_add_working_hours_accepts_a_timedelta_and_refuses_negative() -> None:
    assert CAL.add_working_hours(dt("2026-03-16 11:50"), timedelta(minutes=20)) == dt("2026-03-16 13:40")
    with pytest.raises(ValueError):
        CAL.add_working_hours(dt("2026-03-16 09:00"), -1)


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        ("2026-03-16 10:00", "2026-03-16 10:00"),  # open now
        ("2026-03-16 12:00", "2026-03-16 13:30"),
        ("2026-03-16 17:30", "2026-03-17 08:30"),
        ("2026-03-20 18:00", "2026-03-23 08:30"),  # Friday evening → Monday
        ("2026-02-15 10:00", "2026-02-24 08:30"),  # Spring Festival 2026: 15–23 Feb off
        ("2026-10-01 09:00", "2026-10-08 08:30"),  # National Day 2026: 1–7 Oct off
    ],
)
def test_next_opening(moment: str, opening: str) -> None:
    assert CAL.next_opening(dt(moment)) == dt(opening)


@pytest.mark.parametrize(
    ("start", "end", "worked"),
    [
        ("2026-03-16 11:30", "2026-03-16 14:00", timedelta(hours=1)),
        ("2026-03-16 17:00", "2026-03-17 09:00", timedelta(hours=1)),
        ("2026-03-16 08:30", "2026-03-16 17:30", timedelta(hours=7, minutes=30)),
        ("2026-03-20 17:00", "2026-03-23 09:00", timedelta(hours=1)),  # over a weekend
        ("2026-03-16 12:10", "2026-03-16 13:00", timedelta(0)),  # all lunch
        ("2026-03-16 14:00", "2026-03-16 11:30", -timedelta(hours=1)),  # deadline passed: negative
    ],
)
def test_working_time_between(start: str, end: str, worked: timedelta) -> None:
    assert CAL.working_time_between(dt(start), dt(end)) == worked


def test_working_time_between_is_the_inverse_of_add_working_hours() -> None:
    start = dt("2026-09-30 16:00")
    due = CAL.add_working_hours(start, 10)
    assert CAL.working_time_between(start, due) == timedelta(hours=10)


# ---- working days -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-03-16 10:00", 2, "2026-03-18 17:30"),  # Monday → Wednesday's close
        ("2026-03-16 07:00", 2, "2026-03-18 17:30"),  # the hand-over day never counts, even before opening
        ("2026-03-16 17:29", 2, "2026-03-18 17:30"),  # … nor late in the afternoon: same due moment
        ("2026-03-20 17:00", 2, "2026-03-24 17:30"),  # Friday → Tuesday
        ("2026-03-21 11:00", 1, "2026-03-23 17:30"),  # handed over on Saturday: Monday is day 1
        ("2026-03-16 10:00", 1, "2026-03-17 17:30"),
        ("2026-03-16 10:00", 5, "2026-03-23 17:30"),
    ],
)
def test_add_working_days_is_the_close_of_the_nth_following_working_day(
    start: str, days: int, due: str
) -> None:
    assert CAL.add_working_days(dt(start), days) == dt(due)


def test_add_working_days_refuses_zero() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(dt("2026-03-16 10:00"), 0)


# ---- 2026: Spring Festival and National Day with their 调休 ----------------------------------------------------


@pytest.mark.parametrize("day", MAKEUP_2026, ids=str)
def test_2026_makeup_days_are_working_days_with_weekday_hours(day: date) -> None:
    assert day.weekday() in (5, 6)
    assert CAL.is_working_day(day)
    assert CAL.day_kind(day) == "makeup_workday"
    assert CAL.working_intervals(day)[0][0].time() == time(8, 30)
    assert CAL.working_intervals(day)[-1][1].time() == time(17, 30)


def test_2026_makeup_days_match_the_package() -> None:
    weekend_working = [
        day
        for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(365))
        if day.weekday() >= 5 and CAL.is_working_day(day)
    ]
    assert weekend_working == MAKEUP_2026


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 1, 2),  # Friday off, worked on Sunday 4 Jan
        *(date(2026, 2, d) for d in range(15, 24)),  # Spring Festival: Sun 15 – Mon 23 Feb
        date(2026, 4, 6),
        *(date(2026, 5, d) for d in range(1, 6)),
        date(2026, 6, 19),
        date(2026, 9, 25),
        *(date(2026, 10, d) for d in range(1, 8)),  # National Day week
    ],
    ids=str,
)
def test_2026_holidays_are_closed(day: date) -> None:
    assert not CAL.is_working_day(day)


def test_spring_festival_2026_handover_and_result() -> None:
    # Received Friday 13 Feb 17:00: 30 min that day, then the make-up Saturday 14 Feb counts.
    assert CAL.add_working_hours(dt("2026-02-13 17:00"), 2) == dt("2026-02-14 10:00")
    # Received on the eve of the festival (Mon 16 Feb): the clock starts Tue 24 Feb at opening.
    assert CAL.add_working_hours(dt("2026-02-16 09:00"), 2) == dt("2026-02-24 10:30")
    # Handed over Sat 14 Feb (a working day): day 1 = Tue 24 Feb, day 2 = Wed 25 Feb.
    assert CAL.add_working_days(dt("2026-02-14 15:00"), 2) == dt("2026-02-25 17:30")
    # Handed over Fri 27 Feb: the make-up Saturday 28 Feb is day 1.
    assert CAL.add_working_days(dt("2026-02-27 10:00"), 2) == dt("2026-03-02 17:30")


def test_national_day_2026_handover_and_result() -> None:
    # Received Sat 19 Sep (rest day): Sun 20 Sep is a make-up working day, so the clock runs on Sunday.
    assert CAL.add_working_hours(dt("2026-09-19 12:00"), 2) == dt("2026-09-20 10:30")
    # Handed over Wed 30 Sep: 1–7 Oct are off, so day 1 = Thu 8 Oct, day 2 = Fri 9 Oct.
    assert CAL.add_working_days(dt("2026-09-30 16:00"), 2) == dt("2026-10-09 17:30")
    # Received Fri 9 Oct 17:00: the make-up Saturday 10 Oct counts.
    assert CAL.add_working_hours(dt("2026-10-09 17:00"), 2) == dt("2026-10-10 10:00")
    assert CAL.add_working_days(dt("2026-10-09 17:00"), 1) == dt("2026-10-10 17:30")


# ---- the office's own table ----------------------------------------------------------------------------------


def test_office_added_closure_wins_over_a_working_day() -> None:
    cal = WorkCalendar(extra_closures=frozenset({date(2026, 3, 17)}))
    assert not cal.is_working_day(date(2026, 3, 17))
    assert cal.day_kind(date(2026, 3, 17)) == "office_closure"
    assert cal.add_working_hours(dt("2026-03-16 17:29"), 2) == dt("2026-03-18 10:29")
    assert cal.add_working_days(dt("2026-03-16 10:00"), 2) == dt("2026-03-19 17:30")


def test_office_added_closure_can_close_a_makeup_day() -> None:
    cal = WorkCalendar(extra_closures=frozenset({date(2026, 2, 14)}))
    assert not cal.is_working_day(date(2026, 2, 14))


def test_office_added_working_day_opens_a_saturday_with_weekday_hours() -> None:
    cal = WorkCalendar(extra_workdays=frozenset({date(2026, 3, 21)}))
    assert cal.day_kind(date(2026, 3, 21)) == "office_workday"
    assert cal.is_working_time(dt("2026-03-21 09:00"))
    assert cal.add_working_hours(dt("2026-03-20 17:00"), 2) == dt("2026-03-21 10:00")


def test_office_added_working_day_opens_a_public_holiday() -> None:
    cal = WorkCalendar(extra_workdays=frozenset({date(2026, 10, 8)}) | {date(2026, 10, 2)})
    assert cal.is_working_day(date(2026, 10, 2))
    assert cal.add_working_hours(dt("2026-10-01 09:00"), 1) == dt("2026-10-02 09:30")


def test_a_day_cannot_be_both_closed_and_open() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(
            extra_closures=frozenset({date(2026, 3, 17)}), extra_workdays=frozenset({date(2026, 3, 17)})
        )


def test_an_office_open_on_saturday_mornings() -> None:
    saturday = ((time(9, 0), time(12, 0)),)
    cal = WorkCalendar(office_hours=(*DEFAULT_OFFICE_HOURS[:5], saturday, ()))
    assert cal.is_working_day(date(2026, 3, 21))
    assert cal.add_working_hours(dt("2026-03-20 17:00"), 2) == dt("2026-03-21 10:30")
    assert not cal.is_working_day(date(2026, 10, 3))  # National Day Saturday stays closed


def test_without_official_holidays_only_office_hours_count() -> None:
    cal = WorkCalendar(official_holidays=False)
    assert cal.is_working_day(date(2026, 10, 1))
    assert not cal.is_working_day(date(2026, 10, 10))


# ---- years the package does not know yet ----------------------------------------------------------------------


def test_2026_is_published_and_2027_is_not() -> None:
    assert CAL.is_year_published(2026)
    assert not CAL.is_year_published(2027)
    assert 2025 in CAL.published_years()
    assert not CAL.needs_office_days(2026)
    assert CAL.needs_office_days(2027)


def test_entering_any_day_for_2027_silences_the_warning() -> None:
    cal = WorkCalendar(extra_workdays=frozenset({date(2027, 2, 20)}))
    assert not cal.needs_office_days(2027)
    assert not WorkCalendar(official_holidays=False).needs_office_days(2027)


# ---- settings shape -----------------------------------------------------------------------------------------


def test_office_hours_round_trip_through_the_settings_shape() -> None:
    value = format_office_hours(DEFAULT_OFFICE_HOURS)
    assert value["0"] == [["08:30", "12:00"], ["13:30", "17:30"]]
    assert value["6"] == []
    assert parse_office_hours(value) == DEFAULT_OFFICE_HOURS


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"0": [["8.30", "12:00"]]}, "8.30 is not a time of day; write times as HH:MM, e.g. 08:30."),
        ({"0": [["12:00", "08:30"]]}, "Office hours 12:00–08:30 close before they open."),
        (
            {"0": [["08:30", "12:00"], ["11:00", "17:30"]]},
            "Office hours on one day overlap; check the times.",
        ),
        ({"7": [["08:30", "12:00"]]}, "Office hours name an unknown weekday: 7."),
        ({"0": [["08:30"]]}, "Each stretch of office hours needs an opening and a closing time."),
        ({"0": []}, "The office must be open on at least one weekday."),
    ],
)
def test_bad_office_hours_are_refused_with_a_clear_message(
    value: dict[str, list[list[str]]], message: str
) -> None:
    i18n_en()
    with pytest.raises(UserError) as caught:
        parse_office_hours(value, field="calendar.office_hours")
    assert caught.value.message == message
    assert caught.value.field == "calendar.office_hours"


def test_dates_from_settings() -> None:
    assert parse_dates(["2026-10-09", "2027-02-20"]) == {date(2026, 10, 9), date(2027, 2, 20)}
    i18n_en()
    with pytest.raises(
        UserError, match=r"^9/10/2026 is not a date; write dates as YYYY-MM-DD, e\.g\. 2026-10-09\.$"
    ):
        parse_dates(["9/10/2026"])


def test_calendar_from_settings_refuses_a_day_both_closed_and_open() -> None:
    i18n_en()
    hours = format_office_hours(DEFAULT_OFFICE_HOURS)
    cal = calendar_from_settings(hours, ["2026-03-17"], ["2026-03-21"])
    assert not cal.is_working_day(date(2026, 3, 17))
    assert cal.is_working_day(date(2026, 3, 21))
    with pytest.raises(UserError) as caught:
        calendar_from_settings(hours, ["2026-03-17"], ["2026-03-17"])
    assert caught.value.message == "2026-03-17 is entered both as a closure and as a working day; keep one."


# ---- cross-check with chinese-calendar (test extra only) ----------------------------------------------------


def test_every_day_of_2024_to_2026_matches_chinese_calendar() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    day = date(2024, 1, 1)
    mismatches = []
    while day.year <= 2026:
        if CAL.is_working_day(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


# ---- properties -------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2026, 12, 31)),
    minutes=st.integers(min_value=0, max_value=60 * 40),
)
def test_adding_working_time_then_measuring_it_gives_it_back(start: datetime, minutes: int) -> None:
    due = CAL.add_working_hours(start, timedelta(minutes=minutes))
    assert due >= start
    assert CAL.working_time_between(start, due) == timedelta(minutes=minutes)
    if minutes:
        # the due moment is inside office time or exactly at a closing time
        assert CAL.is_working_time(due) or any(
            due == closes for _opens, closes in CAL.working_intervals(due.date())
        )


@settings(max_examples=100, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=10),
)
def test_working_days_end_at_closing_time_of_a_working_day_after_the_start(
    start: datetime, days: int
) -> None:
    due = CAL.add_working_days(start, days)
    assert CAL.is_working_day(due.date())
    assert due == CAL.working_intervals(due.date())[-1][1]
    between = [start.date() + timedelta(days=n) for n in range(1, (due.date() - start.date()).days + 1)]
    assert sum(CAL.is_working_day(day) for day in between) == days
