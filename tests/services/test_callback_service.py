"""Callbacks: scheduled from a sheet's result, done, rescheduled, unsatisfied customers followed up, the rate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError, ValidationError
from desktop.models.callback import Callback
from desktop.models.customer import Customer
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import audit, callback_list, callbacks, hooks, sheets
from desktop.services.callback_list import CallbackQuery, callback_rate
from desktop.services.callback_rows import DONE, PENDING, attempts, get_callback
from desktop.services.settings import set_setting
from tests.services.sheet_fixtures import People, make_people, sheet_values

MON = datetime(2026, 3, 16, 9, 0)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> People:
    return make_people()


def resolved_sheet(people: People, *, at: datetime | None = None, **changes: Any) -> int:
    """A sheet filed Monday 09:00, handed over, its result back at ``at`` (default Monday 15:00)."""
    at = at or MON.replace(hour=15)
    row = sheets.file_sheet(sheet_values(**changes), by=people.operator, now=MON)
    sheets.hand_over(row.id, staff_id=people.engineer, by=people.operator, now=MON.replace(hour=10))
    sheets.record_result(row.id, result="换了读卡器", by=people.engineer, now=at)
    return row.id


@pytest.fixture
def fake_opener() -> Iterator[list[tuple[Any, str]]]:
    opened: list[tuple[Any, str]] = []

    def opener(callback: Any, reason: str, *, by: int | None, now: datetime) -> int:
        opened.append((callback, reason))
        return 77

    callbacks.register_complaint_opener(opener)
    yield opened
    callbacks.register_complaint_opener(None)


def test_a_sheets_result_schedules_its_callback_for_the_next_working_day(people: People) -> None:
    sheet_id = resolved_sheet(people, at=dt("2026-03-20 16:00"))  # Friday
    [callback] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    row = get_callback(callback.id, now=MON)
    assert (row.source_kind, row.source_id, row.purpose) == ("problem_sheet", sheet_id, rules.REPAIR)
    assert (row.scheduled_at, row.due_at) == (dt("2026-03-23 09:00"), dt("2026-03-23 17:30"))
    assert row.number == "HF20260320-001"
    assert row.values["ref_number"] == sheets.get_sheet(sheet_id, now=MON).number
    assert row.values["site"] == "招商银行南山支行"
    assert row.values["contact"] == "李经理 13800138000"
    assert row.values["engineer"] == "赵强"
    assert row.values["receiver"] == "王芳"
    assert row.status == PENDING and row.attempts == 0


def test_the_callback_is_scheduled_in_the_results_transaction(people: People) -> None:
    def broken(**_payload: Any) -> None:
        raise RuntimeError("disk full")

    hooks.on("sheet_resolved", broken, name="test-broken")
    try:
        row = sheets.file_sheet(sheet_values(), by=people.operator, now=MON)
        sheets.hand_over(row.id, staff_id=people.engineer, by=people.operator, now=MON)
        with pytest.raises(RuntimeError):
            sheets.record_result(row.id, result="done", by=people.engineer, now=MON)
    finally:
        hooks.off("sheet_resolved", "test-broken")
    assert sheets.get_sheet(row.id, now=MON).status == "handed_over"
    assert Callback.select().count() == 0


def test_scheduling_twice_keeps_one_callback(people: People) -> None:
    sheet_id = resolved_sheet(people)
    again = callbacks.schedule_for_sheet(sheet_id, resolved_at=MON, by=None, now=MON)
    assert Callback.select().count() == 1
    assert again.source_id == sheet_id


def test_a_member_customer_is_called_within_three_days(people: People) -> None:
    customer = Customer.create(name="张伟", mobile="13800138000", created_at=MON, updated_at=MON)
    callbacks.set_member(customer.id, True, by=None, now=MON)
    set_setting("callbacks.repair_working_days", 5, by=None, now=MON)
    resolved_sheet(people, at=dt("2026-03-16 15:00"), customer_id=customer.id)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    # 5 working days would be Monday 23rd; the member rule wants it by Thursday 19th 15:00.
    assert row.due_at == dt("2026-03-19 15:00")


def test_complaints_get_a_24_hour_callback_or_progress_calls_every_two_days(people: People) -> None:
    handled = callbacks.schedule_for_complaint(
        5, "TS-001", handled_at=dt("2026-03-16 10:00"), customer_name="赵六", by=None, now=MON
    )
    assert (handled.purpose, handled.due_at) == (rules.COMPLAINT, dt("2026-03-17 10:00"))
    progress = callbacks.schedule_for_complaint(
        6, "TS-002", handled_at=dt("2026-03-16 10:00"), solved=False, by=None, now=MON
    )
    assert (progress.purpose, progress.scheduled_at) == (rules.PROGRESS, dt("2026-03-18 09:00"))
    done = callbacks.record_callback(
        progress.id, {"evaluation": "客户知道进展"}, by=people.operator, now=dt("2026-03-18 10:00")
    )
    assert done.status == DONE
    following = [
        row
        for row in callback_list.list_callbacks(CallbackQuery(status=PENDING), now=MON)
        if row.ref_number == "TS-002"
    ]
    assert [row.due_at for row in following] == [dt("2026-03-20 17:30")]
    assert callbacks.stop_progress("complaint", 6, by=None, now=dt("2026-03-19 09:00")) == 1
    assert not [
        row
        for row in callback_list.list_callbacks(CallbackQuery(status=PENDING), now=MON)
        if row.ref_number == "TS-002"
    ]


def test_recording_the_call_keeps_every_f04_value(people: People) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    now = dt("2026-03-17 09:30")
    done = callbacks.record_callback(
        row.id,
        {
            "outcome": "running_well",
            "satisfaction": "satisfied",
            "evaluation": "机器运行正常,工程师很专业",
            "fault_grade": "grade_2",
            "channel": "visit",
            "remarks": "",
        },
        by=people.operator,
        now=now,
    )
    assert done.status == DONE and done.attempts == 1 and done.done_at == now
    assert done.values["caller"] == "王芳"
    assert done.values["callback_date"] == date(2026, 3, 17)
    assert done.values["channel"] == "visit"
    assert done.values["satisfaction"] == "satisfied"
    assert [a.result for a in attempts(row.id)] == ["done"]
    events = audit.history("callback_record", row.id)
    assert [event.action for event in events] == ["create", "update"]
    with pytest.raises(UserError, match="already finished"):
        callbacks.record_callback(row.id, {"evaluation": "again"}, by=None, now=now)


def test_recording_needs_the_customers_words(people: People) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    with pytest.raises(ValidationError) as info:
        callbacks.record_callback(row.id, {"evaluation": "  "}, by=None, now=MON)
    assert info.value.errors == {"evaluation": "Write down what the customer said."}


def test_reschedule_keeps_the_record_and_counts_the_attempt(people: People) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    first_due = row.due_at
    moved = callbacks.reschedule(
        row.id,
        to=dt("2026-03-17 15:00"),
        reason=callbacks.NO_ANSWER,
        note="无人接听",
        by=people.operator,
        now=dt("2026-03-17 09:10"),
    )
    moved = callbacks.reschedule(
        row.id,
        to=dt("2026-03-18 19:00"),
        reason=callbacks.CUSTOMER_TIME,
        by=people.operator,
        now=dt("2026-03-17 15:05"),
    )
    assert moved.id == row.id and moved.number == row.number and moved.status == PENDING
    assert moved.attempts == 2
    assert (moved.scheduled_at, moved.due_at) == (dt("2026-03-18 19:00"), dt("2026-03-18 19:00"))
    assert moved.first_due_at == first_due
    log = attempts(row.id)
    assert [(a.result, a.note, a.rescheduled_to) for a in log] == [
        ("no_answer", "无人接听", dt("2026-03-17 15:00")),
        ("customer_time", "", dt("2026-03-18 19:00")),
    ]
    assert log[0].previous_due_at == first_due
    assert Callback.select().count() == 1
    done = callbacks.record_callback(row.id, {"evaluation": "好"}, by=None, now=dt("2026-03-18 19:05"))
    assert done.attempts == 3


def test_reschedule_into_the_past_is_refused(people: People) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    with pytest.raises(UserError, match="later than now"):
        callbacks.reschedule(row.id, to=MON, reason=callbacks.BUSY, by=None, now=MON)


def test_unsatisfied_reopens_the_sheet(people: People) -> None:
    sheet_id = resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    now = dt("2026-03-17 10:00")
    callbacks.record_callback(
        row.id,
        {"evaluation": "还是吞卡", "outcome": "not_running_well", "satisfaction": "dissatisfied"},
        by=None,
        now=now,
    )
    followed = callbacks.mark_unsatisfied(
        row.id, action=callbacks.REOPENED, reason="还是吞卡", by=None, now=now
    )
    assert followed.follow_up == "reopened"
    sheet = sheets.get_sheet(sheet_id, now=now)
    assert sheet.status == "received" and sheet.reopen_count == 1


def test_unsatisfied_opens_the_linked_complaint(people: People, fake_opener: list[tuple[Any, str]]) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    callbacks.record_callback(
        row.id, {"evaluation": "态度差", "satisfaction": "dissatisfied"}, by=None, now=MON
    )
    followed = callbacks.mark_unsatisfied(
        row.id, action=callbacks.COMPLAINT_OPENED, reason="工程师态度差", by=None, now=MON
    )
    assert [(callback.number, reason) for callback, reason in fake_opener] == [(row.number, "工程师态度差")]
    assert (followed.follow_up, followed.complaint_id, followed.complaint_requested) == (
        "complaint",
        77,
        True,
    )


def test_without_a_complaint_book_the_request_is_kept(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved_sheet(people)  # imports every service module: the complaint book has registered its opener
    monkeypatch.setattr(callbacks, "_complaint_opener", None)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    followed = callbacks.mark_unsatisfied(
        row.id, action=callbacks.COMPLAINT_OPENED, reason="不满意", by=None, now=MON
    )
    assert (followed.follow_up, followed.complaint_id, followed.complaint_requested) == (
        "complaint_requested",
        None,
        True,
    )


def test_unsatisfied_needs_a_reason(people: People) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    with pytest.raises(UserError, match="not satisfied with"):
        callbacks.mark_unsatisfied(row.id, action=callbacks.REOPENED, reason=" ", by=None, now=MON)


def test_periodic_account_callbacks_only_when_turned_on(db: peewee.SqliteDatabase) -> None:
    assert callbacks.add_account({"name": "华为技术"}, started_on=date(2026, 3, 1), by=None, now=MON) is None
    set_setting("callbacks.periodic_enabled", "on", by=None, now=MON)
    first = callbacks.add_account(
        {"name": "腾讯科技", "phone": "0755-1"}, started_on=date(2026, 3, 1), by=None, now=MON
    )
    assert first is not None and first.purpose == rules.PERIODIC
    assert first.scheduled_at == dt("2026-04-01 09:00")
    callbacks.record_callback(first.id, {"evaluation": "一切正常"}, by=None, now=dt("2026-04-01 10:00"))
    [following] = callback_list.list_callbacks(CallbackQuery(status=PENDING), now=MON)
    assert following.due_at == dt("2026-05-06 17:30")  # 1 May is Labour Day: first working day after


def slot_at(text: str) -> Slot:
    return Slot(scheduled_at=dt(text), due_at=dt(text).replace(hour=17, minute=30))


def test_callback_rate_counts_what_fell_due(db: peewee.SqliteDatabase) -> None:
    made = [
        callbacks.schedule_callback(
            purpose=rules.OTHER, slot=slot_at(f"2026-03-{day} 09:00"), by=None, now=MON
        )
        for day in (16, 17, 18, 19)
    ]
    callbacks.record_callback(made[0].id, {"evaluation": "ok"}, by=None, now=dt("2026-03-16 10:00"))
    callbacks.record_callback(made[1].id, {"evaluation": "ok"}, by=None, now=dt("2026-03-18 10:00"))  # late
    rate = callback_rate(date(2026, 3, 1), date(2026, 3, 31), now=dt("2026-03-18 12:00"))
    # 16th done, 17th done late, 18th not yet past its deadline, 19th in the future.
    assert (rate.due, rate.done, rate.on_time) == (2, 2, 1)
    assert rate.rate == 1.0 and rate.on_time_rate == 0.5
    later = callback_rate(date(2026, 3, 1), date(2026, 3, 31), now=dt("2026-03-20 09:00"))
    assert (later.due, later.done) == (4, 2) and later.rate == 0.5
    assert callback_rate(date(2026, 4, 1), date(2026, 4, 30), now=MON).rate == 1.0


def test_list_filters_and_search(people: People) -> None:
    resolved_sheet(people)
    resolved_sheet(people, customer_name="王小二", mobile="13900000000")
    rows = callback_list.list_callbacks(CallbackQuery(text="王小"), now=MON)
    assert [row.customer_name for row in rows] == ["王小二"]
    assert callback_list.count_callbacks(CallbackQuery(status="overdue"), now=dt("2026-03-18 09:00")) == 2
    assert callback_list.count_callbacks(CallbackQuery(status="overdue"), now=MON) == 0
    assert callback_list.count_callbacks(CallbackQuery(text="100%"), now=MON) == 0


def test_due_items_feed_the_board(people: People) -> None:
    resolved_sheet(people)
    items = [item for item in callback_list.due_items(now=dt("2026-03-18 09:00"))]
    assert len(items) == 1
    item = items[0]
    assert (item.kind, item.record_type, item.overdue) == ("callback", "callback_record", True)
    assert item.title == "张伟: 维修回访" or item.title.startswith("张伟")


def test_the_callback_names_the_engineer_not_the_receptionist_who_typed_the_result(people: People) -> None:
    from desktop.services.callback_rows import repair_facts

    friday = dt("2026-03-20 15:00")
    # Handed to the technical department only; the receptionist types the result the engineer phoned in.
    row = sheets.file_sheet(sheet_values(), by=people.operator, now=dt("2026-03-20 09:00"))
    sheets.hand_over(row.id, department_id=people.tech, by=people.operator, now=dt("2026-03-20 09:30"))
    sheets.record_result(
        row.id, result="换了读卡器", handler_id=people.engineer, by=people.operator, now=friday
    )
    callback = get_callback(callback_list.list_callbacks(CallbackQuery(), now=friday)[0].id, now=friday)
    assert callback.values["engineer"] == "赵强"
    facts = repair_facts(callback)
    assert (facts.repaired_on, facts.engineer) == (date(2026, 3, 20), "赵强")
    # Nobody named: the handler stays empty rather than becoming the receptionist.
    other = sheets.file_sheet(sheet_values(), by=people.operator, now=dt("2026-03-20 09:00"))
    sheets.hand_over(other.id, department_id=people.tech, by=people.operator, now=dt("2026-03-20 09:30"))
    done = sheets.record_result(other.id, result="已处理", by=people.operator, now=friday)
    assert done.values["handler"] in (None, "")


def test_an_export_tells_pending_done_and_cancelled_apart(people: People, tmp_path: Path) -> None:
    import csv

    from desktop.services import import_export

    done, cancelled, pending = (
        callbacks.schedule_for_sheet(
            resolved_sheet(people, customer_name=name), resolved_at=MON, by=None, now=MON
        )
        for name in ("甲", "乙", "丙")
    )
    callbacks.record_callback(done.id, {"evaluation": "好了"}, by=None, now=dt("2026-03-17 10:00"))
    callbacks.cancel_callback(cancelled.id, reason="客户已搬离", by=None, now=dt("2026-03-17 10:00"))
    out = tmp_path / "callbacks.csv"
    import_export.export_records("callback_record", out, by=None, now=dt("2026-03-17 11:00"))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        status = {row["number"]: row["status"] for row in csv.DictReader(handle)}
    assert status == {done.number: "done", cancelled.number: "cancelled", pending.number: "pending"}


def test_print_one_record_and_the_monthly_register(people: People) -> None:
    resolved_sheet(people)
    [row] = callback_list.list_callbacks(CallbackQuery(), now=MON)
    callbacks.record_callback(
        row.id, {"evaluation": "运行良好"}, by=people.operator, now=dt("2026-03-17 10:00")
    )
    single = callback_list.print_callback(row.number, lang="zh_CN")
    assert single.startswith(b"%PDF")
    monthly = callback_list.print_callback_register(date(2026, 3, 1), date(2026, 3, 31), lang="en")
    assert monthly.startswith(b"%PDF")
    assert len(callback_list.register_rows(date(2026, 3, 17), date(2026, 3, 17))) == 1
    assert callback_list.register_rows(date(2026, 3, 18), date(2026, 3, 18)) == []
    with pytest.raises(UserError):
        callback_list.print_callback("nope", lang="en")


def test_every_demo_callback_follows_a_record_that_exists(db: peewee.SqliteDatabase) -> None:
    """For every source kind a callback can have: the demo has some, and each one's record is there, numbered as
    the callback says, and older than the callback (no callback about a sheet that does not exist, or in the
    future)."""
    from desktop.services import demo
    from desktop.services.callback_records import SOURCE_MODELS

    now = dt("2026-03-16 11:00")
    demo.fill_demo(now=now)
    kinds = {kind for (kind,) in Callback.select(Callback.source_kind).distinct().tuples()}
    assert kinds == set(SOURCE_MODELS)
    for callback in Callback.select():
        model = SOURCE_MODELS[callback.source_kind]
        record = model.get_or_none(model.id == callback.source_id)
        assert record is not None, callback.number
        if hasattr(record, "number"):
            assert callback.ref_number == record.number, callback.number
        assert callback.created_at >= record.created_at, callback.number
        assert callback.created_at <= now and (callback.done_at is None or callback.done_at <= now)
    # A repair callback still due can reopen its sheet: "Reopen the sheet" is there to try on the demo.
    assert (
        Callback.select()
        .where((Callback.source_kind == "problem_sheet") & (Callback.status == PENDING))
        .exists()
    )


def test_demo_has_callbacks_in_every_state(db: peewee.SqliteDatabase) -> None:
    from desktop.services import demo

    now = dt("2026-03-16 11:00")
    summary = demo.fill_demo(now=now)
    assert summary.extra["callbacks"] == Callback.select().count() >= 30
    statuses = {row.status for row in callback_list.list_callbacks(CallbackQuery(), now=now, limit=10_000)}
    assert statuses == {"pending", "done", "cancelled"}
    assert callback_list.count_callbacks(CallbackQuery(status="overdue"), now=now) >= 4
    rows = callback_list.list_callbacks(CallbackQuery(), now=now, limit=10_000)
    assert any(row.attempts == 2 and row.status == PENDING for row in rows)  # no answer, then busy
    # The complaint book is there: the unsatisfied customer's complaint is opened, linked (not just asked for).
    assert any(row.follow_up == "complaint" for row in rows)
    assert any(row.purpose == "complaint" for row in rows) and any(row.purpose == "progress" for row in rows)
    assert {row.satisfaction for row in rows if row.status == DONE} == {
        "satisfied",
        "average",
        "dissatisfied",
    }
    rate = callback_list.callback_rate(date(2026, 3, 1), date(2026, 3, 31), now=now)
    assert 0 < rate.rate < 1
