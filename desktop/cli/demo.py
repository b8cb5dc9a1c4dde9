"""``frontdesk demo``: fill a new database with the sample office, staff, customers and units."""

from __future__ import annotations

import argparse

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.paths import display_path
from desktop.services.clock import SystemClock
from desktop.services.demo import fill_demo

from ._common import ANYONE, database_path, open_for, signed_in


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo",
        help=_("fill a new, empty database with sample data"),
        description=_("Fill a new, empty database with sample data to try FrontDesk out."),
    )
    parser.add_argument(
        "--seed", type=int, default=1, help=_("random seed: the same seed gives the same data")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Fill the database named by --db, FRONTDESK_DB or the default, then print what was written."""
    existing = database_path(args).is_file() and database_path(args).stat().st_size > 0
    database = open_for(args)
    try:
        if existing:  # demo data never goes into a file with data; who asked is in its trail all the same
            signed_in(args, ANYONE, command="demo")
        summary = fill_demo(now=SystemClock().now(), seed=args.seed)
    finally:
        close_database()
    print(_("Demo data written to {path}:").format(path=display_path(database.database)))
    print(_("  office: {name}").format(name=summary.office))
    print(_("  {count} departments").format(count=summary.departments))
    print(_("  {count} staff").format(count=summary.staff))
    print(_("  {count} customers").format(count=summary.customers))
    print(_("  {count} units and places").format(count=summary.sites))
    for kind, count in summary.extra.items():
        print(_("  {count} {kind}").format(count=count, kind=_(kind)))
    return 0
