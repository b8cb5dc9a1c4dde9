"""``frontdesk restore FILE``: put a backup in place of the database, after checking it and backing up the current one."""

from __future__ import annotations

import argparse

from desktop.i18n import _
from desktop.paths import display_path
from desktop.services.clock import SystemClock
from desktop.services.restore import restore_database

from ._common import database_path


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


def run(args: argparse.Namespace) -> int:
    """Restore ``args.file`` over the database the arguments name; print what happened."""
    path = database_path(args)
    result = restore_database(args.file, db_path=path, now=SystemClock().now())
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
