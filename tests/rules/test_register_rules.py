"""Rules of the small registers: closing time, 10-minute entry, loans, witnesses, notice expiry, the 正 tally."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.rules import registers as rules


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


DAY = date(2026, 3, 16)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def test_closing_time_is_the_end_of_the_last_open_stretch() -> None:
    intervals = ((at(8, 30), at(12)), (at(13, 30), at(17, 30)))
    assert rules.closing_time(DAY, intervals) == at(17, 30)
    assert rules.closing_time(DAY, ()) == at(17, 30)  # a closed day: the default


def test_registration_within_ten_minutes() -> None:
    assert not rules.registered_late(left_at=at(10), registered_at=at(10, 10))
    assert rules.registered_late(left_at=at(10), registered_at=at(10, 11))
    assert not rules.registered_late(left_at=None, registered_at=at(18))


def test_visitors_on_site_at_closing_time() -> None:
    visits = [
        rules.VisitPresence(1, at(9), None),
        rules.VisitPresence(2, at(10), at(11)),  # left
        rules.VisitPresence(3, at(16), None),
    ]
    assert rules.on_site_at_closing(visits, now=at(17, 29), closing=at(17, 30)) == []
    late = rules.on_site_at_closing(visits, now=at(17, 30), closing=at(17, 30))
    assert [visit.id for visit in late] == [1, 3]


def test_sign_out_before_arrival_is_refused() -> None:
    with pytest.raises(UserError, match="cannot leave before arriving") as caught:
        rules.check_sign_out(at(10), at(9))
    assert caught.value.field == "left_at"


def test_confidential_file_is_refused_with_the_reason() -> None:
    with pytest.raises(UserError) as caught:
        rules.check_lendable(file="3-2-502 身份证复印件", confidential=True)
    assert caught.value.message == (
        "3-2-502 身份证复印件 is confidential (an owner's or tenant's personal documents): it cannot be lent or copied."
    )
    rules.check_lendable(file="3-2-502 装修方案", confidential=False, copy_or_take=rules.COPY)


@pytest.mark.parametrize(
    ("status", "approved_by", "message"),
    [
        (
            rules.LOAN_REQUESTED,
            "",
            "The service-centre manager must approve the loan before the file leaves.",
        ),
        (rules.LOAN_OUT, "黄志华", "This file has already been handed out."),
    ],
)
def test_hand_out_needs_approval(status: str, approved_by: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        rules.check_hand_out(status=status, approved_by=approved_by)
    assert caught.value.message == message
    rules.check_hand_out(status=rules.LOAN_APPROVED, approved_by="黄志华")


def test_loan_overdue_after_its_due_day() -> None:
    assert not rules.loan_overdue(status=rules.LOAN_OUT, due_date=DAY, today=DAY)
    assert rules.loan_overdue(status=rules.LOAN_OUT, due_date=DAY, today=date(2026, 3, 17))
    assert not rules.loan_overdue(status=rules.LOAN_RETURNED, due_date=DAY, today=date(2026, 3, 17))


@pytest.mark.parametrize("witnesses", [[], ["王芳"], ["王芳", "王芳"], ["王芳", "  "], [" 王芳 "]])
def test_destruction_with_fewer_than_two_witnesses_is_refused(witnesses: list[str]) -> None:
    with pytest.raises(UserError) as caught:
        rules.check_destroy(rules.DISPOSAL_APPROVED, witnesses)
    assert caught.value.message == (
        "At least two people must be present when files are destroyed: record both witnesses."
    )
    assert caught.value.field == "witnesses"


def test_destruction_with_two_witnesses_after_approval() -> None:
    assert rules.check_destroy(rules.DISPOSAL_APPROVED, [" 王芳", "刘洋 ", "王芳"]) == ["王芳", "刘洋"]
    with pytest.raises(UserError, match="director must approve"):
        rules.check_destroy(rules.DISPOSAL_REVIEWED, ["王芳", "刘洋"])


def test_approval_follows_review() -> None:
    with pytest.raises(UserError, match="supervisor must review"):
        rules.check_approve(rules.DISPOSAL_DRAFT)
    rules.check_approve(rules.DISPOSAL_REVIEWED)
    rules.check_review(rules.DISPOSAL_DRAFT)
    with pytest.raises(UserError, match="already been reviewed"):
        rules.check_review(rules.DISPOSAL_REVIEWED)


def test_notice_expiry_reminder() -> None:
    expires = date(2026, 3, 20)
    closing = datetime(2026, 3, 20, 17, 30)
    assert rules.take_down_due(expires) == closing
    assert not rules.notice_to_take_down(
        expires_on=expires, taken_down=False, now=datetime(2026, 3, 20, 17, 29)
    )
    assert rules.notice_to_take_down(expires_on=expires, taken_down=False, now=closing)
    assert not rules.notice_to_take_down(expires_on=expires, taken_down=True, now=datetime(2026, 3, 25))
    assert not rules.notice_to_take_down(expires_on=None, taken_down=False, now=datetime(2030, 1, 1))
    with pytest.raises(UserError, match="cannot expire before it is issued"):
        rules.check_notice_dates(date(2026, 3, 20), date(2026, 3, 19))


@pytest.mark.parametrize(
    ("count", "strokes"),
    [
        (0, ""),
        (1, "一"),
        (2, "丅"),
        (3, "下"),
        (4, "止"),
        (5, "正"),
        (7, "正丅"),
        (10, "正正"),
        (14, "正正止"),
    ],
)
def test_zheng_tally(count: int, strokes: str) -> None:
    assert rules.tally_strokes(count) == strokes


def test_negative_tally_is_a_bug() -> None:
    with pytest.raises(ValueError):
        rules.tally_strokes(-1)


def test_month_bounds() -> None:
    assert rules.month_bounds(date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert rules.month_bounds(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
