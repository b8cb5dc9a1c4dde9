"""Rules of the front desk's small registers: visitors, document loans, disposals, notices and the 正 call tally.

Pure functions over plain values, each citing its seed, so the services only gather data and write:

* visitors (seed 001:398, spec §2.7): the register is written within 10 minutes after the visit; a visitor not
  signed out is still on site, and one still on site when the office closes is listed on the Today board;
* document loans (seed 001:338-342, spec §2.6, §2.14): the 服务中心经理 approves the loan before the file leaves;
  documents about an owner's or tenant's personal affairs, or otherwise confidential, are never lent or copied;
* disposals (seed 001:358-362): reviewed by the 客户服务部主管, approved by the 服务中心主任, destroyed with at least
  two people present;
* notices (seed 001:1832-1842): a posted notice is taken down when it expires;
* the call tally (seed 000:120-121): every call adds one stroke to a 正 (one 正 = five calls).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from desktop.errors import UserError
from desktop.i18n import N_, _

# ---- visitors ---------------------------------------------------------------------------------------------

#: seed 001:398 "接待人员必须于接待完毕以后10分钟之内,认真做好《来访客户登记表》".
REGISTER_WITHIN = timedelta(minutes=10)
#: [design] closing time used on a day the office is closed (a visitor received at the weekend).
DEFAULT_CLOSING = time(17, 30)


def closing_time(day: date, intervals: Sequence[tuple[datetime, datetime]]) -> datetime:
    """When the office closes on ``day``: the end of its last open stretch, else :data:`DEFAULT_CLOSING`.

    Args:
        day: the day.
        intervals: the office's open stretches that day (``WorkCalendar.working_intervals``), maybe empty.
    """
    if intervals:
        return max(end for _start, end in intervals)
    return datetime.combine(day, DEFAULT_CLOSING)


def registered_late(*, left_at: datetime | None, registered_at: datetime) -> bool:
    """Whether a visit was registered more than 10 minutes after it ended (seed 001:398).

    A visitor registered on arrival, or still on site, is never late.
    """
    return left_at is not None and registered_at - left_at > REGISTER_WITHIN


@dataclass(frozen=True)
class VisitPresence:
    """What the closing-time rule needs of one visit."""

    id: int
    arrived_at: datetime
    left_at: datetime | None


def on_site(visits: Iterable[VisitPresence], now: datetime) -> list[VisitPresence]:
    """Visitors who arrived by ``now`` and have not signed out, earliest arrival first."""
    return sorted(
        (visit for visit in visits if visit.left_at is None and visit.arrived_at <= now),
        key=lambda visit: (visit.arrived_at, visit.id),
    )


def on_site_at_closing(
    visits: Iterable[VisitPresence], *, now: datetime, closing: datetime
) -> list[VisitPresence]:
    """Visitors still on site once the office has closed (empty before ``closing``).

    The Today board lists them so the desk checks whether they have left and signs them out (a visitor
    register with open rows tells the next shift nothing).
    """
    if now < closing:
        return []
    return on_site(visits, now)


def check_sign_out(arrived_at: datetime, left_at: datetime) -> None:
    """Refuse a departure before the arrival.

    Raises:
        UserError: on field ``left_at``.
    """
    if left_at < arrived_at:
        raise UserError(_("The visitor cannot leave before arriving."), field="left_at")


# ---- document loans -----------------------------------------------------------------------------------------

#: [design] the seed gives no loan period (spec §2.6 "due back" reminders, period not given): three days.
DEFAULT_LOAN_DAYS = 3

LOAN_REQUESTED = "requested"
LOAN_APPROVED = "approved"
LOAN_OUT = "out"
LOAN_RETURNED = "returned"
LOAN_STATUSES: tuple[str, ...] = (LOAN_REQUESTED, LOAN_APPROVED, LOAN_OUT, LOAN_RETURNED)
LOAN_STATUS_LABELS: dict[str, str] = {
    LOAN_REQUESTED: N_("Waiting for approval"),
    LOAN_APPROVED: N_("Approved"),
    LOAN_OUT: N_("Out"),
    LOAN_RETURNED: N_("Returned"),
}

#: 复印/带走 choices of the loan form.
NO_COPY = "no"
COPY = "copy"
TAKE_AWAY = "take_away"

CONFIDENTIAL_LOAN = N_(
    "{file} is confidential (an owner's or tenant's personal documents): it cannot be lent or copied."
)
NOT_APPROVED = N_("The service-centre manager must approve the loan before the file leaves.")


def check_lendable(*, file: str, confidential: bool, copy_or_take: str = NO_COPY) -> None:
    """Refuse to lend (or copy) a confidential document (seed 001:340, spec §2.14).

    Raises:
        UserError: naming the file and the reason, on field ``document``.
    """
    # seed 001:340 "凡涉及业主、住户个人私事或其他需保密的文件资料,不得复印、外借,不得扩散其内容".
    if confidential:
        raise UserError(_(CONFIDENTIAL_LOAN).format(file=file), field="document")
    del (
        copy_or_take
    )  # copying a non-confidential file needs the head's signature on paper (001:1646), not a block


def check_hand_out(*, status: str, approved_by: str) -> None:
    """Refuse to hand a file out before the service-centre manager approved the loan (seed 001:342).

    Raises:
        UserError: the loan is not approved (or no longer waiting to go out).
    """
    # seed 001:342 "档案借出时须经服务中心经理批准".
    if status == LOAN_REQUESTED or not approved_by.strip():
        raise UserError(_(NOT_APPROVED))
    if status != LOAN_APPROVED:
        raise UserError(_("This file has already been handed out."))


def loan_overdue(*, status: str, due_date: date | None, today: date) -> bool:
    """Whether a file that is out has passed its due date."""
    return status == LOAN_OUT and due_date is not None and today > due_date


# ---- disposals ----------------------------------------------------------------------------------------------

DISPOSAL_DRAFT = "draft"
DISPOSAL_REVIEWED = "reviewed"
DISPOSAL_APPROVED = "approved"
DISPOSAL_DESTROYED = "destroyed"
DISPOSAL_STATUSES: tuple[str, ...] = (
    DISPOSAL_DRAFT,
    DISPOSAL_REVIEWED,
    DISPOSAL_APPROVED,
    DISPOSAL_DESTROYED,
)
DISPOSAL_STATUS_LABELS: dict[str, str] = {
    DISPOSAL_DRAFT: N_("Waiting for review"),
    DISPOSAL_REVIEWED: N_("Reviewed"),
    DISPOSAL_APPROVED: N_("Approved"),
    DISPOSAL_DESTROYED: N_("Destroyed"),
}
#: seed 001:362 "销毁档案时,应有两人以上在场".
MIN_WITNESSES = 2


def check_review(status: str) -> None:
    """Only a disposal waiting for review is reviewed (seed 001:360: 客户服务部主管审核)."""
    if status != DISPOSAL_DRAFT:
        raise UserError(_("This disposal has already been reviewed."))


def check_approve(status: str) -> None:
    """The 服务中心主任 approves a disposal only after the supervisor reviewed it (seed 001:360)."""
    if status == DISPOSAL_DRAFT:
        raise UserError(_("The customer-service supervisor must review the disposal before it is approved."))
    if status != DISPOSAL_REVIEWED:
        raise UserError(_("This disposal has already been approved."))


def tidy_witnesses(names: Iterable[str]) -> list[str]:
    """The witnesses' names, blanks removed, each person once, in the order given."""
    seen: list[str] = []
    for name in names:
        tidy = " ".join(str(name or "").split())
        if tidy and tidy not in seen:
            seen.append(tidy)
    return seen


