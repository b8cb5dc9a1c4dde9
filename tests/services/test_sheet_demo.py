"""``frontdesk demo`` fills problem sheets in every status, inquiries (some open) and intake entries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import peewee

from desktop.models.inquiry import Inquiry
from desktop.models.intake import IntakeEntry
from desktop.models.ticket import ProblemSheet
from desktop.rules.sheet_workflow import STATUSES
from desktop.services import demo, inquiries, sheet_list, sheets

NOW = datetime(2026, 3, 16, 9, 0)


def test_demo_creates_sheets_in_every_status(db: peewee.SqliteDatabase) -> None:
    summary = demo.fill_demo(now=NOW)
    assert summary.extra["problem sheets"] == ProblemSheet.select().count() > 1500  # a year of them
    recent = ProblemSheet.received_at >= NOW - timedelta(days=60)  # before: ten months of repairs, closed
    assert ProblemSheet.select().where(recent).count() == 300
    statuses = {
        status for (status,) in ProblemSheet.select(ProblemSheet.status).where(recent).distinct().tuples()
    }
    assert statuses == set(STATUSES)
    assert {c for (c,) in ProblemSheet.select(ProblemSheet.category).distinct().tuples()} == {
        "technical",
        "service",
        "sales",
        "other",
    }
    numbers = [n for (n,) in ProblemSheet.select(ProblemSheet.number).tuples()]
    assert len(set(numbers)) == len(numbers)
    assert ProblemSheet.select().where(ProblemSheet.reopen_count > 0).exists()
    descriptions = " ".join(d for (d,) in ProblemSheet.select(ProblemSheet.description).tuples())
    assert "ATM" in descriptions and "门禁" in descriptions
    # A Chinese office's demo is all Chinese: no English sentence among the problems or contacts.
    contacts = " ".join(c for (c,) in ProblemSheet.select(ProblemSheet.contact_person).tuples())
    assert re.search(r"[A-Za-z]{3,}[ .,]+[A-Za-z]{2,}", descriptions + " " + contacts) is None


def test_demo_desk_keeps_up_a_few_days_before_a_crunch(db: peewee.SqliteDatabase) -> None:
    demo.fill_demo(now=NOW)
    week_old = ProblemSheet.select(ProblemSheet.status).where(
        ProblemSheet.received_at < NOW - timedelta(days=7)
    )
    finished = week_old.where(ProblemSheet.status.in_(("closed", "reviewed"))).count()
    assert finished / week_old.count() >= 0.9
    assert not week_old.where(ProblemSheet.status.in_(("received", "handed_over"))).exists()
    assert 3 <= sheets.count_sheets(sheets.SheetQuery(overdue_only=True), now=NOW) <= 6
    items = [item for item in sheet_list.due_items(now=NOW) if not item.overdue]
    assert sum(item.due_at.date() == NOW.date() for item in items) >= 1  # due today
    assert sum(item.due_at.date() > NOW.date() for item in items) >= 3  # upcoming
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


def test_a_demo_sheet_is_closed_only_reviewed_and_called_back(db: peewee.SqliteDatabase) -> None:
    """The demo follows the workflow (seed 000 ch.3): every closed sheet that was handed over was reviewed and its
    customer called back before it closed, or a head waived the callback with a reason."""
    from desktop.models.callback import Callback

    demo.fill_demo(now=NOW)
    handled = ProblemSheet.select().where(
        (ProblemSheet.status == "closed") & ProblemSheet.handed_over_at.is_null(False)
    )
    assert handled.count() > 1000
    waived = 0
    for sheet in handled:
        assert sheet.reviewer, sheet.number
        callback = Callback.get(Callback.source_id == sheet.id, Callback.source_kind == "problem_sheet")
        if callback.status == "cancelled":
            waived += 1
            assert callback.remarks
        else:
            assert (
                callback.status == "done" and sheet.result_returned_at <= callback.done_at <= sheet.closed_at
            )
    assert 0 < waived < handled.count() / 20
