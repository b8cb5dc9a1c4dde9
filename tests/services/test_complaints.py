"""Complaint workflow: register, relay, answer, report, sign, callback, reopen chain, re-code, escalate."""

from __future__ import annotations

from datetime import datetime, timedelta

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError, ValidationError
from desktop.services import audit, complaint_list, complaints, settings
from desktop.services.authz import PermissionDeniedError
from desktop.services.clock import FixedClock
from tests.services.complaint_fixtures import People, make_people


@pytest.fixture
def people(db: peewee.SqliteDatabase, clock: FixedClock) -> People:
    i18n.set_ui_language("en")
    return make_people(clock.now())


def _register(people: People, now: datetime, **values: object) -> complaints.ComplaintRow:
    base = {
        "organisation": "阳光花园2栋1单元",
        "matter": "维修师傅态度差",
        "department_id": people.engineering,
    }
    return complaints.register_complaint({**base, **values}, by=people.receptionist, now=now)


def _through_report(people: People, row: complaints.ComplaintRow, now: datetime) -> complaints.ComplaintRow:
    row = complaints.relay(row.id, to_staff_id=people.head, by=people.receptionist, now=now)
    row = complaints.complete_stage(row.id, "answer", note="已电话答复客户", by=people.head, now=now)
    return complaints.file_report(
        row.id,
        {"method": "上门道歉并重新维修", "cause": "沟通不当", "handler": "吴刚"},
        by=people.engineer,
        now=now,
    )


