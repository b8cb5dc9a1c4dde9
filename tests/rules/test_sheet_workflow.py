"""The problem sheet's allowed steps (seed 000 §4.5.6)."""

from __future__ import annotations

import pytest

from desktop.rules import sheet_workflow as wf


def test_a_new_sheet_can_be_handed_over_or_solved_on_the_phone() -> None:
    assert wf.allowed_actions(wf.RECEIVED) == (wf.SOLVE_ON_PHONE, wf.HAND_OVER)


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        (wf.RECEIVED, wf.SOLVE_ON_PHONE, wf.CLOSED),
        (wf.RECEIVED, wf.HAND_OVER, wf.HANDED_OVER),
        (wf.HANDED_OVER, wf.RECORD_PLAN, wf.PLANNED),
        (wf.HANDED_OVER, wf.RECORD_RESULT, wf.RESOLVED),
        (wf.PLANNED, wf.RECORD_RESULT, wf.RESOLVED),
        (wf.RESOLVED, wf.REVIEW, wf.REVIEWED),
        (wf.REVIEWED, wf.CLOSE, wf.CLOSED),
        (wf.REVIEWED, wf.CLOSE_WITHOUT_CALLBACK, wf.CLOSED),
        (wf.CLOSED, wf.REOPEN, wf.RECEIVED),
    ],
)
def test_each_step_leads_to_the_next_status(status: str, action: str, expected: str) -> None:
    assert wf.next_status(status, action) == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (wf.RECEIVED, wf.RECORD_RESULT),  # nobody has the sheet yet
        (wf.RECEIVED, wf.REVIEW),
        (wf.HANDED_OVER, wf.REVIEW),  # nothing to review before a result
        (wf.CLOSED, wf.HAND_OVER),  # a closed sheet is reopened first
        (wf.RECEIVED, wf.REOPEN),
        (wf.RESOLVED, wf.CLOSE),  # 000 ch.3: reviewed first
        (wf.RESOLVED, wf.CLOSE_WITHOUT_CALLBACK),
    ],
)
def test_steps_out_of_order_are_refused(status: str, action: str) -> None:
    assert wf.next_status(status, action) is None


def test_every_status_has_a_label_and_a_way_forward_except_closed() -> None:
    for status in wf.STATUSES:
        assert status in wf.STATUS_LABELS
        assert wf.allowed_actions(status), status


def test_categories_route_as_the_seed_says() -> None:
    assert wf.default_route("sales").role == "department_head"
    assert wf.default_route("technical").role == "engineer"
    assert wf.default_route("unknown") == wf.default_route("other")


@pytest.mark.parametrize(
    ("status", "called_back", "expected"),
    [
        (wf.RESOLVED, False, (wf.REVIEW, wf.REOPEN)),
        (wf.RESOLVED, True, (wf.REVIEW, wf.REOPEN)),  # called back, but not reviewed: no closing yet
        (wf.REVIEWED, False, (wf.CLOSE_WITHOUT_CALLBACK, wf.REOPEN)),
        (wf.REVIEWED, True, (wf.CLOSE, wf.REOPEN)),
    ],
)
def test_closing_is_offered_once_reviewed_and_called_back(
    status: str, called_back: bool, expected: tuple
) -> None:  # type: ignore[type-arg]
    assert wf.allowed_actions(status, called_back=called_back) == expected
    assert (wf.close_refusal(status, called_back=called_back) is None) == (wf.CLOSE in expected)
