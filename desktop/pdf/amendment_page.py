"""A signed form printed as it was signed, followed by an "Amendments" page listing the corrections since.

Issue 9: a signed record is never changed; corrections are amendments. The printout therefore keeps the
original form exactly as :func:`desktop.pdf.render.render_form` prints it and appends a register-like table —
no., date, by, reason, field, old, new — one line per changed field, the amendment's own cells spanning its
lines. The page carries the same header (office, form code, record number, QR code) with the caption
"Amendments", so a loose page still says which record it belongs to. Every value arrives as display text in
the printout's language (the service formats dates and choices); this module only lays it out.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from desktop import i18n
from desktop.formspec.model import REGISTER, FormDef
from desktop.i18n import N_
from desktop.pdf.register import CELL_PAD
from desktop.pdf.render import (
    OfficeHeader,
    _build,
    _Chrome,
    _document,
    _Mark,
    _number,
    _PageInfo,
    _sheet_records,
)
from desktop.pdf.styles import FRAME, HEADER_FILL, RULE, RULE_INK, fitted, style
from desktop.pdf.text import label_markup, para_markup, plain

#: Column headers (translated in the printout's language) and relative widths.
COLUMNS: tuple[tuple[str, float], ...] = (
    (N_("No."), 0.6),
    (N_("Date"), 1.5),
    (N_("By"), 1.1),
    (N_("Reason"), 2.4),
    (N_("Field"), 1.4),
    (N_("Old value"), 2.0),
    (N_("New value"), 2.0),
)
CAPTION = N_("Amendments")
NOTE = N_(
    "The form before this page is printed as it was signed. The corrections below were recorded afterwards, "
    "each with its reason; the last one of a field is its value now."
)


@dataclass(frozen=True)
class AmendmentEntry:
    """One amendment as printed: every value already display text in the printout's language.

    Attributes:
        number: the amendment's number on this record (1, 2 …).
        when: date and time it was recorded.
        by: who recorded it.
        reason: why the signed record was corrected.
        changes: ``(field label, old, new)`` per changed field.
    """

    number: int
    when: str
    by: str
    reason: str
    changes: tuple[tuple[str, str, str], ...]


def amendment_story(entries: Sequence[AmendmentEntry], *, lang: str, width: float) -> list[Flowable]:
    """The note and the ruled table of amendments (header repeated on every page)."""
    _ = i18n.gettext_for(lang)
    total = sum(share for _label, share in COLUMNS)
    widths = [width * share / total for _label, share in COLUMNS]
    header = []
    for (label, _share), column_width in zip(COLUMNS, widths, strict=True):
        text = _(label)
        header_style = fitted("th", plain(text), column_width - 2 * CELL_PAD)
        header.append(
            Paragraph(
                label_markup(text, header_style.fontName, header_style.fontSize, column_width), header_style
            )
        )
    data: list[list[object]] = [header]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for entry in entries:
        first = len(data)
        changes = entry.changes or (("", "", ""),)
        for index, (field, old, new) in enumerate(changes):
            own = (str(entry.number), entry.when, entry.by, entry.reason) if index == 0 else ("", "", "", "")
            cells = [*own, field, old, new]
            data.append(
                [
                    Paragraph(para_markup(text), style("td_center" if column in (0, 1) else "td"))
                    for column, text in enumerate(cells)
                ]
            )
        last = len(data) - 1
        if last > first:
            spans += [("SPAN", (column, first), (column, last)) for column in range(4)]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), RULE, RULE_INK),
                ("BOX", (0, 0), (-1, -1), FRAME, RULE_INK),
                ("LINEBELOW", (0, 0), (-1, 0), FRAME * 0.8, RULE_INK),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                *spans,
            ]
        )
    )
    return [Paragraph(para_markup(_(NOTE)), style("text")), Spacer(1, 3 * mm), table]


def render_with_amendments(
    form: FormDef,
    values: Mapping[str, object],
    entries: Sequence[AmendmentEntry],
    *,
    lang: str,
    office: OfficeHeader | None = None,
    footer_note: str = "",
) -> bytes:
    """The signed record of sheet ``form`` as :func:`~desktop.pdf.render.render_form` prints it, then its amendments.

    Raises:
        TypeError: ``form`` is a register (registers are not signed per record).
    """
    if form.kind == REGISTER:
        raise TypeError(f"form {form.slug!r} is a register: amendments belong to one record")
    lang = i18n.normalize_language(lang)
    _ = i18n.gettext_for(lang)
    chrome = _Chrome(form, lang=lang, office=office, footer_note=footer_note, title=form.title.get(lang))
    buffer = io.BytesIO()
    doc, width, frame_height = _document(form, buffer, chrome)
    story = _sheet_records(form, [values], lang, width, frame_height)
    group = len(form.copies) or 1  # each copy of the form counts its own pages; the amendments theirs
    story += [
        PageBreak(),
        _Mark(_PageInfo(group, _number(values), _(CAPTION))),
        *amendment_story(entries, lang=lang, width=width),
    ]
    _build(doc, story, lang)
    return buffer.getvalue()
