"""views.ops: by/now passed in, refusals shown beside the field or in one dialog, successes announced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytestqt.qtbot import QtBot

from desktop.errors import UserError, ValidationError
from desktop.services.clock import FixedClock
from desktop.views import messages, ops
from desktop.views.events import record_events


@dataclass(frozen=True)
class Row:
    id: int


def test_run_passes_staff_on_duty_and_now_and_announces_the_ids(qtbot: QtBot, clock: FixedClock) -> None:
    ops.set_staff_on_duty(7)
    with qtbot.waitSignal(record_events().records_changed) as blocker:
        result = ops.run(lambda by, now: (by, now, Row(3))[2], parent=None, kind="ticket")
    assert result.ok and result.value == Row(3)
    assert blocker.args == ["ticket", [3]]
    seen: list[Any] = []
    ops.run(lambda by, now: seen.extend([by, now]), parent=None)
    assert seen == [7, clock.now()]


def test_ids_of_a_list_of_rows_are_announced(qtbot: QtBot) -> None:
    with qtbot.waitSignal(record_events().records_changed) as blocker:
        ops.run(lambda by, now: [Row(1), Row(2)], parent=None, kind="key")
    assert blocker.args == ["key", [1, 2]]


def test_a_field_refusal_goes_beside_the_field(qtbot: QtBot, shown_messages: list[Any]) -> None:
    beside: dict[str, str] = {}

    def refuse(by: Any, now: Any) -> None:
        raise UserError("Enter the name.", field="name")

    with qtbot.assertNotEmitted(record_events().records_changed):
        result = ops.run(
            refuse,
            parent=None,
            kind="staff",
            show_field_error=lambda f, m: bool(beside.update({f: m})) or True,
        )
    assert not result.ok
    assert result.error is not None and result.error.message == "Enter the name."
    assert beside == {"name": "Enter the name."}
    assert shown_messages == []


def test_a_refusal_without_a_place_is_one_dialog(shown_messages: list[Any]) -> None:
    def refuse(by: Any, now: Any) -> None:
        raise ValidationError({"name": "Enter the name.", "phone": "Too long.", "zzz": "Odd."})

    ops.run(refuse, parent=None, show_field_error=lambda field, message: field == "name")
    (message,) = shown_messages
    assert message.kind is messages.Kind.WARNING
    assert message.text == "Too long.\nOdd."


def test_query_reports_a_user_error(shown_messages: list[Any]) -> None:
    def vanished() -> None:
        raise UserError("There is no database at /x.")

    result = ops.query(vanished, parent=None)
    assert not result.ok
    assert [m.text for m in shown_messages] == ["There is no database at /x."]


def test_a_bug_is_not_swallowed() -> None:
    def bug(by: Any, now: Any) -> None:
        raise KeyError("x")

    try:
        ops.run(bug, parent=None)
    except KeyError:
        pass
    else:
        raise AssertionError("ops.run must let bugs reach the crash hook")
