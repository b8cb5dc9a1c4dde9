"""Number patterns: the F01 day/operator scheme (seed 000:97) and the monthly complaint scheme (seed 002:72)."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.rules.numbering import (
    DAY,
    F01_PATTERN,
    MONTH,
    MONTHLY_PATTERN,
    NEVER,
    YEAR,
    format_number,
    number_regex,
    parse_pattern,
    period_key,
)

MOMENT = datetime(2024, 3, 15, 9, 41)


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


def test_f01_default_matches_the_seed_example() -> None:
    # spec §1.1 F01: 年月日 + 热线负责人编号 + 流水号 → 20240315-07-003
    assert format_number(F01_PATTERN, moment=MOMENT, operator="07", serial=3) == "20240315-07-003"


def test_monthly_complaint_number() -> None:
    assert format_number(MONTHLY_PATTERN, moment=MOMENT, serial=12) == "202403-0012"


def test_serial_grows_past_its_width() -> None:
    assert format_number(F01_PATTERN, moment=MOMENT, operator="07", serial=1000) == "20240315-07-1000"


@pytest.mark.parametrize(
    ("pattern", "period", "uses_operator"),
    [
        (F01_PATTERN, DAY, True),
        (MONTHLY_PATTERN, MONTH, False),
        ("{date:%Y}/{serial:05d}", YEAR, False),
        ("{date:%y%j}{serial}", DAY, False),
        ("K{serial:05d}", NEVER, False),
        ("{date}-{serial}", DAY, False),  # bare {date} is %Y%m%d
        ("{date:%Y%%%m}-{serial}", MONTH, False),  # %% is a literal percent sign
    ],
)
def test_parse_pattern_tells_when_the_serial_restarts(pattern: str, period: str, uses_operator: bool) -> None:
    checked = parse_pattern(pattern)
    assert (checked.period, checked.uses_operator) == (period, uses_operator)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "{date}-{who}-{serial}",
            "The number pattern has an unknown placeholder {who}; use {date}, {operator} and {serial}.",
        ),
        (
            "{date:%Y%m%d}-{operator}",
            "The number pattern needs a {serial} placeholder, or two records would get the same number.",
        ),
        ("{serial}-{serial}", "The number pattern may contain {serial} only once."),
        (
            "{date:%Y%m%d-{serial}",
            "The number pattern {date:%Y%m%d-{serial} has a brace { or } without its partner.",
        ),
        (
            "{date:%m%d}-{serial}",
            "A number that shows the month or day must show the year too, or numbers would repeat.",
        ),
        (
            "{date:%Y%d}-{serial}",
            "A number that shows the day of the month must show the month too (or use %j).",
        ),
        (
            "{date:%Y%m%d%H}-{serial}",
            "The date in a number may use only %Y, %y, %m, %d and %j; this pattern has %Y%m%d%H.",
        ),
        ("{date:-}-{serial}", "The date placeholder {date:-} shows no date."),
        ("{date}-{serial:s}", "The placeholder {serial} has a format FrontDesk cannot use: s."),
        ("{date}-{serial!r}", "The placeholder {serial} has a format FrontDesk cannot use."),
    ],
)
def test_bad_patterns_are_refused_with_a_clear_message(pattern: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_pattern(pattern, field="numbering.problem_sheet")
    assert caught.value.message == message
    assert caught.value.field == "numbering.problem_sheet"


def test_period_key_names_the_counter() -> None:
    assert period_key(F01_PATTERN, MOMENT, "07") == "2024-03-15|07"
    assert period_key(F01_PATTERN, MOMENT, " 07 ") == "2024-03-15|07"
    assert period_key(MONTHLY_PATTERN, MOMENT) == "2024-03"
    assert period_key(MONTHLY_PATTERN, datetime(2024, 3, 31, 23, 59)) == "2024-03"
    assert period_key(MONTHLY_PATTERN, datetime(2024, 4, 1)) == "2024-04"  # seed 002:72: restarts each month
    assert period_key("{date:%Y}-{serial}", MOMENT) == "2024"
    assert period_key("K{serial}", MOMENT) == "*"


def test_operator_is_required_when_the_pattern_shows_it() -> None:
    message = "This number includes the operator's number, but none is set for you. Ask the administrator to set it."
    with pytest.raises(UserError, match=message.replace(".", r"\.")):
        period_key(F01_PATTERN, MOMENT, "")
    with pytest.raises(UserError):
        format_number(F01_PATTERN, moment=MOMENT, operator="  ", serial=1)


def test_serial_starts_at_one() -> None:
    with pytest.raises(ValueError):
        format_number(MONTHLY_PATTERN, moment=MOMENT, serial=0)


def test_number_regex_reads_a_number_back() -> None:
    match = number_regex(F01_PATTERN).fullmatch("20240315-07-003")
    assert match is not None
    assert (match["operator"], int(match["serial"])) == ("07", 3)
    assert number_regex(MONTHLY_PATTERN).fullmatch("202403-0012") is not None
    assert number_regex(MONTHLY_PATTERN).fullmatch("2024-03-0012") is None
