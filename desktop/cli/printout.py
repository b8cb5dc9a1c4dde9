"""``frontdesk print SLUG --blank -o FILE.pdf`` and ``frontdesk print SLUG NUMBER -o FILE.pdf``.

The language of the printout is ``--lang``, else the office's print language (Settings), else the UI language. The output path is checked
before anything is rendered, so a typo in the folder fails at once with one line rather than after the work.

The module is not called ``print.py``: importing a submodule binds its name in the package, and
``desktop.cli.print`` would shadow the builtin ``print`` inside ``desktop/cli/__init__.py``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desktop import i18n
from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.database import close_database
from desktop.services import printing, settings
from desktop.services.clock import SystemClock

from ._common import database_path, open_for, output_language, signed_in


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``print`` command."""
    parser = subparsers.add_parser(
        "print",
        help=_("save a form as PDF: blank, or filled with one record"),
        description=_(
            "Save a form as PDF: blank to fill in by hand (--blank), or filled with the record NUMBER. "
            "The global --lang chooses the language of the printout."
        ),
    )
    parser.add_argument("slug", metavar="SLUG", help=_("the form, e.g. problem_sheet"))
    parser.add_argument("number", metavar="NUMBER", nargs="?", help=_("the record number to print"))
    parser.add_argument("--blank", action="store_true", help=_("print the empty form"))
    parser.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help=_("the PDF file to write"))
    parser.set_defaults(func=run)


def _checked_output(raw: str) -> Path:
    """The output path, refused with a one-line reason when the PDF could not be written there."""
    path = Path(raw).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserError(_("{path} is a folder; give a file name ending in .pdf.").format(path=path))
    if not folder.is_dir():
        raise UserError(
            _("Cannot write {path}: the folder {folder} does not exist.").format(path=path, folder=folder)
        )
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(folder, os.W_OK):
        raise UserError(_("Cannot write {path}: permission denied.").format(path=path))
    return path


def _print_language(args: argparse.Namespace) -> str:
    """``--lang`` when given, else the office's print language (Settings), else the screens' language."""
    if getattr(args, "lang", None) or db.obj is None or db.obj.is_closed():
        return output_language(args)  # no database: a blank form printed without one
    return i18n.normalize_language(str(settings.get_setting("print.language")))


def run(args: argparse.Namespace) -> int:
    """Render the form and write the PDF; print where it went."""
    if args.blank and args.number:
        raise UserError(_("Give either --blank or a record number, not both."))
    if not args.blank and not args.number:
        raise UserError(_("Give a record number to print, or --blank for the empty form."))
    output = _checked_output(args.output)
    load_form(args.slug)  # an unknown form is reported before the database is opened
    by: int | None = None
    try:
        if args.blank:
            # The office header comes from the database when there is one; a blank prints without it too.
            if database_path(args).is_file():
                open_for(args, create=False)
            pdf = printing.print_blank(args.slug, lang=_print_language(args))
        else:
            open_for(args, create=False)
            by = signed_in(args, "record.print", command="print")
            pdf = printing.print_record(args.slug, args.number, lang=_print_language(args))
        try:
            output.write_bytes(pdf)
        except OSError as exc:
            raise UserError(
                _("Cannot write {path}: {reason}").format(path=output, reason=exc.strerror or exc)
            ) from exc
        if args.number:  # issue 9: every print of a record is in the audit trail
            printing.record_printed(
                f"{args.slug} {args.number}",
                record_type=args.slug,
                to=str(output),
                by=by,
                now=SystemClock().now(),
            )
    finally:
        close_database()
    print(_("Saved {path}").format(path=output))
    return 0
