"""Complaint callbacks go through the callback book: scheduled when handled, progress calls while open, and the
call's result decides the complaint (seed 000:165, 000:409, 001:1686)."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest

from desktop import i18n
from desktop.errors import ValidationError
from desktop.models.callback import Callback
from desktop.services import callbacks, complaint_list, complaints
from desktop.services.callback_rows import CallbackRow, get_callback
from desktop.services.clock import FixedClock
from tests.services.complaint_fixtures import People, make_people


@pytest.fixture
def people(db: peewee.SqliteDatabase, clock: FixedClock) -> People:
    i18n.set_ui_language("en")
    return make_people(clock.now())


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _register(people: People, now: datetime) -> complaints.ComplaintRow:
    values = {"organisation": "阳光花园2栋1单元", "matter": "维修师傅态度差", "department_id": people.engineering,
              "contact": "李先生", "phone": "13800000001"}  # fmt: skip
    return complaints.register_complaint(values, by=people.receptionist, now=now)


def _handled(people: People, received: datetime, filed: datetime) -> complaints.ComplaintRow:
    row = _register(people, received)
    row = complaints.relay(row.id, to_staff_id=people.head, by=people.receptionist, now=received)
    row = complaints.complete_stage(row.id, "answer", note="已电话答复客户", by=people.head, now=received)
    return complaints.file_report(
        row.id, {"method": "上门道歉", "cause": "沟通不当"}, by=people.engineer, now=filed
    )


def _callbacks(complaint_id: int, purpose: str, status: str | None = None) -> list[CallbackRow]:
    query = Callback.select(Callback.id).where(
        (Callback.source_kind == "complaint")
        & (Callback.source_id == complaint_id)
        & (Callback.purpose == purpose)
    )
    if status is not None:
        query = query.where(Callback.status == status)
    return [
        get_callback(ident, now=dt("2026-03-16 09:00")) for (ident,) in query.order_by(Callback.id).tuples()
    ]


def test_handled_complaint_is_called_back_within_24_hours(people: People) -> None:
    row = _handled(people, dt("2026-03-16 09:00"), dt("2026-03-16 15:00"))
    assert row.stage == "callback"
    [callback] = _callbacks(row.id, "complaint", "pending")
    assert callback.ref_number == row.number
    assert callback.customer_name == "阳光花园2栋1单元"
    assert callback.phone == "13800000001"
    assert (callback.scheduled_at, callback.due_at) == (dt("2026-03-16 15:00"), dt("2026-03-17 15:00"))
    # One line on the Today board: the callback's, not the complaint's "call the customer back" step too.
    assert row.id not in [item.record_id for item in complaint_list.due_items(now=dt("2026-03-16 15:00"))]


@pytest.mark.parametrize(
    ("filed", "scheduled", "due"),
    [
        # Friday after hours: nobody calls at the weekend; Monday's first call window, before the lunch rest.
        ("2026-03-20 19:00", "2026-03-23 09:00", "2026-03-23 12:00"),
        # Friday before the Qingming weekend (Sat, Sun, Mon 6 April closed): Tuesday morning.
        ("2026-04-03 18:00", "2026-04-07 09:00", "2026-04-07 12:00"),
        # Evening: not before 09:00 the next morning (the customer's rest hours), 24 h ends at 18:00 → 17:30.
        ("2026-03-18 18:00", "2026-03-19 09:00", "2026-03-19 17:30"),
    ],
)
def test_callback_across_weekends_and_holidays_respects_rest_hours(
    people: People, filed: str, scheduled: str, due: str
) -> None:
    row = _handled(people, dt(filed), dt(filed))
    [callback] = _callbacks(row.id, "complaint", "pending")
    assert (callback.scheduled_at, callback.due_at) == (dt(scheduled), dt(due))


def test_satisfied_callback_closes_the_complaint_and_fills_its_report(people: People) -> None:
    row = _handled(people, dt("2026-03-16 09:00"), dt("2026-03-16 15:00"))
    [callback] = _callbacks(row.id, "complaint", "pending")
    done = callbacks.record_callback(
        callback.id, {"satisfaction": "satisfied", "evaluation": "问题已解决,很满意"},
        by=people.receptionist, now=dt("2026-03-17 10:00"),
    )  # fmt: skip
    assert done.status == "done"
    closed = complaints.get_complaint(row.id, now=dt("2026-03-17 10:00"))
    assert closed.status == "closed"
    assert closed.next_id is None
    assert closed.report is not None
    assert (closed.report["callback_outcome"], closed.report["callback_result"]) == (
        "satisfied",
        "问题已解决,很满意",
    )
    assert [step.stage for step in closed.steps][-1] == "callback"


@pytest.mark.parametrize("satisfaction", ["dissatisfied", "average"])
def test_unsatisfied_callback_reopens_as_a_linked_entry(people: People, satisfaction: str) -> None:
    row = _handled(people, dt("2026-03-16 09:00"), dt("2026-03-16 15:00"))
    [callback] = _callbacks(row.id, "complaint", "pending")
    done = callbacks.record_callback(
        callback.id, {"satisfaction": satisfaction, "evaluation": "问题还没解决"},
        by=people.receptionist, now=dt("2026-03-17 10:00"),
    )  # fmt: skip
    first = complaints.get_complaint(row.id, now=dt("2026-03-17 10:00"))
    assert first.status == "reopened"
    assert first.report is not None and first.report["callback_outcome"] == "dissatisfied"
    assert first.next_id is not None
    second = complaints.get_complaint(first.next_id, now=dt("2026-03-17 10:00"))
    assert (second.parent_id, second.round, second.channel, second.stage) == (row.id, 2, "callback", "relay")
    assert "问题还没解决" in second.matter
    assert (done.follow_up, done.complaint_id) == ("complaint", second.id)
    # The new entry runs the cycle again, with its own progress call while it is open.
    assert len(_callbacks(second.id, "progress", "pending")) == 1


def test_a_complaint_callback_needs_the_satisfaction(people: People) -> None:
    row = _handled(people, dt("2026-03-16 09:00"), dt("2026-03-16 15:00"))
    [callback] = _callbacks(row.id, "complaint", "pending")
    with pytest.raises(ValidationError) as caught:
        callbacks.record_callback(callback.id, {"evaluation": "还行"}, by=people.receptionist,
                                  now=dt("2026-03-17 10:00"))  # fmt: skip
    assert caught.value.errors == {
        "satisfaction": "Tick whether the customer is satisfied: it decides the complaint."
    }
    assert get_callback(callback.id, now=dt("2026-03-17 10:00")).status == "pending"
    assert complaints.get_complaint(row.id, now=dt("2026-03-17 10:00")).status == "open"


def test_progress_calls_every_two_days_until_handled_and_closed(people: People) -> None:
    row = _register(people, dt("2026-03-16 09:00"))  # simple: the quick answer was due at 11:00
    [first] = _callbacks(row.id, "progress", "pending")
    assert (first.scheduled_at, first.due_at) == (dt("2026-03-18 09:00"), dt("2026-03-18 17:30"))
    callbacks.record_callback(first.id, {"evaluation": "告知客户正在处理"}, by=people.receptionist,
                              now=dt("2026-03-18 10:00"))  # fmt: skip
    [second] = _callbacks(row.id, "progress", "pending")
    assert second.scheduled_at == dt("2026-03-20 09:00")  # two days after the last call
    callbacks.record_callback(second.id, {"evaluation": "仍在处理"}, by=people.receptionist,
                              now=dt("2026-03-20 10:00"))  # fmt: skip
    [third] = _callbacks(row.id, "progress", "pending")
    assert third.scheduled_at == dt("2026-03-23 09:00")  # Sunday 22nd is closed: Monday
    # Handled: the callback within 24 h replaces the progress calls (one call, not two).
    row = complaints.relay(
        row.id, to_staff_id=people.head, by=people.receptionist, now=dt("2026-03-20 11:00")
    )
    row = complaints.complete_stage(
        row.id, "answer", note="已答复", by=people.head, now=dt("2026-03-20 11:00")
    )
    row = complaints.file_report(
        row.id, {"cause": "配件缺货"}, by=people.engineer, now=dt("2026-03-20 15:00")
    )
    assert _callbacks(row.id, "progress", "pending") == []
    assert [c.status for c in _callbacks(row.id, "progress")] == ["done", "done", "cancelled"]
    assert len(_callbacks(row.id, "complaint", "pending")) == 1


def test_result_written_on_the_complaint_completes_the_callback_book_entry(people: People) -> None:
    row = _handled(people, dt("2026-03-16 09:00"), dt("2026-03-16 15:00"))
    [callback] = _callbacks(row.id, "complaint", "pending")
    assert (
        complaints.ensure_callback(row.id, by=people.receptionist, now=dt("2026-03-16 16:00")) == callback.id
    )
    complaints.record_callback_result(row.id, outcome="satisfied", result="满意", by=people.receptionist,
                                      now=dt("2026-03-17 09:30"))  # fmt: skip
    [done] = _callbacks(row.id, "complaint")
    assert (done.status, done.values["satisfaction"], done.values["evaluation"]) == (
        "done",
        "satisfied",
        "满意",
    )
    assert complaints.ensure_callback(row.id, by=people.receptionist, now=dt("2026-03-17 10:00")) is None
    assert _callbacks(row.id, "progress", "pending") == []
