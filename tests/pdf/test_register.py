"""Registers: a landscape table whose header repeats on every page."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from desktop.formspec.model import FormDef
from desktop.pdf import render_form
from tests.pdf.reading import page_label, squeeze, text_of


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "number": f"V{index:04d}",
            "visit_date": date(2026, 3, 16),
            "visitor_name": f"访客{index}",
            "purpose": "送文件",
            "received_by": "王五",
        }
        for index in range(1, count + 1)
    ]


def test_two_hundred_rows_repeat_the_header_on_every_page(register_form: FormDef) -> None:
    pdf = render_form(register_form, _rows(200), lang="zh_CN")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (841.89, 595.28)
    pages = text_of(pdf)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        for header in ("编号", "来访日期", "来访人姓名", "来访事由", "接待人"):
            assert header in page
        assert "测试来访登记表" in page
        assert page_label("zh_CN", number, len(pages)) in page
        assert "Page" not in page  # a Chinese print has no English chrome
    text = squeeze("".join(pages))
    assert all(f"V{index:04d}" in text for index in range(1, 201))
    assert text.index("V0001") < text.index("V0100") < text.index("V0200")


def test_blank_register_prints_empty_ruled_rows_in_english(register_form: FormDef) -> None:
    pdf = render_form(register_form, None, lang="en")
    [page] = text_of(pdf)
    for header in ("No.", "Date", "Visitor", "Purpose", "Received by", "Test Visitor Register"):
        assert header in page
    assert "Received by: ____________" in page  # signature block under the table


def test_a_very_long_cell_splits_inside_its_row(register_form: FormDef) -> None:
    rows = _rows(3)
    rows[1]["purpose"] = "甲乙丙丁戊己庚辛壬癸" * 600
    pages = text_of(render_form(register_form, rows, lang="zh_CN", title_suffix="2026年3月"))
    assert len(pages) >= 2
    assert "测试来访登记表 2026年3月" in pages[0]
    printed = "".join(char for char in squeeze("".join(pages)) if char in "甲乙丙丁戊己庚辛壬癸")
    assert printed == rows[1]["purpose"]


def test_english_headers_shrink_rather_than_break_words(register_form: FormDef) -> None:
    from dataclasses import replace

    from desktop.formspec.model import Column

    narrow = replace(register_form, columns=(*register_form.columns[:4], Column("received_by", 0.35)))
    [page] = text_of(render_form(narrow, None, lang="en"))
    assert "Received" in page.split() and "by" in page.split()


def test_record_numbers_never_wrap_in_their_column() -> None:
    """key_loan's number column (1 part in 17) is too narrow for JY20261204-001 at the table's size."""
    from desktop.formspec.loader import load_form

    numbers = [f"JY202612{day:02d}-{serial:03d}" for day in (4, 28) for serial in (1, 999)]
    rows = [{"number": number, "loan_date": date(2026, 12, 4), "borrower": "吴刚"} for number in numbers]
    for lang in ("zh_CN", "en"):
        lines = "\n".join(text_of(render_form(load_form("key_loan"), rows, lang=lang))).splitlines()
        for number in numbers:
            assert any(number in line for line in lines), f"{number} is broken across lines"


def test_a_number_too_long_for_any_column_is_set_smaller_and_still_printed() -> None:
    from desktop.formspec.loader import load_form

    number = "JY" + "2" * 38
    pdf = render_form(load_form("key_loan"), [{"number": number, "borrower": "吴刚"}], lang="en")
    assert number in squeeze(text_of(pdf)[0])


def test_names_in_other_scripts_print_in_the_bundled_fallback_fonts() -> None:
    from desktop.formspec.loader import load_form

    names = ["王芳😀", "ئابدۇرېھىم مۇھەممەت", "דוד כהן", "محمد ☎ 12"]
    rows = [{"number": f"FK{index}", "visitor_name": name} for index, name in enumerate(names)]
    pdf = render_form(load_form("visitor_register"), rows, lang="zh_CN")
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    }
    assert {"WenQuanYiMicroHei-0", "NotoSansArabic-Regular", "NotoSansHebrew-Regular", "Symbola"} <= fonts
    text = "".join(text_of(pdf))
    assert "😀" in text and "☎" in text  # copied and found as typed: the ToUnicode map names them
    assert "\ufffd" not in text
