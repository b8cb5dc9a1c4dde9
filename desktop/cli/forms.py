"""``frontdesk forms [--fields SLUG]``: the printable forms FrontDesk knows, and the fields of one.

Tab-separated so it can be piped into ``cut``/``sort`` or a spreadsheet: ``frontdesk forms`` prints one line
per form (slug, Chinese title, English title); ``--fields SLUG`` prints one line per field (key, type, Chinese
label, English label) — the column names ``frontdesk import`` expects. No database is opened.
"""

from __future__ import annotations

import argparse

from desktop.formspec.loader import load_all, load_form
from desktop.i18n import _


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``forms`` command."""
    parser = subparsers.add_parser(
        "forms",
        help=_("list the printable forms, or the fields of one"),
        description=_("List the printable forms (slug, Chinese title, English title), tab-separated."),
    )
    parser.add_argument(
        "--fields",
        metavar="SLUG",
        help=_("list the fields of form SLUG instead (key, type, Chinese label, English label)"),
    )
    parser.set_defaults(func=run)


def _clean(text: str) -> str:
    """One cell of tab-separated output: no tabs or line breaks inside."""
    return " ".join(text.split())


def run(args: argparse.Namespace) -> int:
    """Print the list; an unknown slug is a UserError (one line on stderr, exit 1)."""
    if args.fields:
        form = load_form(args.fields)
        for field in form.fields:
            print("\t".join(_clean(text) for text in (field.key, field.type, field.label.zh, field.label.en)))
        return 0
    for slug, form in load_all().items():
        print("\t".join(_clean(text) for text in (slug, form.title.zh, form.title.en)))
    return 0
