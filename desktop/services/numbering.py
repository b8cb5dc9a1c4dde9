"""Gap-free record numbers: the next serial of a scheme's counter, formatted with the office's pattern.

seed 000:97: the 800 problem sheet is numbered "年月日热线负责人编号:流水号" (date + operator no. + serial); seed
002:72: complaints by year, month and a serial restarting each month. Issue 4 asks for numbers that are unique
and gap-free per period, also when two desks create a sheet at the same moment.

How that holds: :func:`next_number` increments the counter row with one upsert *inside the caller's
transaction*. The SQLite connection begins every transaction with ``BEGIN IMMEDIATE`` (see
:mod:`desktop.models.database`), so a second desk waits (busy timeout) until the first one's save commits, then
reads the incremented counter: no two saves get the same serial. A save that fails rolls back its counter
increment with it, so no serial is lost: numbers have no gaps.
"""

from __future__ import annotations

from datetime import datetime

from desktop.models.base import db
from desktop.models.counter import NumberCounter
from desktop.rules.numbering import format_number, parse_pattern, period_key


def next_number(scheme: str, *, pattern: str, operator: str = "", now: datetime) -> str:
    """Take the next serial of ``scheme`` for the period of ``now`` and return the formatted number.

    Must run inside the caller's ``db.atomic()`` block — the one that saves the numbered record — so the
    record and its serial commit or roll back together.

    Args:
        scheme: which kind of record, e.g. ``"problem_sheet"``; each scheme has its own counters.
        pattern: the office's number pattern (Settings), e.g. ``{date:%Y%m%d}-{operator}-{serial:03d}``.
        operator: the operator's number, required when the pattern shows it.
        now: the moment the record is created; picks the day/month/year counter.

    Raises:
        UserError: a bad pattern, or the pattern needs an operator's number and none is given.
        RuntimeError: called outside a transaction (a bug: the serial could be lost or duplicated).
    """
    parse_pattern(pattern)
    period = period_key(pattern, now, operator)
    if not db.in_transaction():
        raise RuntimeError("next_number() must run inside the caller's db.atomic() block")
    NumberCounter.insert(scheme=scheme, period=period, last=1).on_conflict(
        conflict_target=[NumberCounter.scheme, NumberCounter.period],
        update={NumberCounter.last: NumberCounter.last + 1},
    ).execute()
    serial = (
        NumberCounter.select(NumberCounter.last)
        .where((NumberCounter.scheme == scheme) & (NumberCounter.period == period))
        .scalar()
    )
    return format_number(pattern, moment=now, operator=operator, serial=int(serial))


def take_numbers(scheme: str, count: int, *, pattern: str, operator: str = "", now: datetime) -> list[str]:
    """Take ``count`` consecutive serials of ``scheme`` at once (an import numbering its rows): one counter
    update instead of one per record, with the same guarantees as :func:`next_number`.

    Raises:
        UserError: as :func:`next_number`.
        RuntimeError: called outside a transaction.
    """
    if count <= 0:
        return []
    parse_pattern(pattern)
    period = period_key(pattern, now, operator)
    if not db.in_transaction():
        raise RuntimeError("take_numbers() must run inside the caller's db.atomic() block")
    NumberCounter.insert(scheme=scheme, period=period, last=count).on_conflict(
        conflict_target=[NumberCounter.scheme, NumberCounter.period],
        update={NumberCounter.last: NumberCounter.last + count},
    ).execute()
    last = int(
        NumberCounter.select(NumberCounter.last)
        .where((NumberCounter.scheme == scheme) & (NumberCounter.period == period))
        .scalar()
    )
    return [
        format_number(pattern, moment=now, operator=operator, serial=serial)
        for serial in range(last - count + 1, last + 1)
    ]


def preview_number(scheme: str, *, pattern: str, operator: str = "", now: datetime) -> str:
    """The number :func:`next_number` would give now, without taking it (for Settings and the new-record form).

    Another desk may take it first; the saved record gets its number from :func:`next_number`.
    """
    period = period_key(pattern, now, operator)
    last = (
        NumberCounter.select(NumberCounter.last)
        .where((NumberCounter.scheme == scheme) & (NumberCounter.period == period))
        .scalar()
    )
    return format_number(pattern, moment=now, operator=operator, serial=int(last or 0) + 1)
