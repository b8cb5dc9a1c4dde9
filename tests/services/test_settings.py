"""Declared settings: defaults, validation with the message the desk sees, one audit event per change."""

from __future__ import annotations

import peewee
import pytest

from desktop.errors import UserError
from desktop.models.setting import Setting
from desktop.services import audit, settings
from desktop.services.clock import FixedClock

CALENDAR_KEYS = (
    "office.type",
    "ui.language",
    "print.language",
    "calendar.office_hours",
    "calendar.extra_closures",
    "calendar.extra_workdays",
    "deadline.handover_hours",
    "deadline.result_working_days",
    "numbering.problem_sheet",
    "review.roles",
    "customer_rest_hours",
)


def test_the_keys_other_modules_read_are_declared() -> None:
    assert set(CALENDAR_KEYS) <= {definition.key for definition in settings.SETTINGS}


def test_every_default_passes_its_own_check() -> None:
    for definition in settings.SETTINGS:
        definition.validate(definition.default)
        assert definition.label


def test_defaults(db: peewee.SqliteDatabase) -> None:
    hours = settings.get_setting("calendar.office_hours")
    assert hours["0"] == [["08:30", "12:00"], ["13:30", "17:30"]]
    assert hours["4"] == hours["0"] and hours["5"] == hours["6"] == []
    assert settings.get_setting("ui.language") is None
    assert settings.get_setting("print.language") == "zh_CN"
    assert settings.get_setting("deadline.handover_hours") == 2
    assert settings.get_setting("deadline.result_working_days") == 2
    assert settings.get_setting("numbering.problem_sheet") == "{date:%Y%m%d}-{operator}-{serial:03d}"
    assert settings.get_setting("review.roles") == ["department_head", "manager"]
    assert settings.get_setting("customer_rest_hours") == {
        "not_before": "09:00",
        "not_after": "20:00",
        "quiet": [["12:00", "14:00"]],
    }
    assert all(row.is_default for row in settings.all_settings())


def test_a_change_is_stored_tidied_and_audited(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    stored = settings.set_setting(
        "calendar.extra_closures", ["2026-10-09", "2026-10-08", "2026-10-09"], by=None, now=clock.now()
    )
    assert stored == ["2026-10-08", "2026-10-09"]
    assert settings.get_setting("calendar.extra_closures") == stored
    settings.set_setting("calendar.extra_closures", stored, by=None, now=clock.now())  # no change, no event
    (event,) = audit.history("setting", None)
    assert event.changes == {"calendar.extra_closures": ([], ["2026-10-08", "2026-10-09"])}
    row = next(r for r in settings.all_settings() if r.key == "calendar.extra_closures")
    assert not row.is_default


def test_office_hours_with_int_weekdays_are_stored_as_json_keys(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    settings.set_setting("calendar.office_hours", {5: [["09:00", "12:00"]]}, by=None, now=clock.now())
    hours = settings.get_setting("calendar.office_hours")
    assert hours["5"] == [["09:00", "12:00"]] and hours["0"] == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("office.type", "shop", "Choose one of: property, clinic, hotline."),
        ("print.language", "fr", "Choose one of: zh_CN, en."),
        ("deadline.handover_hours", 0, "Enter a whole number from 1 to 24."),
        ("deadline.result_working_days", "2", "Enter a whole number from 1 to 30."),
        ("calendar.office_hours", {"0": [["8:30", "12:00"]]}, "Write each time as HH:MM, e.g. 08:30."),
        (
            "calendar.office_hours",
            {"0": [["12:00", "08:30"]]},
            "12:00–08:30: the end must be after the start.",
        ),
        (
            "calendar.office_hours",
            {"0": [["08:30", "12:00"], ["11:00", "17:00"]]},
            "The times overlap or are out of order at 11:00.",
        ),
        ("calendar.office_hours", {"7": []}, "Weekdays are numbered 0 (Monday) to 6 (Sunday)."),
        ("calendar.extra_workdays", ["2026-02-30"], "2026-02-30 is not a date like 2026-10-08."),
        ("review.roles", [], "Choose at least one role."),
        ("review.roles", ["boss"], "Unknown role: boss."),
        (
            "numbering.problem_sheet",
            "{date:%Y}",
            "The number pattern needs a {serial} placeholder, or two records would get the same number.",
        ),
        (
            "numbering.problem_sheet",
            "HL{serial:04",
            "The number pattern HL{serial:04 has a brace { or } without its partner.",
        ),
        (
            "numbering.problem_sheet",
            "{who}-{serial}",
            "The number pattern has an unknown placeholder {who}; use {date}, {operator} and {serial}.",
        ),
        (
            "customer_rest_hours",
            {"not_before": "21:00", "not_after": "20:00", "quiet": []},
            "The latest time to call must be after the earliest.",
        ),
    ],
)
def test_refusals(
    db: peewee.SqliteDatabase, clock: FixedClock, key: str, value: object, message: str
) -> None:
    with pytest.raises(UserError) as caught:
        settings.set_setting(key, value, by=None, now=clock.now())
    assert (caught.value.field, caught.value.message) == (key, message)
    assert not Setting.select().exists()


def test_a_damaged_stored_value_falls_back_to_the_default(db: peewee.SqliteDatabase) -> None:
    Setting.insert(key="deadline.handover_hours", value="not json").execute()
    Setting.insert(key="print.language", value='"fr"').execute()
    assert settings.get_setting("deadline.handover_hours") == 2
    assert settings.get_setting("print.language") == "zh_CN"


def test_an_undeclared_key_is_a_bug(db: peewee.SqliteDatabase) -> None:
    with pytest.raises(KeyError):
        settings.get_setting("no.such.key")
