"""The Today board and the reminder digest: every due item of every record kind, grouped the way the desk acts.

The board (issue 5) merges what every record kind registered with :func:`desktop.services.due.register_due_source`
— callbacks, problem-sheet hand-over and result deadlines, later keys not returned, visitors on site, documents
out — into three groups, coloured like Odoo's activities: **overdue** (red), **today** (amber), **upcoming**
(green). Nothing is stored: the board is computed from the records at ``now``, so what fell due while the PC
was off is simply there at start-up.

The digest decides when the tray says something: once for the items that became due (today or overdue) since
the last digest, never one notification per item, and nothing while the desk has snoozed. Its state is a
frozen value passed in and out (:class:`ReminderState`), so it is tested with a fixed clock and no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from desktop.rules.workcalendar import NoWorkingTimeError, WorkCalendar
from desktop.services.due import DueItem, collect_due, page_for, register_record_page

OVERDUE = "overdue"
TODAY = "today"
UPCOMING = "upcoming"
GROUPS: tuple[str, ...] = (OVERDUE, TODAY, UPCOMING)

# Snooze choices offered in the tray menu.
SNOOZE_15_MIN = "15min"
SNOOZE_1_HOUR = "1h"
SNOOZE_TOMORROW = "tomorrow"
SNOOZES: tuple[str, ...] = (SNOOZE_15_MIN, SNOOZE_1_HOUR, SNOOZE_TOMORROW)

# The problem sheet book lists its own deadlines (its due source is desktop.services.sheet_list).
register_record_page("problem_sheet", "tickets")


def group_of(item: DueItem, now: datetime) -> str:
    """Which board group ``item`` falls in at ``now``: past its deadline, due later today, or later."""
    if item.overdue:
        return OVERDUE
    return TODAY if item.due_at.date() <= now.date() else UPCOMING


@dataclass(frozen=True)
class Board:
    """The Today board at one moment.

    Attributes:
        overdue, today, upcoming: the items of each group, most urgent first.
        counts_by_kind: ``DueItem.kind`` → number of items overdue or due today.
        counts_by_page: navigation page key → number of its items overdue or due today (for the badges).
    """

    now: datetime
    overdue: tuple[DueItem, ...] = ()
    today: tuple[DueItem, ...] = ()
    upcoming: tuple[DueItem, ...] = ()
    counts_by_kind: dict[str, int] = field(default_factory=dict)
    counts_by_page: dict[str, int] = field(default_factory=dict)

    @property
    def urgent(self) -> int:
        """Items overdue or due today: the number beside "Today" in the navigation."""
        return len(self.overdue) + len(self.today)

    def group(self, name: str) -> tuple[DueItem, ...]:
        """The items of group ``name`` (:data:`OVERDUE`, :data:`TODAY`, :data:`UPCOMING`)."""
        return {OVERDUE: self.overdue, TODAY: self.today, UPCOMING: self.upcoming}[name]

    def __len__(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.upcoming)


def build_board(items: Iterable[DueItem], *, now: datetime, horizon_days: int | None = None) -> Board:
    """Group ``items`` at ``now``; upcoming items further than ``horizon_days`` days ahead are left out."""
    groups: dict[str, list[DueItem]] = {OVERDUE: [], TODAY: [], UPCOMING: []}
    limit = datetime.combine(now.date() + timedelta(days=horizon_days + 1), time()) if horizon_days else None
    kinds: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    for item in items:
        name = group_of(item, now)
        if name == UPCOMING and limit is not None and item.due_at >= limit:
            continue
        groups[name].append(item)
        if name != UPCOMING:
            kinds[item.kind] += 1
            page = page_for(item.record_type)
            if page:
                pages[page] += 1
    for members in groups.values():
        members.sort(key=lambda item: (item.due_at, item.number))
    return Board(
        now=now,
        overdue=tuple(groups[OVERDUE]),
        today=tuple(groups[TODAY]),
        upcoming=tuple(groups[UPCOMING]),
        counts_by_kind=dict(kinds),
        counts_by_page=dict(pages),
    )


def compute_board(*, now: datetime, horizon_days: int | None = 14) -> Board:
    """The Today board from every registered due source (upcoming: the next ``horizon_days`` days)."""
    return build_board(collect_due(now=now), now=now, horizon_days=horizon_days)


def due_by(moment: datetime) -> list[DueItem]:
    """Items overdue or due by ``moment`` (``frontdesk due``): due moment at or before it, most urgent first."""
    return [item for item in collect_due(now=moment) if item.due_at <= moment]


# ---- the digest ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderState:
    """What the tray has said already and whether it is snoozed.

    Attributes:
        notified: ``(kind, record_id, due_at, group)`` of every item already in a digest; an item is told
            about again only when it changes group (due today → overdue) or its deadline moves.
        snoozed_until: no digest before this moment.
    """

    notified: frozenset[tuple[str, int, datetime, str]] = frozenset()
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class Digest:
    """One notification for the items that became due since the last one.

    Attributes:
        items: the new items (overdue first).
        overdue: how many of the board's items are overdue now (all, not only the new ones).
        today: how many are due later today.
    """

    items: tuple[DueItem, ...]
    overdue: int
    today: int


def _key(item: DueItem, now: datetime) -> tuple[str, int, datetime, str]:
    return (item.kind, item.record_id, item.due_at, group_of(item, now))


def next_digest(
    items: Sequence[DueItem], state: ReminderState, *, now: datetime
) -> tuple[Digest | None, ReminderState]:
    """The digest to show now (None when there is nothing new or the desk snoozed) and the state after it.

    Items upcoming later are not told about; an item done since the last check simply drops out of the
    remembered set, so the state stays small.
    """
    if state.snoozed_until is not None and now < state.snoozed_until:
        return None, state
    urgent = [item for item in items if group_of(item, now) != UPCOMING]
    keys = {_key(item, now): item for item in urgent}
    new = [item for key, item in keys.items() if key not in state.notified]
    after = ReminderState(notified=frozenset(keys), snoozed_until=None)
    if not new:
        return None, after
    new.sort(key=lambda item: (not item.overdue, item.due_at, item.number))
    overdue = sum(1 for item in urgent if item.overdue)
    return Digest(items=tuple(new), overdue=overdue, today=len(urgent) - overdue), after


def snooze(state: ReminderState, until: datetime) -> ReminderState:
    """Say nothing until ``until``; then remind of everything still due, as one digest (nag politely)."""
    return replace(state, notified=frozenset(), snoozed_until=until)


def snooze_until(choice: str, now: datetime, calendar: WorkCalendar | None = None) -> datetime:
    """The end of a snooze: 15 minutes, an hour, or tomorrow morning (the office's next opening after today)."""
    if choice == SNOOZE_15_MIN:
        return now + timedelta(minutes=15)
    if choice == SNOOZE_1_HOUR:
        return now + timedelta(hours=1)
    if choice == SNOOZE_TOMORROW:
        tomorrow = datetime.combine(now.date() + timedelta(days=1), time())
        if calendar is not None:
            try:
                return calendar.next_opening(tomorrow)
            except NoWorkingTimeError:
                pass
        return tomorrow.replace(hour=9)
    raise ValueError(f"unknown snooze {choice!r}")