def check_destroy(status: str, witnesses: Sequence[str]) -> list[str]:
    """Refuse a destruction not approved, or with fewer than two different people present (seed 001:360-362).

    Returns:
        The witnesses' tidied names.

    Raises:
        UserError: not approved yet, or fewer than :data:`MIN_WITNESSES` witnesses (field ``witnesses``).
    """
    if status in (DISPOSAL_DRAFT, DISPOSAL_REVIEWED):
        raise UserError(
            _("The service-centre director must approve the disposal before the files are destroyed.")
        )
    if status == DISPOSAL_DESTROYED:
        raise UserError(_("These files have already been destroyed."))
    names = tidy_witnesses(witnesses)
    if len(names) < MIN_WITNESSES:
        raise UserError(
            _("At least two people must be present when files are destroyed: record both witnesses."),
            field="witnesses",
        )
    return names


# ---- notices ------------------------------------------------------------------------------------------------


def take_down_due(expires_on: date, closing: datetime | None = None) -> datetime:
    """When a posted notice must come down: at the close of its last day (seed 001:1842 notices removed at expiry).

    Args:
        expires_on: the notice's last valid day.
        closing: the office's closing time that day (default :data:`DEFAULT_CLOSING`).
    """
    return closing if closing is not None else datetime.combine(expires_on, DEFAULT_CLOSING)


def notice_to_take_down(
    *, expires_on: date | None, taken_down: bool, now: datetime, closing: datetime | None = None
) -> bool:
    """Whether the desk should take a notice down now: still up and past the close of its last day."""
    if taken_down or expires_on is None:
        return False
    return now >= take_down_due(expires_on, closing)


def check_notice_dates(issued_on: date, expires_on: date | None) -> None:
    """Refuse a notice that expires before it is issued."""
    if expires_on is not None and expires_on < issued_on:
        raise UserError(_("A notice cannot expire before it is issued."), field="expires_on")


# ---- the 正 call tally ------------------------------------------------------------------------------------

#: seed 000:120-121 "以“正”字登记": the strokes of 正 in writing order; five calls make one character.
ZHENG_STROKES: tuple[str, ...] = ("一", "丅", "下", "止", "正")
TALLY_GROUP = 5


def tally_strokes(count: int) -> str:
    """``count`` calls written as 正 tally marks: one 正 per five calls, then the partial character.

    ``tally_strokes(7) == "正丅"``; ``tally_strokes(0) == ""``.

    Raises:
        ValueError: for a negative count.
    """
    if count < 0:
        raise ValueError("a tally cannot be negative")
    full, rest = divmod(count, TALLY_GROUP)
    return "正" * full + (ZHENG_STROKES[rest - 1] if rest else "")


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)
