"""Complaint workflow and deadlines: the stages a complaint passes, each stage's time limit, and escalation.

The seeds disagree on how a complaint is worked (spec §2.3, §2.16 rows 7, 10, 11, 13 and 37), so each rule set is
a *preset* the office chooses in Settings (``complaints.preset``):

* :data:`SEED_000` — the supervision procedure of seed 000 第四章 (000:133–166) with the phone rules of 000:304
  and 000:409: relay to the responsible head at once, answer a complaint that could not be answered on the spot
  within 2 h (simple) or 24 h (complex), the handling report (F07) back the next working day, call the customer
  back within 24 h, and the result given within 5 working days of receipt.
* :data:`SEED_004` — seed 004's 投诉处理流程表 (T02, 004:138–194): receive at once, verify within 2 working days,
  plan within 1 working day, the customer confirms (signature or recorded consent) at once, execute as promised,
  summary report (T03: cause analysis, preventive measures) within 3 working days.

Both end with the callback of seed 000 3.3.1.4 (000:165): satisfied → the complaint is closed; dissatisfied or a
suggestion → a *new* register entry linked to this one, and the cycle runs again. Receiving the complaint is the
register entry itself, so it is never a pending stage.

Everything here is pure: the service passes the office's :class:`~desktop.rules.workcalendar.WorkCalendar` and
the moments; intake runs every day (the complaint phone is open 24 h, 000:28), while working-day limits count
the office's working days only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.i18n import N_
from desktop.rules.deadlines import Reminder
from desktop.rules.workcalendar import WorkCalendar

# ---- choices --------------------------------------------------------------------------------------------------

PHONE = "phone"
WALK_IN = "walk_in"
LETTER = "letter"
ONLINE = "online"
CALLBACK = "callback"
#: How the complaint came in (000:143–152: hotline, president's office / staff, website; 001:1142 来电 来信 来访),
#: plus a callback that turned into a complaint (000:165, 000:47).
CHANNELS: dict[str, str] = {
    PHONE: N_("Phone"),
    WALK_IN: N_("Walk-in"),
    LETTER: N_("Letter"),
    ONLINE: N_("Online"),
    CALLBACK: N_("Callback turned complaint"),
}

#: Complaint categories (000:150–151), the keys of the register form's ``category`` options.
CATEGORIES: tuple[str, ...] = ("technical", "service", "sales", "other")

SIMPLE = "simple"
COMPLEX = "complex"
#: 000:304 简单投诉 / 复杂投诉 (the seed misspells them 简单抽诉 / 复杂投拆).
COMPLEXITIES: dict[str, str] = {SIMPLE: N_("Simple"), COMPLEX: N_("Complex")}

OPEN = "open"
CLOSED = "closed"
REOPENED = "reopened"
#: ``reopened``: the customer was not satisfied and a new, linked entry carries the complaint on (000:165).
STATUSES: dict[str, str] = {
    OPEN: N_("Being handled"),
    CLOSED: N_("Closed"),
    REOPENED: N_("Reopened as a new entry"),
}

SATISFIED = "satisfied"
DISSATISFIED = "dissatisfied"
SUGGESTION = "suggestion"
#: Callback outcomes, the keys of F07's ``callback_outcome`` options.
OUTCOMES: dict[str, str] = {
    SATISFIED: N_("Satisfied"),
    DISSATISFIED: N_("Dissatisfied"),
    SUGGESTION: N_("Suggestion"),
}

SIGNED = "signature"
RECORDED = "recorded"
#: How the customer accepted the plan (004:170 "方案需获得客户签字/线上确认").
CONFIRMATIONS: dict[str, str] = {SIGNED: N_("Signed by the customer"), RECORDED: N_("Consent recorded")}

# ---- limits ---------------------------------------------------------------------------------------------------

#: Due a few minutes after the stage starts ("立即", "在第一时间"): [design] 30 clock minutes, the seeds give none.
IMMEDIATE = "immediate"
#: ``amount`` clock hours: the complaint phone and the heads' phones are on 24 h (000:28, 000:163).
CLOCK_HOURS = "clock_hours"
#: Close of office on the ``amount``-th working day after the day the stage starts.
WORKING_DAYS = "working_days"
#: 2 h for a simple complaint, 24 h for a complex one (000:304): ``amount`` and ``complex_amount`` clock hours.
BY_COMPLEXITY = "by_complexity"
#: The moment promised to the customer (004:176 "按承诺时限"); ``amount`` clock hours when none was given.
PROMISED = "promised"
#: Close of office the same working day (the next one when the stage starts after hours): "即时反馈" at a desk.
END_OF_DAY = "end_of_day"

IMMEDIATE_MINUTES = 30


@dataclass(frozen=True)
class Limit:
    """A stage's time limit.

    Attributes:
        kind: :data:`IMMEDIATE`, :data:`CLOCK_HOURS`, :data:`WORKING_DAYS`, :data:`BY_COMPLEXITY`,
            :data:`PROMISED` or :data:`END_OF_DAY`.
        amount: hours or working days (for BY_COMPLEXITY: the simple complaint's hours).
        complex_amount: BY_COMPLEXITY only: the complex complaint's hours.
    """

    kind: str
    amount: int = 0
    complex_amount: int = 0


RELAY = "relay"
ANSWER = "answer"
REPORT = "report"
VERIFY = "verify"
PLAN = "plan"
CONFIRM = "confirm"
EXECUTE = "execute"
SUMMARY = "summary"
CALLBACK_STAGE = "callback"

#: Stage key → what the desk does, as a button label (``N_``).
STAGE_LABELS: dict[str, str] = {
    RELAY: N_("Relay to the department head"),
    ANSWER: N_("Answer the customer"),
    REPORT: N_("Handling report back"),
    VERIFY: N_("Verify"),
    PLAN: N_("Plan the solution"),
    CONFIRM: N_("Customer confirms"),
    EXECUTE: N_("Carry out"),
    SUMMARY: N_("Summary report"),
    CALLBACK_STAGE: N_("Call the customer back"),
}


@dataclass(frozen=True)
class Stage:
    """One step of a preset.

    Attributes:
        key: stage key (:data:`STAGE_LABELS`).
        owner: who acts, English ``N_`` text.
        limit: how long the stage may take from the moment it starts.
        source: the seed line it comes from.
        optional: skipped when the complaint was answered on the spot (000:304 applies only to complaints that
            could not be answered then).
    """

    key: str
    owner: str
    limit: Limit
    source: str
    optional: bool = False

    @property
    def label(self) -> str:
        """The stage's ``N_`` label."""
        return STAGE_LABELS[self.key]


@dataclass(frozen=True)
class Preset:
    """A rule set: stages in order and an overall limit from receipt.

    Attributes:
        key: ``seed000`` or ``seed004``.
        label: ``N_`` text for Settings.
        stages: in order; the last is always the callback.
        final: the overall limit counted from receipt (000:409: result within 5 working days), or None.
    """

    key: str
    label: str
    stages: tuple[Stage, ...]
    final: Limit | None = None

    def stage(self, key: str) -> Stage:
        """The stage ``key`` of this preset.

        Raises:
            KeyError: the preset has no such stage.
        """
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    def keys(self) -> tuple[str, ...]:
        """The stage keys in order."""
        return tuple(stage.key for stage in self.stages)


SEED_000 = Preset(
    key="seed000",
    label=N_("Seed 000: relay at once, answer in 2 h / 24 h, report next working day, callback in 24 h"),
    stages=(
        # 000:163 "及时转述给…主管", 000:233 "在第一时间": relay at once.
        Stage(RELAY, N_("Complaint-hotline officer"), Limit(IMMEDIATE), "000:163, 233"),
        # 000:304: cannot answer on the spot → a clear answer within 2 h (simple) / 24 h (complex).
        Stage(ANSWER, N_("Department head"), Limit(BY_COMPLEXITY, 2, 24), "000:304", optional=True),
        # 000:165: the handler's report (F07) reaches 人力公关部 the next day (翌日).
        Stage(REPORT, N_("Handler"), Limit(WORKING_DAYS, 1), "000:164-165"),
        # 000:409: complaint callback within 24 h.
        Stage(CALLBACK_STAGE, N_("HR & PR department"), Limit(CLOCK_HOURS, 24), "000:165, 409"),
    ),
    # 000:409: the result given within 5 working days.
    final=Limit(WORKING_DAYS, 5),
)

SEED_004 = Preset(
    key="seed004",
    label=N_("Seed 004: verify in 2 working days, plan in 1, customer confirms, summary in 3"),
    stages=(
        Stage(VERIFY, N_("Supervisor or specialist"), Limit(WORKING_DAYS, 2), "004:150-156"),
        Stage(PLAN, N_("Supervisor"), Limit(WORKING_DAYS, 1), "004:158-164"),
        # 004:166-170 即时反馈; the customer signs or confirms online.
        Stage(CONFIRM, N_("Front-line agent"), Limit(END_OF_DAY), "004:166-170"),
        # 004:172-178 按承诺时限 (refund 24 h, exchange shipped 48 h).
        Stage(EXECUTE, N_("Logistics or finance"), Limit(PROMISED, 24), "004:172-178"),
        # 004:180-190 《投诉处理总结报告》 within 3 working days.
        Stage(SUMMARY, N_("Supervisor"), Limit(WORKING_DAYS, 3), "004:180-190"),
        # [design] 004 has no callback; the reopen rule of 000:165 needs one: 24 h as 000:409.
        Stage(CALLBACK_STAGE, N_("Front-line agent"), Limit(CLOCK_HOURS, 24), "000:165, 409 [design]"),
    ),
)

PRESETS: dict[str, Preset] = {SEED_000.key: SEED_000, SEED_004.key: SEED_004}
DEFAULT_PRESET = SEED_000.key


def preset(key: str) -> Preset:
    """The preset ``key`` (the default one for an unknown key, so old data still opens)."""
    return PRESETS.get(key, PRESETS[DEFAULT_PRESET])


# ---- deadlines ------------------------------------------------------------------------------------------------


def due_for(
    limit: Limit,
    start: datetime,
    calendar: WorkCalendar,
    *,
    complexity: str = SIMPLE,
    promised: datetime | None = None,
) -> datetime:
    """The moment a stage with ``limit`` that starts at ``start`` is due.

    Args:
        limit: the stage's limit.
        start: when the stage starts (the previous stage's completion, or receipt).
        calendar: the office's working calendar (working-day limits).
        complexity: :data:`SIMPLE` or :data:`COMPLEX` (BY_COMPLEXITY limits).
        promised: the moment promised to the customer (PROMISED limits).
    """
    if limit.kind == IMMEDIATE:
        return start + timedelta(minutes=IMMEDIATE_MINUTES)
    if limit.kind == CLOCK_HOURS:
        return start + timedelta(hours=limit.amount)
    if limit.kind == BY_COMPLEXITY:
        hours = limit.complex_amount if complexity == COMPLEX else limit.amount
        return start + timedelta(hours=hours)
    if limit.kind == PROMISED:
        return promised if promised is not None else start + timedelta(hours=limit.amount)
    if limit.kind == WORKING_DAYS:
        return calendar.add_working_days(start, limit.amount)
    if limit.kind == END_OF_DAY:
        intervals = calendar.working_intervals(start.date())
        if intervals and start < intervals[-1][1]:
            return intervals[-1][1]
        return calendar.add_working_days(start, 1)
    raise ValueError(f"unknown limit kind {limit.kind!r}")


def first_stage(rules: Preset, *, answered_on_spot: bool = False) -> str:
    """The stage a new complaint waits for."""
    return _pending(rules, rules.keys(), answered_on_spot)[0]


def next_stage(rules: Preset, current: str, *, answered_on_spot: bool = False) -> str | None:
    """The stage after ``current``, or None after the callback (the outcome decides then).

    Raises:
        KeyError: ``current`` is not a stage of ``rules``.
    """
    keys = rules.keys()
    index = keys.index(current) if current in keys else -1
    if index < 0:
        raise KeyError(current)
    following = _pending(rules, keys[index + 1 :], answered_on_spot)
    return following[0] if following else None


def _pending(rules: Preset, keys: Iterable[str], answered_on_spot: bool) -> list[str]:
    return [key for key in keys if not (answered_on_spot and rules.stage(key).optional)]


def final_due(rules: Preset, received_at: datetime, calendar: WorkCalendar) -> datetime | None:
    """The overall deadline counted from receipt (000:409: result within 5 working days), or None."""
    if rules.final is None:
        return None
    return due_for(rules.final, received_at, calendar)


def quick_answer_due(received_at: datetime, complexity: str = SIMPLE) -> datetime:
    """The end of the quick-answer time: 2 h for a simple complaint, 24 h for a complex one (000:304).

    A complaint still open after it "cannot be solved quickly" and gets a progress callback every 2 days
    (001:1686); every preset uses seed 000's limit here, seed 004 names none.
    """
    limit = SEED_000.stage(ANSWER).limit
    hours = limit.complex_amount if complexity == COMPLEX else limit.amount
    return received_at + timedelta(hours=hours)


def after_callback(outcome: str) -> str:
    """The status a callback ``outcome`` leads to: satisfied → closed, otherwise reopened (000:165).

    Raises:
        ValueError: an unknown outcome.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown callback outcome {outcome!r}")
    return CLOSED if outcome == SATISFIED else REOPENED


def outcome_from_satisfaction(satisfaction: str | None) -> str | None:
    """The complaint callback outcome for the callback book's satisfaction tick (F04: satisfied / average /
    not satisfied): only "satisfied" closes the complaint (000:165 满意 → 结束; anything less is a new entry).
    None when nothing was ticked."""
    if not satisfaction:
        return None
    return SATISFIED if satisfaction == "satisfied" else DISSATISFIED


# ---- escalation -----------------------------------------------------------------------------------------------

ESCALATE = "complaint_escalate"
NOTIFY_MANAGER = "notify_manager"
CHASE_HEAD = "chase_head"
# Issue 6: a deadline passed → on the Today board and to the manager; 000:163 responsibility is pursued.
ESCALATE_MESSAGE = N_(
    "This complaint is past its deadline. Chase the department head and tell the manager: the seed holds "
    "whoever could not be reached responsible."
)


def escalation(*, due: datetime, now: datetime, final: datetime | None = None) -> Reminder | None:
    """A reminder to chase the head and tell the manager once the stage or the overall deadline has passed.

    Returns:
        An :data:`ESCALATE` reminder due at the earlier deadline that passed, or None while both are ahead.
    """
    passed = [moment for moment in (due, final) if moment is not None and now > moment]
    if not passed:
        return None
    return Reminder(
        kind=ESCALATE, due=min(passed), message=ESCALATE_MESSAGE, actions=(CHASE_HEAD, NOTIFY_MANAGER)
    )


#: Words that show strong dissatisfaction in a rating's comments (000:47 言语中体现极度不满情绪); a hint only,
#: the desk decides.
STRONG_WORDS: tuple[str, ...] = (
    "极度不满",
    "非常不满",
    "很不满意",
    "非常差",
    "太差",
    "投诉",
    "气愤",
    "愤怒",
    "无法接受",
    "terrible",
    "unacceptable",
    "furious",
    "disgusted",
    "worst",
    "complain",
)
#: A score this low (ratio) on either dimension also suggests a complaint [design].
LOW_SCORE = -0.2


def looks_like_complaint(comments: str, scores: Iterable[float | None] = ()) -> bool:
    """Whether a rating reads like strong dissatisfaction (000:47), so the desk is offered "Make a complaint"."""
    text = (comments or "").lower()
    if any(word in text for word in STRONG_WORDS):
        return True
    return any(score is not None and score <= LOW_SCORE for score in scores)
