"""Sheets: a record laid out as the paper original's grid of ruled boxes.

Each layout row of the definition becomes one :class:`~desktop.pdf.boxrow.BoxRow`; this module turns cells
into boxes (label placement, the value's flowables, blanks and signature lines), squeezes ``min_height`` a
little when only that pushes a one-page form onto a second page, and adds the signature block and notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop import i18n
from desktop.formspec.model import Cell, FieldDef, FormDef
from desktop.pdf import cells
from desktop.pdf.boxrow import Box, BoxRow
from desktop.pdf.flowables import OptionList
from desktop.pdf.styles import style
from desktop.pdf.text import para_markup

#: A long-text box with no ``min_height`` left blank for handwriting gets this much room.
BLANK_LONG_HEIGHT = 28 * mm

_BIG = 1e6
_LONG_TYPES = ("multiline",)
_CHOICE_TYPES = ("choice", "checkboxes", "bool")


def sheet_story(
    form: FormDef, values: Mapping[str, object] | None, *, lang: str, width: float, frame_height: float
) -> list[Flowable]:
    """The flowables of one copy of a sheet: the rows of boxes, the signature block and the notes."""
    rows: list[BoxRow] = []
    for index, row in enumerate(form.rows):
        spans = sum(cell.span for cell in row.cells) or 1
        total = max(spans, form.grid_columns)
        boxes = [_box(form, cell, values, lang, width * cell.span / total) for cell in row.cells]
        if spans < total:  # an incomplete row still closes the grid on the right
            boxes[-1] = replace(boxes[-1], width=boxes[-1].width + width * (total - spans) / total)
        rows.append(
            BoxRow(
                boxes,
                lang=lang,
                frame_height=frame_height,
                top_heavy=index == 0,
                bottom_heavy=index == len(form.rows) - 1,
            )
        )
    tail: list[Flowable] = []
    if form.signatures:
        tail.append(Spacer(1, 3 * mm))
        tail.append(Paragraph(sign_markup(form, form.signatures, values, lang), style("sign")))
    if form.notes:
        tail.append(Spacer(1, 2.5 * mm))
        tail.append(Paragraph(para_markup(form.notes.get(lang)), style("notes")))
    tail_height = sum(flowable.wrap(width, _BIG)[1] for flowable in tail)
    # A filled sheet needs less of the room left for handwriting than a blank one.
    _fit_to_page(rows, width, frame_height - tail_height, share=0.25 if values is None else 0.6)
    return [*rows, *tail]


def _fit_to_page(rows: list[BoxRow], width: float, room: float, *, share: float = 0.25) -> None:
    """Squeeze the boxes' ``min_height`` a little when only that room pushes a sheet onto a second page.

    ``min_height`` is room to write by hand; giving up ``share`` of it (a quarter on a blank form, more on a
    typed one, whose boxes are already filled) keeps a one-page paper form on one page. Text that genuinely
    needs more room is never squeezed: it continues on the next page instead.
    """
    heights = [row.wrap(width, _BIG)[1] for row in rows]
    excess = sum(heights) - room + 1  # a point of air against rounding
    if excess <= 0:
        return
    slacks = [height - row.natural_height() for row, height in zip(rows, heights, strict=True)]
    total_slack = sum(slacks)
    stretchy = sum(height for height, slack in zip(heights, slacks, strict=True) if slack > 0)
    if total_slack <= 0 or excess > total_slack or excess > stretchy * share:
        return
    for row, slack in zip(rows, slacks, strict=True):
        if slack > 0:
            cut = excess * slack / total_slack
            row.set_boxes([replace(box, min_height=max(0.0, box.min_height - cut)) for box in row.boxes])


def _box(form: FormDef, cell: Cell, values: Mapping[str, object] | None, lang: str, width: float) -> Box:
    min_height = (cell.min_height or 0) * mm
    sign = sign_markup(form, cell.sign, values, lang) if cell.sign else ""
    if cell.field is None:
        text = cell.text.get(lang) if cell.text else ""
        body = (Paragraph(para_markup(text), style("text")),) if text else ()
        return Box(width, "none", "", body, sign, min_height)
    field = form.field(cell.field)
    value = None if values is None else values.get(field.key)
    if values is None and field.type in _LONG_TYPES and not cell.min_height:
        min_height = BLANK_LONG_HEIGHT
    mode = cell.label if cell.label in ("left", "top", "side", "none") else "left"
    label = field.label.get(lang) if mode != "none" else ""
    body = tuple(value_flowables(field, value, lang, blank=values is None))
    ruled = values is None and field.type in _LONG_TYPES
    return Box(width, mode, label, body, sign, min_height, ruled)


def value_flowables(field: FieldDef, value: object, lang: str, *, blank: bool) -> list[Flowable]:
    """The flowables that show ``value`` of ``field`` inside its box."""
    if field.type in _CHOICE_TYPES:
        if field.type == "bool":
            _ = i18n.gettext_for(lang)
            return [OptionList([(_("Yes"), value is True), (_("No"), value is False)])]
        chosen = set() if blank else cells.selected_keys(value, field)
        return [OptionList([(option.label.get(lang), option.key in chosen) for option in field.options])]
    if field.type == "signature":
        return []  # signed by hand on paper: the box is the space
    text = cells.blank_for(field, lang) if blank else cells.display_value(value, field, lang)
    if not text:
        return []
    value_style = style("blank") if blank else style("value")
    if field.type in _LONG_TYPES:
        # One paragraph per typed line: splits across pages cheaply; an empty line keeps its space.
        return [
            Paragraph(para_markup(line), value_style) if line.strip() else Spacer(1, value_style.leading)
            for line in text.split("\n")
        ]
    return [Paragraph(para_markup(text), value_style)]


def sign_markup(form: FormDef, keys: tuple[str, ...], values: Mapping[str, object] | None, lang: str) -> str:
    """Signature line markup: ``拟案人: 张三    日期: 2026年3月16日`` or blanks to fill by hand."""
    parts = []
    for key in keys:
        field = form.field(key)
        value = None if values is None else values.get(key)
        text = "" if field.type == "signature" else cells.display_value(value, field, lang)
        if not text:
            text = cells.blank_for(field, lang) or "_" * 12
        colon = "：" if cells.is_zh(lang) else ":"
        parts.append(f"{para_markup(field.label.get(lang))}{colon} {para_markup(text)}")
    return "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;".join(parts)
