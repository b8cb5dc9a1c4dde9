"""``frontdesk backup [-o FILE]``: a verified copy of the database, printed as its path."""

from __future__ import annotations

import argparse

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.paths import display_path, expand_user
from desktop.services.backup import backup_database
from desktop.services.clock import SystemClock

from ._common import open_for


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``backup`` command."""
    parser = subparsers.add_parser(
        "backup",
        help=_("copy the database to a backup file and check the copy"),
        description=_("Copy the database to a backup file and check the copy."),
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help=_("backup file (default: backups/ in the user data folder)")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Back up the database the arguments name; print where the copy is."""
    open_for(args, create=False)
    try:
        target = expand_user(args.output) if args.output else None
        path = backup_database(target, now=SystemClock().now())
    finally:
        close_database()
    print(_("Backup written to {path}").format(path=display_path(path)))
    return 0
