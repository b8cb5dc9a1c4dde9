"""``frontdesk print SLUG (--blank | NUMBER | --from DATE --to DATE | --month YYYY-MM | --quarter YYYY-Qn)``
``(-o FILE.pdf | --printer NAME)``.

What it prints: the empty form (``--blank``); one record (``NUMBER``: a sheet with all its copies, a register's
page with that one line); or a register for a period — the lines the app's "Print register" prints, taken from
the same store function (:class:`~desktop.services.records.PeriodRegister`). The complaint-rate table (表1.3)
prints for a month or a quarter.

Where it goes: a PDF file, written whole or not at all (:func:`desktop.services.printing.save_pdf`), and/or a
printer queue. Printing goes through the app's own print path (:mod:`desktop.views.printers`: each page rendered
at the printer's resolution and painted onto a ``QPrinter``) rather than ``lp``: it is the same on Windows,
macOS and Linux, and the page that comes out is the page the Print button prints.

The language of the printout is ``--lang``, else the office's print language (Settings), else the UI language.
The output path is checked before anything is rendered, so a typo in the folder fails at once with one line.

The module is not called ``print.py``: importing a submodule binds its name in the package, and
``desktop.cli.print`` would shadow the builtin ``print`` inside ``desktop/cli/__init__.py``.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from desktop import i18n, paths
from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.database import close_database
from desktop.rules import statistics
from desktop.services import printing, records, settings
from desktop.services.clock import SystemClock

from ._common import database_path, open_for, output_language, signed_in

#: ``--printer default``: the system's default printer.
DEFAULT_PRINTER = "default"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``print`` command."""
    parser = subparsers.add_parser(
        "print",
        help=_("print a form to PDF or a printer: blank, one record, or a register for a period"),
        description=_(
            "Print a form to a PDF file (-o) or a printer (--printer): blank to fill in by hand (--blank), "
            "filled with the record NUMBER, or a register for a period (--from/--to, --month, --quarter). "
            "The global --lang chooses the language of the printout."
        ),
    )
    parser.add_argument("slug", metavar="SLUG", help=_("the form, e.g. problem_sheet"))
    parser.add_argument("number", metavar="NUMBER", nargs="?", help=_("the record number to print"))
    parser.add_argument("--blank", action="store_true", help=_("print the empty form"))
    period = parser.add_argument_group(_("a register for a period"))
    period.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day, YYYY-MM-DD"))
    period.add_argument(
        "--to", dest="date_to", metavar="DATE", help=_("last day, YYYY-MM-DD (default: today)")
    )
    period.add_argument("--month", metavar="YYYY-MM", help=_("a whole month, e.g. 2026-11"))
    period.add_argument("--quarter", metavar="YYYY-Qn", help=_("a whole quarter, e.g. 2026-Q4"))
    parser.add_argument("-o", "--output", metavar="FILE.pdf", help=_("the PDF file to write"))
    parser.add_argument(
        "--printer",
        metavar="NAME",
        help=_("send the printout to this printer queue ('default': the default printer)"),
    )
    parser.set_defaults(func=run)


def _checked_output(raw: str) -> Path:
    """The output path, refused with a one-line reason when the PDF could not be written there."""
    path = paths.expand_user(raw)
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


