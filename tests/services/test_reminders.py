"""The Today board groups and counts due items; the digest tells once, respects snoozes, nags again after."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import peewee
import pytest

from desktop.rules.workcalendar import WorkCalendar
from desktop.services import callback_list, due, reminders
from desktop.services.due import DueItem
from desktop.services.reminders import ReminderState, build_board, next_digest, snooze, snooze_until

NOW = datetime(2026, 3, 16, 9, 0)
assert callback_list.SLUG  # imported: registers the callbacks page


def item(record_id: int, due_at: str, *, now: datetime = NOW, kind: str = "callback") -> DueItem:
    moment = datetime.fromisoformat(due_at)
    return DueItem(
        kind=kind,
        record_id=record_id,
        number=f"N{record_id:03d}",
        title=f"item {record_id}",
        due_at=moment,
        overdue=now > moment,
        assignee="",
        record_type="callback_record" if kind == "callback" else "problem_sheet",
    )


def test_board_groups_like_odoo_overdue_today_later() -> None:
    items = [
        item(1, "2026-03-13 17:30"),  # Friday: overdue
        item(2, "2026-03-16 08:59"),  # this morning, passed: overdue
        item(3, "2026-03-16 17:30"),  # later today
        item(4, "2026-03-17 09:00"),  # tomorrow
        item(5, "2026-05-01 09:00"),  # beyond the horizon
        item(6, "2026-03-16 10:29", kind="sheet_handover"),
    ]
    board = build_board(items, now=NOW, horizon_days=14)
    assert [i.record_id for i in board.overdue] == [1, 2]
    assert [i.record_id for i in board.today] == [6, 3]
    assert [i.record_id for i in board.upcoming] == [4]
    assert board.urgent == 4
    assert board.counts_by_kind == {"callback": 3, "sheet_handover": 1}
    assert board.counts_by_page == {"callbacks": 3, "tickets": 1}
    assert len(build_board(items, now=NOW, horizon_days=None)) == 6


@pytest.fixture
def fake_source() -> Iterator[list[DueItem]]:
    items: list[DueItem] = []
    due.register_due_source(lambda *, now: list(items), name="test-fake")
    yield items
    due.unregister_due_source("test-fake")


def test_items_that_fell_due_while_the_app_was_closed_are_on_the_board(
    db: peewee.SqliteDatabase, fake_source: list[DueItem]
) -> None:
    fake_source.append(item(1, "2026-03-14 10:00", now=datetime(2026, 3, 16, 8, 0)))  # due on Saturday
    board = reminders.compute_board(now=datetime(2026, 3, 16, 8, 0))
    assert [i.number for i in board.overdue] == ["N001"]
    digest, _state = next_digest(list(board.overdue), ReminderState(), now=datetime(2026, 3, 16, 8, 0))
    assert digest is not None and digest.overdue == 1


def test_due_by_lists_items_due_at_or_before_the_moment(
    db: peewee.SqliteDatabase, fake_source: list[DueItem]
) -> None:
    fake_source.extend(
        [item(1, "2026-03-16 10:00"), item(2, "2026-03-16 12:00"), item(3, "2026-03-17 09:00")]
    )
    at = datetime(2026, 3, 16, 12, 0)
    assert [
        i.number for i in reminders.due_by(at) if i.kind == "callback" and i.title.startswith("item")
    ] == [
        "N001",
        "N002",
    ]


def test_one_digest_per_change_not_one_per_item() -> None:
    items = [item(1, "2026-03-16 08:00"), item(2, "2026-03-16 15:00"), item(3, "2026-03-17 09:00")]
    digest, state = next_digest(items, ReminderState(), now=NOW)
    assert digest is not None
    assert [i.record_id for i in digest.items] == [1, 2]  # tomorrow's is not due yet
    assert (digest.overdue, digest.today) == (1, 1)
    again, state = next_digest(items, state, now=NOW.replace(minute=5))
    assert again is None
    # At 15:01 item 2 turns overdue: one more digest, with that item only.
    later = datetime(2026, 3, 16, 15, 1)
    items = [item(i.record_id, i.due_at.isoformat(), now=later) for i in items]
    digest, state = next_digest(items, state, now=later)
    assert digest is not None and [i.record_id for i in digest.items] == [2]
    # Next morning item 3 becomes due today.
    morning = datetime(2026, 3, 17, 8, 0)
    items = [item(i.record_id, i.due_at.isoformat(), now=morning) for i in items]
    digest, state = next_digest(items, state, now=morning)
    assert digest is not None and [i.record_id for i in digest.items] == [3]


def test_snooze_is_quiet_then_reminds_of_everything_still_due() -> None:
    items = [item(1, "2026-03-16 08:00")]
    _digest, state = next_digest(items, ReminderState(), now=NOW)
    state = snooze(state, snooze_until(reminders.SNOOZE_15_MIN, NOW))
    items.append(item(2, "2026-03-16 16:00"))
    assert next_digest(items, state, now=NOW.replace(minute=10))[0] is None
    digest, state = next_digest(items, state, now=NOW.replace(minute=15))
    assert digest is not None and [i.record_id for i in digest.items] == [1, 2]
    assert state.snoozed_until is None


def test_snooze_choices() -> None:
    calendar = WorkCalendar()
    assert snooze_until(reminders.SNOOZE_1_HOUR, NOW) == datetime(2026, 3, 16, 10, 0)
    assert snooze_until(reminders.SNOOZE_TOMORROW, NOW, calendar) == datetime(2026, 3, 17, 8, 30)
    friday = datetime(2026, 3, 20, 16, 0)
    assert snooze_until(reminders.SNOOZE_TOMORROW, friday, calendar) == datetime(2026, 3, 23, 8, 30)
    assert snooze_until(reminders.SNOOZE_TOMORROW, friday) == datetime(2026, 3, 21, 9, 0)
