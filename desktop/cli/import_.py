"""``frontdesk import SLUG FILE``: add the rows of a .csv or .xlsx file to one form's records.

The first row must hold field keys (``frontdesk forms --fields SLUG``). Every row is checked before anything
is written: one bad row refuses the whole file and the message lists each problem by line number. The module
is called ``import_`` because ``import`` is a Python keyword; the command is ``import``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.paths import display_path
from desktop.services.clock import SystemClock
from desktop.services.import_export import import_records

from ._common import open_for


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` command."""
    parser = subparsers.add_parser(
        "import",
        help=_("import records from .csv or .xlsx"),
        description=_(
            "Add the rows of a .csv (UTF-8) or .xlsx file to form SLUG's records. The first row holds field "
            "keys. If any row is wrong, nothing is imported and every problem is listed by line."
        ),
    )
    parser.add_argument("slug", metavar="SLUG", help=_("the form, as listed by: frontdesk forms"))
    parser.add_argument("file", metavar="FILE", help=_("the .csv or .xlsx file to read"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import and print how many records were added."""
    open_for(args)
    try:
        count = import_records(args.slug, Path(args.file), by=None, now=SystemClock().now())
    finally:
        close_database()
    print(_("{count} records imported from {file}").format(count=count, file=display_path(args.file)))
    return 0
