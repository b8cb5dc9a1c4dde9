"""A key count report (定期清点 with its discrepancy report): heading lines, a table of key sets, signatures.

seed 001:2112, 2118 "定期钥匙数量核对无误": the dedicated keeper counts the keys regularly and records it. The seed
gives no form for the count, so this is a plain report in the house styles rather than a form definition: the
keys counted with expected and found numbers, the differences first in their own table, and the counters'
signatures. Pure: the caller passes translated texts and the rows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.pdf.styles import FRAME, HEADER_FILL, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, RULE, RULE_INK, style
from desktop.pdf.text import para_markup


@dataclass(frozen=True)
class ReportTable:
    """One table of the report: an optional heading, column titles, relative widths and the rows (text)."""

    heading: str
    columns: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = ""


def render_report(
    *,
    title: str,
    office: str,
    meta: Sequence[tuple[str, str]],
    tables: Sequence[ReportTable],
    signatures: Sequence[str],
) -> bytes:
    """The report as A4 portrait PDF bytes.

    Args:
        title: printed centred at the top.
        office: the office name above the title ("" for none).
        meta: label → value lines under the title (number, date, who counted).
        tables: the tables in order.
        signatures: one signature line per label at the end.
    """
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
    )
    width = A4[0] - 2 * MARGIN_X
    story: list = []
    if office:
        story.append(Paragraph(para_markup(office), style("office")))
    story += [Paragraph(para_markup(title), style("title")), Spacer(1, 4 * mm)]
    for label, value in meta:
        story.append(Paragraph(f"{para_markup(label)}: {para_markup(value)}", style("text")))
    for table in tables:
        story.append(Spacer(1, 5 * mm))
        if table.heading:
            story += [Paragraph(para_markup(table.heading), style("label")), Spacer(1, 1.5 * mm)]
        if not table.rows and table.empty_text:
            story.append(Paragraph(para_markup(table.empty_text), style("notes")))
            continue
        total = sum(table.widths)
        data = [[Paragraph(para_markup(column), style("th")) for column in table.columns]]
        data += [[Paragraph(para_markup(cell), style("td")) for cell in row] for row in table.rows]
        grid = Table(data, colWidths=[width * w / total for w in table.widths], repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), RULE, RULE_INK),
                    ("BOX", (0, 0), (-1, -1), FRAME, RULE_INK),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(grid)
    if signatures:
        story.append(Spacer(1, 12 * mm))
        cells = [Paragraph(f"{para_markup(label)}: ______________", style("text")) for label in signatures]
        story.append(Table([cells], colWidths=[width / len(cells)] * len(cells)))
    doc.build(story)
    return buffer.getvalue()
