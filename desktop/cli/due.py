"""``frontdesk due [--at ISO-DATETIME] [--json]``: what is overdue or due by a moment, from every record kind.

The same items as the Today board (:mod:`desktop.services.reminders`), for scripts and for checking a desk
from the command line. ``--json`` prints a JSON array; each object has ``kind``, ``record_type``, ``number``,
``title``, ``due_at`` (ISO 8601 with the computer's UTC offset), ``overdue`` (bool) and ``assignee``.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop import i18n
from desktop.i18n import _
from desktop.models.database import close_database
from desktop.services.clock import SystemClock, local_offset_iso
from desktop.services.reminders import due_by

from ._common import ANYONE, open_for, signed_in
from .deadline import parse_moment


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``due`` command."""
    parser = subparsers.add_parser(
        "due",
        help=_("list what is overdue or due by a moment"),
        description=_(
            "List the callbacks, problem-sheet deadlines and other items that are overdue or due by a "
            "moment (default: now), most urgent first."
        ),
    )
    parser.add_argument(
        "--at", metavar="ISO-DATETIME", help=_("the moment to look at, e.g. 2026-03-16T17:30 (default: now)")
    )
    parser.add_argument("--json", action="store_true", help=_("print a JSON array instead of lines of text"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the items; exit 0 whether or not anything is due."""
    at = parse_moment(args.at) if args.at else SystemClock().now()
    open_for(args)
    try:
        signed_in(args, ANYONE, command="due")
        items = due_by(at)
    finally:
        close_database()
    if args.json:
        data = [
            {
                "kind": item.kind,
                "record_type": item.record_type,
                "number": item.number,
                "title": item.title,
                "due_at": local_offset_iso(item.due_at),
                "overdue": item.overdue,
                "assignee": item.assignee,
            }
            for item in items
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not items:
        sys.stdout.write(_("Nothing due.") + "\n")
        return 0
    lang = i18n.ui_language()
    for item in items:
        state = _("OVERDUE") if item.overdue else _("due")
        sys.stdout.write(
            "\t".join(
                (
                    state,
                    i18n.format_datetime(item.due_at, lang, "short"),
                    item.number,
                    item.title,
                    item.assignee,
                )
            ).rstrip("\t")
            + "\n"
        )
    return 0
