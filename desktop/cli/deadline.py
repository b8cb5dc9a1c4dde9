"""``frontdesk deadline --from ISO-DATETIME (--working-hours N | --working-days N)``: the due moment.

For managers checking their calendar settings (issue 4): it prints the due moment in ISO 8601 with the local
UTC offset, counted with the office's calendar from the database (office hours, China's holidays with 调休, the
office's extra closures and working days). When a year involved has no official arrangement in the
``holidays`` package and the office has entered none, a warning goes to stderr; stdout stays one line.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.database import close_database
from desktop.services.calendar import deadline_from, years_needing_office_days
from desktop.services.clock import local_offset_iso

from ._common import open_for


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``deadline`` command."""
    parser = subparsers.add_parser(
        "deadline",
        help=_("compute a due moment in working hours or working days"),
        description=_(
            "Print the moment N working hours or N working days after a start, counted with the office's "
            "calendar (office hours, public holidays and the office's own days)."
        ),
    )
    parser.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="ISO-DATETIME",
        help=_("start moment, e.g. 2026-03-16T17:29"),
    )
    amount = parser.add_mutually_exclusive_group(required=True)
    amount.add_argument(
        "--working-hours",
        type=_non_negative_number,
        metavar="N",
        help=_("office hours to add (e.g. 2 or 1.5)"),
    )
    amount.add_argument(
        "--working-days",
        type=_positive_int,
        metavar="N",
        help=_("working days to add: due at closing time on the N-th working day after the start's day"),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the due moment; a bad start moment is one line on stderr and exit 1 (via UserError)."""
    start = parse_moment(args.start)
    open_for(args)
    try:
        due = deadline_from(start, working_hours=args.working_hours, working_days=args.working_days)
        missing = years_needing_office_days(*sorted({start.year, due.year}))
    finally:
        close_database()
    print(local_offset_iso(due))
    for year in missing:
        print(
            _(
                "frontdesk: warning: the official holidays and make-up working days of {year} are not known yet; "
                "enter the office's days for {year} in Settings."
            ).format(year=year),
            file=sys.stderr,
        )
    return 0


def parse_moment(text: str) -> datetime:
    """A start moment in ISO 8601, as office wall-clock time.

    A moment with a UTC offset is converted to this computer's local time (the office's), then the offset is
    dropped, because FrontDesk counts in naive office time.

    Raises:
        UserError: ``text`` is not an ISO 8601 date and time.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            _("{value} is not a date and time in ISO 8601 format, e.g. 2026-03-16T17:29.").format(value=text)
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment


def _non_negative_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(
            _("{value} is not a number of hours (0 or more).").format(value=text)
        )
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("{value} is not a whole number of days (1 or more).").format(value=text)
        )
    return value
