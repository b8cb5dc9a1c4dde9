"""Printing use-cases: a blank form, one record, or a register's rows as PDF bytes.

The services gather what the renderer needs — the definition, the record's values from its store, the office
header from the database — and hand it to :func:`desktop.pdf.render.render_form`, a pure function. reportlab
is imported only when something is printed: every services module is imported when the record stores are
discovered, and that should not cost the font registration.

Rendering reads and never writes, so it takes no ``by``/``now``. Every printout carries the audit chain head in
small type in its footer (:func:`footer_note`, issue 9), so a paper copy can be matched with the trail; the
moment a printout actually goes to a printer or a file, the caller records it with :func:`record_printed`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import peewee

from desktop import i18n
from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.formspec.model import REGISTER, FieldDef, FormDef
from desktop.formspec.types import display_value, parse_field
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.services import amendments, audit
from desktop.services.authz import requires

if TYPE_CHECKING:
    from desktop.pdf.amendment_page import AmendmentEntry
    from desktop.pdf.render import OfficeHeader


#: The footer line naming the audit chain head, in the printout's language: an anchor of the trail in short
#: form (``1257:3f2a9c1b7d0e``, events and the head's first digits) that ``audit verify --printed`` checks.
CHAIN_NOTE = N_("Audit chain {anchor}")


def footer_note(lang: str) -> str:
    """The small footer text of every printout: the audit chain head now (empty without a database)."""
    if db.obj is None or db.obj.is_closed():
        return ""
    try:
        head = audit.chain_head()
    except peewee.OperationalError:
        return ""  # a database too old to have the trail
    return i18n.gettext_for(lang)(CHAIN_NOTE).format(anchor=head.anchor_text)


@requires("record.print")
def record_printed(
    title: str,
    *,
    record_type: str = "printout",
    record_id: int | None = None,
    to: str = "",
    by: int | None,
    now: datetime,
) -> None:
    """Record in the audit trail that a printout went to a printer or a file.

    Args:
        title: what was printed, as the preview names it (form title and number).
        record_type: the record kind when one record was printed, else ``"printout"``.
        record_id: that record's id, when known.
        to: ``"printer"``, or the file it was saved to.

    Without an open database (a blank form printed from a bare preview) there is no trail to write to.
    """
    if db.obj is None or db.obj.is_closed():
        return
    with db.atomic():
        audit.record_event(
            action=audit.PRINT,
            record_type=record_type,
            record_id=record_id,
            summary=f"{title} -> {to}" if to else title,
            by=by,
            now=now,
        )


def office_header() -> OfficeHeader | None:
    """The office as printed at the top of forms, or None before it is set up or without a database."""
    from desktop.pdf.render import OfficeHeader

    try:
        from desktop.services import office
    except ImportError:  # pragma: no cover - the office service is part of the app; tolerate a trimmed build
        return None
    if db.obj is None:
        return None  # no database open: a blank form printed from the command line without one
    try:
        row = office.get_office()
    except peewee.OperationalError:
        return None  # a database too old to have the office table still prints
    if row is None or not row.name:
        return None
    return OfficeHeader(name=row.name, address=row.address or "", phone=row.phone or "", logo=row.logo)


def print_blank(slug: str, *, lang: str) -> bytes:
    """The empty form ``slug`` to fill in by hand, in ``lang``.

    Raises:
        UnknownFormError: there is no such form.
    """
    from desktop.pdf.render import render_form

    form = load_form(slug)
    return render_form(form, None, lang=lang, office=office_header(), footer_note=footer_note(lang))


def print_record(slug: str, number: str, *, lang: str) -> bytes:
    """Record ``number`` of form ``slug`` filled in, in ``lang``.

    A sheet prints every copy (联) of the form; a register prints its page with that one line, the header, the
    signature lines and the notes, the record's number and QR code at the top as on a sheet.

    Raises:
        UnknownFormError: there is no such form.
        UserError: the form keeps no records, or none has that number.
    """
    from desktop.pdf.render import render_form
    from desktop.services.records import get_store, keeps_records, printed_values

    form = load_form(slug)
    store = get_store(slug)
    title = form.title.get(i18n.ui_language())
    if not keeps_records(slug):
        raise UserError(
            _("{form} is counted, not kept record by record: print it for a month or a quarter.").format(
                form=title
            )
        )
    values = printed_values(store, number, lang=lang)
    if values is None:
        raise UserError(_("There is no {form} numbered {number}.").format(form=title, number=number))
    if form.kind == REGISTER:
        return render_form(
            form,
            [values],
            lang=lang,
            office=office_header(),
            footer_note=footer_note(lang),
            number=str(values.get("number") or number),
        )
    entries = amendment_entries(form, number, lang=lang)
    if entries:
        # issue 9: the form stays as it was signed; its corrections follow on their own page.
        from desktop.pdf.amendment_page import render_with_amendments

        return render_with_amendments(
            form, values, entries, lang=lang, office=office_header(), footer_note=footer_note(lang)
        )
    return render_form(form, values, lang=lang, office=office_header(), footer_note=footer_note(lang))


def amendment_entries(form: FormDef, number: str, *, lang: str) -> list[AmendmentEntry]:
    """The amendments of record ``number`` as printed in ``lang`` (empty when it has none)."""
    from desktop.pdf.amendment_page import AmendmentEntry

    entries = []
    for row in amendments.amendments_of_number(form.slug, number):
        changes = []
        for key, (old, new) in row.changes.items():
            field = form.field(key) if form.has_field(key) else None
            label = field.label.get(lang) if field is not None else key
            changes.append((label, _amended_value(field, old, lang), _amended_value(field, new, lang)))
        entries.append(
            AmendmentEntry(
                number=row.number,
                when=i18n.format_datetime(row.amended_at, lang, "short"),
                by=row.amended_by_name,
                reason=row.reason,
                changes=tuple(changes),
            )
        )
    return entries


def _amended_value(field: FieldDef | None, value: object, lang: str) -> str:
    """An old or new value as JSON kept it (dates as ISO text, choices as keys), shown as the form shows it."""
    if value in (None, ""):
        return "—"
    if field is None:
        return str(value)
    try:
        typed = parse_field(field, value) if isinstance(value, str) else value
        return display_value(field, typed, lang) or "—"
    except (UserError, KeyError, TypeError, ValueError, AttributeError):
        return str(value)  # a key no longer in the definition (a category renamed in Settings) prints as kept


def print_register(
    slug: str, rows: Sequence[Mapping[str, object]], *, lang: str, title_suffix: str = ""
) -> bytes:
    """A register ``slug`` printed with ``rows`` (already selected and sorted by the caller).

    Args:
        slug: a form of kind register.
        rows: one dict of field key → value per line.
        lang: language of the printout.
        title_suffix: appended to the title, e.g. the period "2026年3月".

    Raises:
        UnknownFormError: there is no such form.
        ValueError: the form is a sheet, not a register (a programming error).
    """
    from desktop.pdf.render import render_form

    form = load_form(slug)
    if form.kind != REGISTER:
        raise ValueError(f"form {slug!r} is a sheet, not a register")
    return render_form(
        form,
        list(rows),
        lang=lang,
        office=office_header(),
        title_suffix=title_suffix,
        footer_note=footer_note(lang),
    )


def print_period(slug: str, start: date, end: date, *, lang: str, now: datetime) -> bytes:
    """Register ``slug`` for the days ``start`` … ``end``: the lines the app's "Print register" prints.

    The period is printed under the title (:func:`period_title`).

    Raises:
        UnknownFormError: there is no such form.
        UserError: the form keeps no records, is not printed by period (a sheet), the period is reversed, or
            nothing was recorded in it (an empty register is not worth a sheet of paper).
    """
    from desktop.services.records import PeriodRegister, get_store

    form = load_form(slug)
    store = get_store(slug)
    title = form.title.get(i18n.ui_language())
    if not isinstance(store, PeriodRegister):
        raise UserError(
            _("{form} is printed one record at a time: give the record's number.").format(form=title)
        )
    if end < start:
        raise UserError(
            _("The period ends ({end}) before it starts ({start}).").format(
                start=start.isoformat(), end=end.isoformat()
            )
        )
    rows = store.period_rows(start, end, now=now, lang=lang)
    if not rows:
        raise UserError(
            _("Nothing to print: {form} has no lines from {start} to {end}.").format(
                form=title, start=start.isoformat(), end=end.isoformat()
            )
        )
    return print_register(slug, rows, lang=lang, title_suffix=period_title(start, end, lang))


def period_title(start: date, end: date, lang: str) -> str:
    """The period printed under a register's title: "2026年3月" / "March 2026" for a whole month,
    "2026年第1季度" / "Q1 2026" for a quarter, the day, or "from – to"."""
    from babel.dates import format_skeleton

    locale = i18n.babel_locale(lang)
    if start == end:
        return i18n.format_date(start, lang, length="long")
    following = end + timedelta(days=1)
    if start.day == 1 and following.day == 1:
        months = (following.year - start.year) * 12 + following.month - start.month
        if months == 1:
            return str(format_skeleton("yMMMM", start, locale=locale))
        if months == 3 and start.month % 3 == 1:
            return str(format_skeleton("yQQQ", start, locale=locale))
    return f"{i18n.format_date(start, lang)} – {i18n.format_date(end, lang)}"


def unprintable_characters(text: str) -> list[str]:
    """The characters of ``text`` no bundled font has: they print as their name in brackets (issue 13).

    For the entry dialog's warning; the record keeps the text as typed.
    """
    from desktop.pdf.text import unprintable

    return unprintable(text)


def printed_name(char: str) -> str:
    """How a character no bundled font has prints: ``[melting face]``."""
    from desktop.pdf.text import char_label

    return char_label(char)


def save_pdf(pdf: bytes, path: Path) -> None:
    """Write ``pdf`` to ``path`` whole or not at all: a temporary file beside it, flushed, then renamed.

    A full disk or a killed process leaves the earlier file (or none), never a half-written or empty PDF.

    Raises:
        UserError: the file cannot be written (the reason as the system gave it).
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