def _day(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise UserError(
            _("{option} {value} is not a date; write it as YYYY-MM-DD.").format(option=option, value=raw)
        ) from None


def _period_of(text: str, option: str, kind: str) -> statistics.Period:
    example = "2026-11" if kind == statistics.MONTH else "2026-Q4"
    try:
        period = statistics.parse_period(text.upper())
    except ValueError:
        period = None
    if period is None or period.kind != kind:
        raise UserError(
            _("{option} {value} is not understood; write it as {example}.").format(
                option=option, value=text, example=example
            )
        )
    return period


def period_of_args(args: argparse.Namespace, today: date) -> tuple[date, date] | None:
    """The days ``--from/--to``, ``--month`` or ``--quarter`` name (None when none is given).

    Raises:
        UserError: more than one way given, ``--to`` without ``--from``, or a date that cannot be read.
    """
    given = [
        option
        for option, value in (
            ("--from/--to", args.date_from or args.date_to),
            ("--month", args.month),
            ("--quarter", args.quarter),
        )
        if value
    ]
    if len(given) > 1:
        raise UserError(_("Give one period: {options}.").format(options=", ".join(given)))
    if args.month:
        period = _period_of(args.month, "--month", statistics.MONTH)
        return period.start, period.end
    if args.quarter:
        period = _period_of(args.quarter, "--quarter", statistics.QUARTER)
        return period.start, period.end
    if args.date_to and not args.date_from:
        raise UserError(_("Give the first day with --from as well as the last with --to."))
    if args.date_from:
        start = _day(args.date_from, "--from")
        end = _day(args.date_to, "--to") if args.date_to else today
        return start, end
    return None


def _check_what(args: argparse.Namespace, period: tuple[date, date] | None) -> None:
    """Exactly one of --blank, a record number and a period; somewhere to send it."""
    chosen = [bool(args.blank), bool(args.number), period is not None]
    if sum(chosen) > 1:
        raise UserError(
            _("Give one of --blank, a record number, or a period (--from/--to, --month, --quarter).")
        )
    if not any(chosen):
        raise UserError(
            _("Give a record number to print, a period (--from/--to, --month, --quarter), or --blank.")
        )
    if not args.output and not args.printer:
        raise UserError(_("Say where the printout goes: -o FILE.pdf, --printer NAME, or both."))


def _render(args: argparse.Namespace, period: tuple[date, date] | None) -> tuple[bytes, int | None]:
    """The PDF, and who printed it (None for a blank form, or when the office has no logins)."""
    if args.blank:
        # The office header comes from the database when there is one; a blank prints without it too.
        if database_path(args).is_file():
            open_for(args, create=False)
        return printing.print_blank(args.slug, lang=_print_language(args)), None
    if not records.has_store(args.slug):
        raise UserError(
            _("Form {slug} has no records in FrontDesk yet; it can only be printed blank.").format(
                slug=args.slug
            )
        )
    if period is None and not records.keeps_records(args.slug):
        title = load_form(args.slug).title.get(i18n.ui_language())
        raise UserError(
            _(
                "{form} is counted, not kept record by record: print it with --month YYYY-MM or --quarter YYYY-Qn."
            ).format(form=title)
        )
    open_for(args, create=False)
    by = signed_in(args, "record.print", command="print")
    lang = _print_language(args)
    if period is not None:
        start, end = period
        return printing.print_period(args.slug, start, end, lang=lang, now=SystemClock().now()), by
    return printing.print_record(args.slug, args.number, lang=lang), by


def _what_was_printed(args: argparse.Namespace, period: tuple[date, date] | None) -> str:
    if args.number:
        return f"{args.slug} {args.number}"
    if period is not None:
        return f"{args.slug} {period[0].isoformat()}..{period[1].isoformat()}"
    return f"{args.slug} blank"


def run(args: argparse.Namespace) -> int:
    """Render the printout, write the PDF and/or send it to the printer; say where it went."""
    period = period_of_args(args, SystemClock().now().date())
    _check_what(args, period)
    output = _checked_output(args.output) if args.output else None
    load_form(args.slug)  # an unknown form is reported before the database is opened
    printer = None
    if args.printer:
        from desktop.views import printers  # Qt is loaded only when a printer is asked for

        # An unknown printer is reported before anything is rendered.
        printer = printers.find_printer(None if args.printer == DEFAULT_PRINTER else args.printer)
    done: list[str] = []
    try:
        pdf, by = _render(args, period)
        if output is not None:
            printing.save_pdf(pdf, output)
            done.append(_("Saved {path}").format(path=output))
        if printer is not None:
            from desktop.views import printers

            pages = printers.print_on(pdf, printer, doc_name=_what_was_printed(args, period))
            done.append(
                _("Sent to the printer {printer} (pages: {pages})").format(printer=printer, pages=pages)
            )
        if not args.blank:  # issue 9: every print of records is in the audit trail
            targets = [str(output)] if output is not None else []
            targets += [f"printer {printer}"] if printer is not None else []
            printing.record_printed(
                _what_was_printed(args, period),
                record_type=args.slug,
                to=", ".join(targets),
                by=by,
                now=SystemClock().now(),
            )
    finally:
        close_database()
    for line in done:
        print(line)
    return 0
