"""``frontdesk demo`` fills problem sheets in every status, inquiries (some open) and intake entries."""

from __future__ import annotations

from datetime import datetime

import peewee

from desktop.models.inquiry import Inquiry
from desktop.models.intake import IntakeEntry
from desktop.models.ticket import ProblemSheet
from desktop.rules.sheet_workflow import STATUSES
from desktop.services import demo, inquiries, sheets

NOW = datetime(2026, 3, 16, 9, 0)


def test_demo_creates_sheets_in_every_status(db: peewee.SqliteDatabase) -> None:
    summary = demo.fill_demo(now=NOW)
    assert summary.extra["problem_sheets"] == 300
    statuses = {status for (status,) in ProblemSheet.select(ProblemSheet.status).distinct().tuples()}
    assert statuses == set(STATUSES)
    assert {c for (c,) in ProblemSheet.select(ProblemSheet.category).distinct().tuples()} == {
        "technical",
        "service",
        "sales",
        "other",
    }
    numbers = [n for (n,) in ProblemSheet.select(ProblemSheet.number).tuples()]
    assert len(set(numbers)) == 300
    oldest = ProblemSheet.select(peewee.fn.MIN(ProblemSheet.received_at)).scalar()
    assert (NOW - oldest).days <= 60
    assert sheets.count_sheets(sheets.SheetQuery(overdue_only=True), now=NOW) > 0
    assert ProblemSheet.select().where(ProblemSheet.reopen_count > 0).exists()
    descriptions = " ".join(d for (d,) in ProblemSheet.select(ProblemSheet.description).tuples())
    assert "ATM" in descriptions and "门禁" in descriptions
    assert 70 <= Inquiry.select().count() <= 90
    assert inquiries.unfinished_inquiries(now=NOW)
    assert IntakeEntry.select().count() == 40


def test_numbers_continue_after_the_demo(db: peewee.SqliteDatabase) -> None:
    demo.fill_demo(now=NOW)
    last = ProblemSheet.select(ProblemSheet.number).order_by(ProblemSheet.received_at.desc()).scalar()
    operator = last.split("-")[1]
    staff_id = demo.Staff.get(demo.Staff.employee_no == operator).id
    day = ProblemSheet.select(ProblemSheet.received_at).where(ProblemSheet.number == last).scalar()
    row = sheets.file_sheet(
        {"category": "other", "customer_name": "测试", "description": "测试"}, by=staff_id, now=day
    )
    assert row.number != last
    assert int(row.number.rsplit("-", 1)[1]) == int(last.rsplit("-", 1)[1]) + 1
