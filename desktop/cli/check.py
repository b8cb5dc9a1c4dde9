"""``frontdesk check``: is the database file sound? Prints file, schema version and integrity; exit 1 if not."""

from __future__ import annotations

import argparse

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.database import close_database, integrity_problems, schema_version
from desktop.paths import display_path

from ._common import database_path, open_for


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command."""
    parser = subparsers.add_parser(
        "check", help=_("check that the database file is sound"), description=_("Check the database file.")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the database (refusing a foreign, newer or read-only file) and run SQLite's integrity checks.

    Raises:
        UserError: the first problem found, with how many more there are.
    """
    database = open_for(args, create=False)
    try:
        problems = integrity_problems(database)
        if problems:
            raise UserError(
                _("The database {path} is damaged: {problem} ({count} problems in all).").format(
                    path=database_path(args), problem=problems[0], count=len(problems)
                )
            )
        print(_("File: {path}").format(path=display_path(database.database)))
        print(_("Schema version: {version}").format(version=schema_version(database)))
        print(_("Integrity: ok"))
    finally:
        close_database()
    return 0
