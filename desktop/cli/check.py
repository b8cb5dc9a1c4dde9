"""``frontdesk check``: is the database file sound? File, schema version and integrity; exit 1 with a short list.

It never crashes on a damaged file: damage found at the door (cut off, header overwritten, pages unreadable,
saved changes missing) or by the full ``integrity_check`` is the *result*, printed as a short list with the
newest verified backup and the command that restores it.
"""

from __future__ import annotations

import argparse
import sys

from desktop.i18n import _
from desktop.models.database import (
    DamagedDatabaseError,
    close_database,
    integrity_problems,
    schema_version,
)
from desktop.paths import display_path

from ._common import damage_line, database_path, open_for

EXIT_DAMAGED = 1
#: Problems listed before "… and N more".
SHOWN = 10


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command."""
    parser = subparsers.add_parser(
        "check", help=_("check that the database file is sound"), description=_("Check the database file.")
    )
    parser.set_defaults(func=run)


def _report_damage(args: argparse.Namespace, error: DamagedDatabaseError) -> int:
    sys.stderr.write(f"frontdesk: {damage_line(args, error)}\n")
    for problem in error.details[:SHOWN]:
        sys.stderr.write(f"  - {problem}\n")
    if len(error.details) > SHOWN:
        sys.stderr.write("  " + _("… and {count} more").format(count=len(error.details) - SHOWN) + "\n")
    return EXIT_DAMAGED


def run(args: argparse.Namespace) -> int:
    """Open the database (refusing a foreign, newer or read-only file) and run SQLite's integrity checks.

    Raises:
        UserError: the file is not a FrontDesk database, is newer, or cannot be opened for another reason.
    """
    path = database_path(args)
    try:
        database = open_for(args, create=False)
    except DamagedDatabaseError as error:
        return _report_damage(args, error)
    try:
        problems = integrity_problems(database)
        if problems:
            return _report_damage(
                args,
                DamagedDatabaseError(
                    path.absolute(),
                    _("the integrity check reports {first} ({count} in all).").format(
                        count=len(problems), first=problems[0]
                    ),
                    problems,
                ),
            )
        print(_("File: {path}").format(path=display_path(database.database)))
        print(_("Schema version: {version}").format(version=schema_version(database)))
        print(_("Integrity: ok"))
    finally:
        close_database()
    return 0
