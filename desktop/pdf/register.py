"""Registers: one row per record in a ruled table whose header repeats on every page.

Columns come from the definition with relative widths. A blank register fills the first page with empty
ruled rows to write in by hand. A cell with a very long text may split inside its row (reportlab
``splitInRow``), so no row is ever too tall for a page.

Record numbers never wrap inside their column ("JY2026120|4-001" cannot be read back or scanned by eye), nor
do dates ("2026年11月28|日"): such a column is widened to its longest value, taking the room from the columns
of free text, and where that is not enough its values are set in a smaller size (down to
:data:`~desktop.pdf.styles.MIN_FIT_SIZE`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.formspec.model import Column, FieldDef, FormDef
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
#: A column of free text gives up at most this share of its width to a column of numbers.
GIVE_UP_SHARE = 0.4
#: Added to a measured number so that rounding never tips it onto a second line.
WIDTH_SLACK = 0.6


def is_number_column(field: FieldDef) -> bool:
    """Whether the column holds record numbers (its own or another form's)."""
    return field.type == "text" and (field.key == "number" or field.key.endswith("_number"))


def is_unbroken(field: FieldDef) -> bool:
    """Whether the column's values are never wrapped: record numbers, and dates ("2026年11月28|日")."""
    return is_number_column(field) or field.type == "date"


def _number_widths(
    fields: Sequence[FieldDef], widths: list[float], texts: Sequence[Sequence[str]]
) -> list[float]:
    """``widths`` with each column of numbers widened to its longest number (inner width plus padding).

    The room comes from the columns of free text (not dates, choices or other numbers), each giving up to
    :data:`GIVE_UP_SHARE` of its width in proportion; what cannot be found is left to a smaller font.
    """
    font, size = style("td").fontName, style("td").fontSize
    wanted = list(widths)
    for index, field in enumerate(fields):
        if is_unbroken(field):
            longest = max((stringWidth(row[index], font, size) for row in texts), default=0.0)
            wanted[index] = max(widths[index], longest + 2 * CELL_PAD + WIDTH_SLACK)
    needed = sum(wanted) - sum(widths)
    if needed <= 0:
        return widths
    donors = [
        index
        for index, field in enumerate(fields)
        if not is_unbroken(field) and field.type not in _CENTRED_TYPES
    ]
    available = sum(widths[index] * GIVE_UP_SHARE for index in donors)
    if available <= 0:
        return widths
    taken = min(needed, available)
    result = list(widths)
    for index in donors:
        result[index] -= widths[index] * GIVE_UP_SHARE * taken / available
    share = taken / needed
    for index in range(len(fields)):
        if wanted[index] > widths[index]:
            result[index] += (wanted[index] - widths[index]) * share
    return result


def _cell(text: str, field: FieldDef, width: float) -> Paragraph:
    style_name = "td_center" if field.type in _CENTRED_TYPES else "td"
    if is_unbroken(field):
        # Set smaller when the column could not be made wide enough for it.
        return Paragraph(para_markup(text), fitted(style_name, text, width - 2 * CELL_PAD - WIDTH_SLACK))
    cell_style = style(style_name)
    markup = para_markup(text, width=width - 2 * CELL_PAD - WIDTH_SLACK, size=cell_style.fontSize)
    return Paragraph(markup, cell_style)


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
    texts = [[cells.display_value(row.get(field.key), field, lang) for field in fields] for row in rows or ()]
    widths = _number_widths(fields, widths, texts)
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
        for row_texts in texts:
            data.append(
                [
                    _cell(text, field, column_width)
                    for text, field, column_width in zip(row_texts, fields, widths, strict=True)
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
