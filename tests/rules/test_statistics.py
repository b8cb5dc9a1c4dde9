"""Complaint statistics: periods, rates with a zero divisor, totals, target."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.rules import statistics as stats
from desktop.rules.statistics import DepartmentCounts, Period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    period = stats.parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert stats.parse_period(period.key) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "March", ""])
def test_bad_period(text: str) -> None:
    with pytest.raises(ValueError):
        stats.parse_period(text)


def test_quarter_months_and_recent_periods() -> None:
    assert [p.key for p in Period(2026, "quarter", 2).months()] == ["2026-04", "2026-05", "2026-06"]
    assert [p.key for p in stats.recent_periods(date(2026, 2, 10), "month", 3)] == [
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    assert stats.period_of(date(2026, 11, 3), "quarter").key == "2026-Q4"


def test_rates_and_zero_divisors() -> None:
    counts = DepartmentCounts(
        "工程部", 3, complaints=2, valid=1, repairs=40, handled=2, called_back=1, overdue=1
    )
    row = stats.rates(counts, target=0.01)
    assert row.complaint_rate == pytest.approx(0.05)
    assert row.valid_rate == pytest.approx(0.025)
    assert row.callback_rate == pytest.approx(0.5)
    assert row.overdue_rate == pytest.approx(0.5)
    assert row.above_target is True
    empty = stats.rates(DepartmentCounts("安管部", 5, complaints=1), target=0.01)
    assert empty.complaint_rate is None
    assert empty.valid_rate is None
    assert empty.callback_rate is None
    assert empty.above_target is None
    assert stats.ratio(0, 0) is None


def test_total_and_average() -> None:
    rows = [
        DepartmentCounts("a", 1, complaints=1, repairs=10),
        DepartmentCounts("b", 2, complaints=2, repairs=0),
    ]
    assert stats.total(rows, "Total") == DepartmentCounts("Total", None, complaints=3, repairs=10)
    assert stats.average([1.0, None, 0.5]) == pytest.approx(0.75)
    assert stats.average([None]) is None
