"""Key tag label sheets: 24 to an A4 page, the label in large type, a leading skip for a used sheet."""

from __future__ import annotations

import io

from pypdf import PdfReader

from desktop.pdf.key_report import ReportTable, render_report
from desktop.pdf.tags import COLUMNS, ROWS, Tag, render_tags


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_a_sheet_holds_three_by_eight_and_a4() -> None:
    tags = [Tag(f"FDKEY:{i}:1-1-{100 + i}", f"1-1-{100 + i}", "Owner's keys") for i in range(1, 26)]
    reader = _reader(render_tags(tags))
    assert COLUMNS * ROWS == 24
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "1-1-101" in reader.pages[0].extract_text()
    assert "1-1-125" in reader.pages[1].extract_text()


def test_chinese_labels_and_skip() -> None:
    reader = _reader(render_tags([Tag("FDKEY:1", "地下车库管理室", "")], skip=23))
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text().split() == ["地下车库", "管理室"]


def test_empty_sheet_is_still_a_pdf() -> None:
    assert len(_reader(render_tags([])).pages) == 1


def test_report_prints_rows_and_an_empty_table_note() -> None:
    pdf = render_report(
        title="Key count report",
        office="Office",
        meta=[("No.", "QD-01")],
        tables=[
            ReportTable("Discrepancies", ("Key", "Found"), (2, 1), (), empty_text="None"),
            ReportTable("All", ("Key", "Found"), (2, 1), (("水泵房", "2"),)),
        ],
        signatures=("Counted by",),
    )
    text = _reader(pdf).pages[0].extract_text()
    assert "QD-01" in text and "水泵房" in text and "None" in text
