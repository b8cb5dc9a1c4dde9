"""``frontdesk import SLUG FILE [--allow-duplicates]``: add the rows of a .csv or .xlsx file to one form's records.

The first row must hold field keys (``frontdesk forms --fields SLUG``). A CSV may be UTF-8 (with or without the
BOM Excel's "CSV UTF-8" writes) or GB18030/GBK (Excel's plain "CSV" on a Chinese Windows). Every row is checked
before anything is written: one bad row refuses the whole file and the message lists each problem by line
number. Rows already there (same values in every column of the file) are skipped and counted, unless
``--allow-duplicates``. A long import prints a progress line per 5 % on stderr. The module is called
``import_`` because ``import`` is a Python keyword; the command is ``import``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.paths import display_path
from desktop.services.clock import SystemClock
from desktop.services.import_export import CHECKING, import_file

from ._common import open_for, signed_in

#: Share of the progress the checking of the rows takes (writing them is the slow part).
CHECKING_SHARE = 0.2
#: A progress line every this many percent.
STEP = 5
#: Files shorter than this import in a moment: no progress lines for them.
PROGRESS_FROM_ROWS = 2000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` command."""
    parser = subparsers.add_parser(
        "import",
        help=_("import records from .csv or .xlsx"),
        description=_(
            "Add the rows of a .csv (UTF-8 or GBK) or .xlsx file to form SLUG's records. The first row holds "
            "field keys. If any row is wrong, nothing is imported and every problem is listed by line. Rows "
            "already there are skipped."
        ),
    )
    parser.add_argument("slug", metavar="SLUG", help=_("the form, as listed by: frontdesk forms"))
    parser.add_argument("file", metavar="FILE", help=_("the .csv or .xlsx file to read"))
    parser.add_argument(
        "--allow-duplicates",
        action="store_true",
        help=_("import rows even when the same record is there already"),
    )
    parser.set_defaults(func=run)


class ProgressLines:
    """Writes "importing FILE: 35 %" on stderr each time the import passes another :data:`STEP` percent (for a
    file of :data:`PROGRESS_FROM_ROWS` rows or more)."""

    def __init__(self, name: str, stream: object = None) -> None:
        self.name = name
        self.stream = stream or sys.stderr
        self.shown = 0
        self.rows = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == CHECKING:
            self.rows = total
        if self.rows < PROGRESS_FROM_ROWS:
            return
        share = done / total if total else 1.0
        overall = (
            share * CHECKING_SHARE if stage == CHECKING else CHECKING_SHARE + share * (1 - CHECKING_SHARE)
        )
        percent = int(overall * 100) // STEP * STEP
        if percent <= self.shown:
            return
        self.shown = percent
        what = _("checking rows") if stage == CHECKING else _("writing rows")
        self.stream.write(  # type: ignore[attr-defined]
            _("importing {file}: {percent} % ({what}, {done} of {total})").format(
                file=self.name, percent=percent, what=what, done=done, total=total
            )
            + "\n"
        )
        self.stream.flush()  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> int:
    """Import and print how many records were added and how many were there already."""
    open_for(args)
    path = Path(args.file)
    try:
        by = signed_in(args, "data.import", command="import")
        report = import_file(
            args.slug,
            path,
            by=by,
            now=SystemClock().now(),
            allow_duplicates=args.allow_duplicates,
            progress=ProgressLines(display_path(path.name)),
        )
    finally:
        close_database()
    print(_("{count} records imported from {file}").format(count=report.added, file=display_path(args.file)))
    if report.skipped:
        print(
            report.skipped_text() + " " + _("Run the command again with --allow-duplicates to import them.")
        )
    return 0
