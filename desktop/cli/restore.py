"""``frontdesk restore FILE``: put a backup in place of the database, after checking it and backing up the current one.

This is the command the damage message names, so it must work when the live database cannot be opened: the
login (when the office requires one) is then checked against the backup itself, read-only.
"""

from __future__ import annotations

import argparse

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.database import close_database, open_database_read_only
from desktop.paths import display_path
from desktop.services.clock import SystemClock
from desktop.services.restore import check_backup, restore_database

from ._common import database_path, open_for, signed_in, signed_in_read_only

PERMISSION = "database.restore"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``restore`` command."""
    parser = subparsers.add_parser(
        "restore",
        help=_("replace the database with a backup (the current one is backed up first)"),
        description=_(
            "Replace the database with a backup. The backup is checked first and a wrong file is refused "
            "without touching the database; the current database is backed up before it is replaced."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("the backup file to restore"))
    parser.set_defaults(func=run)


def _who(args: argparse.Namespace) -> int | None:
    """Log in against the live database when it opens, else against the backup (read-only)."""
    path = database_path(args)
    if path.is_file() and path.stat().st_size > 0:
        try:
            open_for(args, create=False)
        except UserError:
            pass  # damaged (the very case restore is for), foreign, newer: the backup decides who may
        else:
            return signed_in(args, PERMISSION, command="restore")
    checked = check_backup(args.file)
    open_database_read_only(checked.path, older=True)
    try:
        return signed_in_read_only(args, PERMISSION)
    finally:
        close_database()


def run(args: argparse.Namespace) -> int:
    """Restore ``args.file`` over the database the arguments name; print what happened."""
    path = database_path(args)
    try:
        by = _who(args)
        result = restore_database(args.file, db_path=path, now=SystemClock().now(), by=by)
    finally:
        close_database()
    print(
        _("Restored {path} from {file}.").format(
            path=display_path(path), file=display_path(result.restored_from)
        )
    )
    if result.safety_backup is not None:
        print(
            _("The database as it was before is kept in {file}.").format(
                file=display_path(result.safety_backup)
            )
        )
    print(
        _("Audit chain of the backup: {count} events, head {hash}").format(
            count=result.chain_events, hash=result.chain_head
        )
    )
    return 0