def test_register_numbers_monthly_and_sets_the_first_deadline(people: People, clock: FixedClock) -> None:
    now = clock.now()
    first = _register(people, now)
    second = _register(people, now + timedelta(minutes=5))
    april = _register(people, now, complained_at=datetime(2026, 4, 2, 10, 0))
    assert (first.number, second.number, april.number) == ("202603-0001", "202603-0002", "202604-0001")
    assert first.stage == "relay"
    assert first.stage_due == now + timedelta(minutes=30)
    assert first.final_due == datetime(2026, 3, 23, 17, 30)  # 5 working days (000:409)
    assert first.values["received_by"] == "王芳"
    assert first.department_name == "工程部"
    assert first.channel == "phone"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"organisation": ""}, "organisation", "Complainant (organisation) is required."),
        ({"matter": "  "}, "matter", "Complaint is required."),
    ],
)
def test_register_refuses_missing_fields(
    people: People, clock: FixedClock, values: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(people, clock.now(), **values)
    assert caught.value.errors[field] == message


def test_seed000_workflow_to_closed(people: People, clock: FixedClock) -> None:
    now = clock.now()
    row = _register(people, now)
    row = complaints.relay(
        row.id, to_staff_id=people.head, by=people.receptionist, now=now + timedelta(minutes=10)
    )
    assert row.values["relayed_to"] == "冯建国"
    assert row.values["relayed_at"] == now + timedelta(minutes=10)
    assert row.stage == "answer"
    assert row.stage_due == now + timedelta(minutes=10, hours=2)  # simple complaint: 2 h (000:304)
    row = complaints.complete_stage(
        row.id, "answer", note="已答复", by=people.head, now=now + timedelta(hours=1)
    )
    assert row.stage == "report"
    assert row.stage_due == datetime(2026, 3, 17, 17, 30)  # the next working day (000:165)
    row = complaints.file_report(
        row.id, {"method": "上门道歉", "cause": "沟通不当"}, by=people.engineer, now=now + timedelta(hours=2)
    )
    assert row.stage == "callback"
    assert row.values["report_number"] == row.number
    assert row.report is not None and row.report["customer_name"] == "阳光花园2栋1单元"
    row = complaints.sign_report(row.id, by=people.head, now=now)
    assert row.report_signed and row.report["department_head"] == "冯建国"
    row = complaints.record_callback_result(
        row.id,
        outcome="satisfied",
        result="客户表示满意",
        by=people.receptionist,
        now=now + timedelta(hours=3),
    )
    assert row.status == "closed"
    assert row.stage is None
    assert row.next_id is None
    assert [step.stage for step in row.steps] == ["relay", "answer", "report", "callback"]
    assert row.late_count == 0


def test_answered_on_the_spot_skips_the_answer(people: People, clock: FixedClock) -> None:
    row = _register(people, clock.now(), answered_on_spot=True)
    row = complaints.relay(row.id, to_staff_id=people.head, by=people.receptionist, now=clock.now())
    assert row.stage == "report"


def test_reopen_chain_repeats_the_cycle(people: People, clock: FixedClock) -> None:
    now = clock.now()
    first = _through_report(people, _register(people, now), now)
    first = complaints.record_callback_result(
        first.id, outcome="dissatisfied", result="问题没解决", by=people.receptionist, now=now
    )
    assert first.status == "reopened"
    assert first.next_id is not None
    second = complaints.get_complaint(first.next_id, now=now)
    assert (second.parent_id, second.root_id, second.round) == (first.id, first.id, 2)
    assert second.channel == "callback"
    assert second.stage == "relay"  # back to step 2 (000:165)
    assert second.department_id == people.engineering
    assert "问题没解决" in second.matter
    second = _through_report(people, second, now)
    second = complaints.record_callback_result(
        second.id, outcome="suggestion", result="建议加强培训", by=people.receptionist, now=now
    )
    assert second.next_id is not None
    third = _through_report(people, complaints.get_complaint(second.next_id, now=now), now)
    third = complaints.record_callback_result(
        third.id, outcome="satisfied", result="满意", by=people.receptionist, now=now
    )
    chain = complaints.chain(third.id, now=now)
    assert [(row.round, row.status) for row in chain] == [(1, "reopened"), (2, "reopened"), (3, "closed")]
    assert {row.root_id for row in chain} == {first.id}


def test_steps_out_of_order_are_refused(people: People, clock: FixedClock) -> None:
    row = _register(people, clock.now())
    with pytest.raises(UserError) as caught:
        complaints.complete_stage(row.id, "answer", note="x", by=people.head, now=clock.now())
    assert caught.value.message == (
        f'"Answer the customer" is not the step complaint {row.number} waits for: it waits for '
        '"Relay to the department head".'
    )
    with pytest.raises(UserError, match="Write down what was done"):
        complaints.complete_stage(row.id, "answer", note=" ", by=people.head, now=clock.now())
    row = _through_report(people, row, clock.now())
    with pytest.raises(UserError, match="Choose the callback outcome"):
        complaints.record_callback_result(
            row.id, outcome="", result="x", by=people.receptionist, now=clock.now()
        )
    closed = complaints.record_callback_result(
        row.id, outcome="satisfied", result="好", by=people.receptionist, now=clock.now()
    )
    with pytest.raises(UserError, match="is finished"):
        complaints.relay(closed.id, to_name="某人", by=people.receptionist, now=clock.now())


def test_late_steps_are_counted_and_escalated(people: People, clock: FixedClock) -> None:
    now = clock.now()
    row = _register(people, now)
    later = now + timedelta(hours=1)
    assert complaint_list.due_items(now=now)[0].overdue is False
    item = complaint_list.due_items(now=later)[0]
    assert item.overdue and item.reminder is not None
    assert item.reminder.actions == ("chase_head", "notify_manager")
    assert item.assignee == "工程部 → 黄志华"
    row = complaints.escalate(row.id, by=people.receptionist, now=later)
    assert row.escalated_at == later
    row = complaints.relay(row.id, to_staff_id=people.head, by=people.receptionist, now=later)
    assert row.late_count == 1 and row.steps[0].late
    with pytest.raises(UserError, match="is not overdue"):
        complaints.escalate(row.id, by=people.receptionist, now=later)


def test_report_needs_a_description_and_is_frozen_once_signed(people: People, clock: FixedClock) -> None:
    row = _through_report(people, _register(people, clock.now()), clock.now())
    with pytest.raises(ValidationError) as caught:
        complaints.file_report(row.id, {"description": ""}, by=people.engineer, now=clock.now())
    assert caught.value.errors == {"description": "Complaint is required."}
    complaints.sign_report(row.id, by=people.head, now=clock.now())
    with pytest.raises(UserError, match="is signed"):
        complaints.file_report(row.id, {"penalty": "扣绩效"}, by=people.engineer, now=clock.now())


def test_only_heads_sign_the_report(people: People, clock: FixedClock) -> None:
    row = _through_report(people, _register(people, clock.now()), clock.now())
    with pytest.raises(PermissionDeniedError) as caught:
        complaints.sign_report(row.id, by=people.receptionist, now=clock.now())
    assert caught.value.message.startswith("王芳 (Receptionist) may not sign a complaint report.")


def test_recode_is_for_managers_and_keeps_the_original(people: People, clock: FixedClock) -> None:
    row = _register(people, clock.now(), category="technical")
    with pytest.raises(PermissionDeniedError) as caught:
        complaints.recode(row.id, category="service", reason="x", by=people.head, now=clock.now())
    assert "may not re-code a complaint" in caught.value.message
    row = complaints.recode(
        row.id,
        category="service",
        department_id=people.service,
        reason="态度问题",
        by=people.manager,
        now=clock.now(),
    )
    assert (row.category, row.original_category) == ("service", "technical")
    assert (row.department_name, row.original_department) == ("客户服务部", "工程部")
    row = complaints.recode(
        row.id, category="sales", valid=False, reason="再次核实", by=people.manager, now=clock.now()
    )
    assert (row.category, row.original_category, row.valid) == ("sales", "technical", False)
    with pytest.raises(UserError, match="Nothing would change"):
        complaints.recode(row.id, category="sales", reason="x", by=people.manager, now=clock.now())
    assert [event.action for event in complaints.history(row.id)] == [audit.CREATE, "recode", "recode"]


def test_seed004_preset(people: People, clock: FixedClock) -> None:
    now = clock.now()
    settings.set_setting("complaints.preset", "seed004", by=None, now=now)
    row = _register(people, now)
    assert row.preset == "seed004"
    assert row.stage == "verify"
    assert row.stage_due == datetime(2026, 3, 18, 17, 30)
    assert row.final_due is None
    row = complaints.complete_stage(row.id, "verify", note="调取记录,属实", by=people.head, now=now)
    promised = datetime(2026, 3, 19, 12, 0)
    row = complaints.complete_stage(
        row.id, "plan", note="退款", promised_at=promised, by=people.head, now=now
    )
    with pytest.raises(UserError, match="signed, or consent recorded"):
        complaints.complete_stage(row.id, "confirm", note="同意", by=people.receptionist, now=now)
    row = complaints.complete_stage(
        row.id, "confirm", note="客户同意退款", confirmation="recorded", by=people.receptionist, now=now
    )
    assert row.stage == "execute" and row.stage_due == promised
    row = complaints.complete_stage(row.id, "execute", note="已退款", by=people.receptionist, now=now)
    assert row.stage == "summary"
    with pytest.raises(UserError, match="cause and the preventive measures"):
        complaints.file_report(row.id, {"cause": "发货错误"}, by=people.head, now=now)
    row = complaints.file_report(
        row.id, {"cause": "发货错误"}, prevention="发货前双人核对", by=people.head, now=now
    )
    assert row.stage == "callback" and row.prevention == "发货前双人核对"


def test_unsatisfied_callback_opens_a_linked_complaint(people: People, clock: FixedClock) -> None:
    from desktop.rules.callbacks import Slot
    from desktop.services import callbacks

    now = clock.now()
    # Another test may have replaced the opener registered at import: register ours as the app does.
    callbacks.register_complaint_opener(complaints.open_from_callback)
    callback = callbacks.schedule_callback(
        purpose="repair",
        slot=Slot(scheduled_at=now, due_at=now + timedelta(days=1)),
        customer_name="李四",
        phone="13800138000",
        by=people.receptionist,
        now=now,
    )
    done = callbacks.record_callback(callback.id, {"evaluation": "还是坏的"}, by=people.receptionist, now=now)
    row = callbacks.mark_unsatisfied(
        done.id, action="complaint", reason="修了两次没修好", by=people.receptionist, now=now
    )
    assert row.follow_up == "complaint" and row.complaint_id is not None
    complaint = complaints.get_complaint(row.complaint_id, now=now)
    assert complaint.channel == "callback"
    assert complaint.source_kind == "callback" and complaint.source_id == callback.id
    assert complaint.organisation == "李四"
    assert "修了两次没修好" in complaint.matter
