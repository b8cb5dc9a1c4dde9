"""Registers: one row per record in a ruled table whose header repeats on every page.

Columns come from the definition with relative widths. A blank register fills the first page with empty
ruled rows to write in by hand. A cell with a very long text may split inside its row (reportlab
``splitInRow``), so no row is ever too tall for a page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.formspec.model import Column, FormDef
from desktop.pdf import cells
from desktop.pdf.sheet import sign_markup
from desktop.pdf.styles import FRAME, HEADER_FILL, RULE, RULE_INK, fitted, style
from desktop.pdf.text import label_markup, para_markup, plain

#: Height of an empty row to write in by hand.
BLANK_ROW_HEIGHT = 7.5 * mm
#: Left and right padding inside a cell.
CELL_PAD = 1.5 * mm
#: Room kept under a blank register's rows for signatures and notes.
BLANK_RESERVE = 16 * mm
_CENTRED_TYPES = ("date", "datetime", "time", "number", "percentage", "bool", "choice")


def _header_cell(label: str, width: float) -> Paragraph:
    header_style = fitted("th", plain(label), width)
    return Paragraph(label_markup(label, header_style.fontName, header_style.fontSize, width), header_style)


def _columns(form: FormDef) -> tuple[Column, ...]:
    return form.columns or tuple(Column(field.key) for field in form.fields)


def register_story(
    form: FormDef,
    rows: Sequence[Mapping[str, object]] | None,
    *,
    lang: str,
    width: float,
    frame_height: float,
) -> list[Flowable]:
    """The table (then the signature block and notes) of a register; ``rows`` None prints blank rows."""
    columns = _columns(form)
    total = sum(column.width for column in columns) or 1
    widths = [width * column.width / total for column in columns]
    fields = [form.field(column.field) for column in columns]
    header = [
        _header_cell(field.label.get(lang), width - 2 * CELL_PAD)
        for field, width in zip(fields, widths, strict=True)
    ]
    data: list[list[object]] = [header]
    row_heights: list[float | None] | None = None
    if rows is None:
        _, header_height = Table([header], colWidths=widths).wrap(width, frame_height)
        count = int((frame_height - header_height - BLANK_RESERVE) // BLANK_ROW_HEIGHT)
        data += [[""] * len(columns) for _ in range(max(count, 10))]
        row_heights = [None] + [BLANK_ROW_HEIGHT] * (len(data) - 1)
    else:
        for row in rows:
            data.append(
                [
                    Paragraph(
                        para_markup(cells.display_value(row.get(field.key), field, lang)),
                        style("td_center" if field.type in _CENTRED_TYPES else "td"),
                    )
                    for field in fields
                ]
            )
    table = Table(data, colWidths=widths, rowHeights=row_heights, repeatRows=1, splitInRow=1)
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
            ]
        )
    )
    story: list[Flowable] = [table]
    if form.signatures:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(sign_markup(form, form.signatures, None, lang), style("sign")))
    if form.notes:
        story.append(Spacer(1, 2.5 * mm))
        story.append(Paragraph(para_markup(form.notes.get(lang)), style("notes")))
    return story
