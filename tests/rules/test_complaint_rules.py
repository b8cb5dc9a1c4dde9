"""Complaint presets: stage order, deadlines across weekends and holidays, callback outcome, escalation."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.rules import complaints as rules
from desktop.rules.workcalendar import WorkCalendar

CALENDAR = WorkCalendar()


def test_seed000_stage_order_skips_the_answer_when_answered_on_the_spot() -> None:
    preset = rules.preset("seed000")
    assert rules.first_stage(preset) == rules.RELAY
    assert rules.next_stage(preset, rules.RELAY) == rules.ANSWER
    assert rules.next_stage(preset, rules.RELAY, answered_on_spot=True) == rules.REPORT
    assert rules.next_stage(preset, rules.REPORT) == rules.CALLBACK_STAGE
    assert rules.next_stage(preset, rules.CALLBACK_STAGE) is None


def test_seed004_stage_order() -> None:
    preset = rules.preset("seed004")
    order = [rules.first_stage(preset)]
    while (following := rules.next_stage(preset, order[-1])) is not None:
        order.append(following)
    assert order == ["verify", "plan", "confirm", "execute", "summary", "callback"]


def test_unknown_preset_falls_back_to_the_default() -> None:
    assert rules.preset("nonsense").key == "seed000"


@pytest.mark.parametrize(
    ("stage", "start", "complexity", "expected"),
    [
        # relay at once: 30 clock minutes, also on a Sunday night (the complaint phone is on 24 h)
        ("relay", datetime(2026, 3, 22, 23, 50), "simple", datetime(2026, 3, 23, 0, 20)),
        # answer: 2 h simple, 24 h complex, clock hours (000:304)
        ("answer", datetime(2026, 3, 20, 16, 0), "simple", datetime(2026, 3, 20, 18, 0)),
        ("answer", datetime(2026, 3, 20, 16, 0), "complex", datetime(2026, 3, 21, 16, 0)),
        # report back the next working day: Friday → Monday close
        ("report", datetime(2026, 3, 20, 16, 0), "simple", datetime(2026, 3, 23, 17, 30)),
        # ... across Qingming (Sat 4 – Mon 6 April 2026): Friday 3 April → Tuesday 7 April
        ("report", datetime(2026, 4, 3, 10, 0), "simple", datetime(2026, 4, 7, 17, 30)),
        # callback within 24 h (000:409)
        ("callback", datetime(2026, 3, 20, 16, 0), "simple", datetime(2026, 3, 21, 16, 0)),
    ],
)
def test_seed000_stage_deadlines(stage: str, start: datetime, complexity: str, expected: datetime) -> None:
    limit = rules.preset("seed000").stage(stage).limit
    assert rules.due_for(limit, start, CALENDAR, complexity=complexity) == expected


def test_seed000_result_within_five_working_days_across_labour_day_and_its_makeup_saturday() -> None:
    # 1-5 May 2026 are off, Saturday 9 May is a make-up working day: 6, 7, 8, 9, 11 May.
    due = rules.final_due(rules.preset("seed000"), datetime(2026, 4, 30, 10, 0), CALENDAR)
    assert due == datetime(2026, 5, 11, 17, 30)


@pytest.mark.parametrize(
    ("stage", "start", "expected"),
    [
        # verify within 2 working days: Thursday → Monday
        ("verify", datetime(2026, 3, 19, 11, 0), datetime(2026, 3, 23, 17, 30)),
        # plan within 1 working day, received on a Saturday: Monday counts as day 1
        ("plan", datetime(2026, 3, 21, 11, 0), datetime(2026, 3, 23, 17, 30)),
        # confirm by the end of the working day; after hours → the next working day's close
        ("confirm", datetime(2026, 3, 20, 10, 0), datetime(2026, 3, 20, 17, 30)),
        ("confirm", datetime(2026, 3, 20, 18, 0), datetime(2026, 3, 23, 17, 30)),
        # execute as promised: 24 h without a promise
        ("execute", datetime(2026, 3, 20, 10, 0), datetime(2026, 3, 21, 10, 0)),
        # summary within 3 working days across Qingming: Thursday 2 April → 3, 7, 8 April
        ("summary", datetime(2026, 4, 2, 15, 0), datetime(2026, 4, 8, 17, 30)),
    ],
)
def test_seed004_stage_deadlines(stage: str, start: datetime, expected: datetime) -> None:
    limit = rules.preset("seed004").stage(stage).limit
    assert rules.due_for(limit, start, CALENDAR) == expected


def test_seed004_execute_keeps_the_promised_moment() -> None:
    limit = rules.preset("seed004").stage("execute").limit
    promised = datetime(2026, 3, 25, 12, 0)
    assert rules.due_for(limit, datetime(2026, 3, 20, 10, 0), CALENDAR, promised=promised) == promised


def test_seed004_has_no_overall_deadline() -> None:
    assert rules.final_due(rules.preset("seed004"), datetime(2026, 3, 20, 10, 0), CALENDAR) is None


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("satisfied", "closed"), ("dissatisfied", "reopened"), ("suggestion", "reopened")],
)
def test_callback_outcome_closes_or_reopens(outcome: str, status: str) -> None:
    assert rules.after_callback(outcome) == status


def test_unknown_outcome_is_a_bug() -> None:
    with pytest.raises(ValueError):
        rules.after_callback("meh")


def test_escalation_when_a_deadline_passed() -> None:
    due = datetime(2026, 3, 20, 10, 0)
    assert rules.escalation(due=due, now=due) is None
    reminder = rules.escalation(due=due, now=datetime(2026, 3, 20, 10, 1))
    assert reminder is not None
    assert reminder.kind == rules.ESCALATE
    assert reminder.actions == (rules.CHASE_HEAD, rules.NOTIFY_MANAGER)
    final = datetime(2026, 3, 19, 17, 30)
    late = rules.escalation(due=datetime(2026, 3, 21, 0, 0), now=datetime(2026, 3, 20, 9, 0), final=final)
    assert late is not None and late.due == final


@pytest.mark.parametrize(
    ("comments", "scores", "expected"),
    [
        ("工程师很专业,满意", (1.2, 1.0), False),
        ("对这次服务极度不满,要投诉!", (1.0, 1.0), True),
        ("ok", (-0.5, 1.0), True),
        ("This was unacceptable.", (), True),
        ("", (None, None), False),
    ],
)
def test_strong_dissatisfaction(comments: str, scores: tuple[float | None, ...], expected: bool) -> None:
    assert rules.looks_like_complaint(comments, scores) is expected
