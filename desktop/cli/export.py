"""``frontdesk export SLUG -o FILE.csv|FILE.xlsx``: every record of one form to a spreadsheet.

The columns are the form's field keys; ``frontdesk import`` reads the same file back. The export is recorded
in the audit trail. Prints the number of rows written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.paths import display_path
from desktop.services.clock import SystemClock
from desktop.services.import_export import export_records

from ._common import open_for, signed_in


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export",
        help=_("export a form's records to .csv or .xlsx"),
        description=_(
            "Write every record of form SLUG to a .csv (UTF-8, opens in Excel) or .xlsx file; "
            "the first row holds the field keys."
        ),
    )
    parser.add_argument("slug", metavar="SLUG", help=_("the form, as listed by: frontdesk forms"))
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("the .csv or .xlsx file to write")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export and print how many rows were written."""
    open_for(args)
    try:
        by = signed_in(args, "data.export", command="export")
        count = export_records(args.slug, Path(args.output), by=by, now=SystemClock().now())
    finally:
        close_database()
    print(_("{count} records written to {file}").format(count=count, file=display_path(args.output)))
    return 0
