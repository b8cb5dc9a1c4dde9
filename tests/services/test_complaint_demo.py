"""The demo's year of complaints, ratings and repairs makes every monthly statistic meaningful."""

from __future__ import annotations

import peewee

from desktop.models.complaint import Complaint, PerformanceRating
from desktop.rules.statistics import recent_periods
from desktop.services import demo, stats
from desktop.services.clock import FixedClock


def test_a_year_of_complaints_and_ratings(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    summary = demo.fill_demo(now=clock.now())
    assert summary.extra["complaints"] == Complaint.select().count() >= 50
    assert Complaint.select().where(Complaint.round == 2).exists()  # reopened once (000:165)
    assert Complaint.select().where(Complaint.original_category.is_null(False) | ~Complaint.valid).exists()
    assert PerformanceRating.select().where(PerformanceRating.complaint.is_null(False)).exists()
    tables = [
        stats.complaint_statistics(p, now=clock.now())
        for p in recent_periods(clock.now().date(), "month", 12)
    ]
    assert all(table.total.counts.repairs > 30 for table in tables)
    assert sum(table.total.counts.complaints for table in tables) >= 50
    # A department with complaints but no repairs shows "—" somewhere in the year.
    assert any(row.complaint_rate is None and row.counts.complaints for table in tables for row in table.rows)
