"""Sheets read back from the PDF: size, text in both languages, font, long text, hostile text, copies."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.formspec.model import FormDef
from desktop.pdf import OfficeHeader, render_batch, render_form
from tests.pdf.reading import page_label, squeeze, text_of

A4_PORTRAIT = (595.28, 841.89)


def _values(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "number": "20260316-07-003",
        "category": "service",
        "customer_name": "张三",
        "phone": "13800138000",
        "description": "客户反映打印机卡纸。",
        "intake_by": "王五",
        "intake_date": date(2026, 3, 16),
    }
    values.update(overrides)
    return values


def _page_size(pdf: bytes, index: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_a4_portrait_with_title_labels_and_values_in_chinese(sheet_form: FormDef) -> None:
    pdf = render_form(sheet_form, _values(), lang="zh_CN", office=OfficeHeader("阳光物业服务中心"))
    assert pdf.startswith(b"%PDF")
    assert _page_size(pdf) == A4_PORTRAIT
    [page] = text_of(pdf)
    for text in (
        "测试问题处理表",
        "表单号",
        "客户姓名",
        "张三",
        "13800138000",
        "技术质量",
        "审核意见",
        "T99",
    ):
        assert text in page
    assert "2026年3月16日" in page
    assert "受理人： 王五" in page
    assert "阳光物业服务中心" in page
    assert "备注:本表由前台保存。" in page
    # The side label is written down its column one character at a time.
    assert "用\n户\n事\n件\n描\n述" in page


def test_english_print_of_the_same_record(sheet_form: FormDef) -> None:
    [page] = text_of(render_form(sheet_form, _values(), lang="en"))
    for text in (
        "Test Problem Sheet",
        "Form No.",
        "Customer name",
        "Technical",
        "Taken by: 王五",
        "16 Mar 2026",
    ):
        assert text in page
    assert "Description" in page  # rotated side label
    assert "表单号" not in page


def test_chosen_option_is_ticked(sheet_form: FormDef) -> None:
    [page] = text_of(render_form(sheet_form, _values(category="service"), lang="zh_CN"))
    assert re.search(r"技术质量\s*✓\s*服务", page)
    [blank] = text_of(render_form(sheet_form, None, lang="zh_CN"))
    assert "✓" not in blank


def test_the_font_is_embedded_and_no_builtin_cjk_font_is_used(sheet_form: FormDef) -> None:
    reader = PdfReader(io.BytesIO(render_form(sheet_form, _values(), lang="zh_CN")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for font in fonts.values():
        font = font.get_object()
        names.append(str(font["/BaseFont"]))
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # a TrueType program inside the file, not a reference
    assert names and all("WenQuanYiMicroHei" in name for name in names)
    assert not any("STSong" in name or "Helvetica" in name for name in names)


def test_blank_sheet_has_date_blanks_and_no_number(sheet_form: FormDef) -> None:
    [zh] = text_of(render_form(sheet_form, None, lang="zh_CN"))
    assert "______年____月____日" in zh
    assert "20260316" not in zh
    [en] = text_of(render_form(sheet_form, None, lang="en"))
    assert "______-____-____" in en


def test_long_description_continues_on_the_next_page_with_every_character(sheet_form: FormDef) -> None:
    cycle = "甲乙丙丁戊己庚辛壬癸"
    description = "\n".join(cycle * 10 for _ in range(50))  # 5,000 characters in 50 paragraphs
    assert len(description.replace("\n", "")) == 5000
    pdf = render_form(sheet_form, _values(description=description), lang="zh_CN")
    pages = text_of(pdf)
    assert len(pages) >= 2
    printed = "".join(char for char in squeeze("".join(pages)) if char in cycle)
    assert printed == description.replace("\n", "")
    assert any(char in pages[1] for char in cycle)
    # The signature line closes the box on the last page, the labels are repeated on the continuation.
    assert "受理人" in pages[-1] and "用\n户" in pages[-1]
    assert all(page_label("zh_CN", number, len(pages)) in page for number, page in enumerate(pages, start=1))


def test_a_single_long_paragraph_also_splits(sheet_form: FormDef) -> None:
    description = "子丑寅卯辰巳午未申酉" * 500
    pages = text_of(render_form(sheet_form, _values(description=description), lang="zh_CN"))
    assert len(pages) >= 2
    printed = "".join(char for char in squeeze("".join(pages)) if char in "子丑寅卯辰巳午未申酉")
    assert printed == description


HOSTILE = [
    "<b>bold</b>",
    "&amp;",
    '<img src="http://x/a.png">',
    "</para><para>",
    "emoji 😀 here",
    "bell\x07 null\x00 esc\x1b",
]


def test_hostile_text_prints_literally_or_cleanly_replaced(sheet_form: FormDef) -> None:
    long_run = "Ж" * 500
    description = "\n".join([*HOSTILE, long_run])
    pages = text_of(
        render_form(sheet_form, _values(description=description, customer_name="<i>x</i>"), lang="en")
    )
    text = "".join(pages)
    for literal in ("<b>bold</b>", "&amp;", '<img src="http://x/a.png">', "</para><para>", "<i>x</i>"):
        assert literal in text
    assert "emoji 😀 here" in text  # in the bundled emoji font
    assert "bell null esc" in text  # control characters are dropped
    assert "\ufffd" not in text
    assert squeeze(text).count("Ж") == 500


def test_long_unbroken_string_wraps_inside_its_box(sheet_form: FormDef) -> None:
    pdf = render_form(sheet_form, _values(description="Ж" * 500), lang="en")
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
        if "Ж" in text:
            runs.append((tm[4], text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert sum(text.count("Ж") for _, text in runs) == 500
    assert len(runs) >= 5  # several lines, none running off the page
    assert all(x < A4_PORTRAIT[0] and len(text.strip()) < 100 for x, text in runs)


def test_one_line_values_taller_than_a_page_split_with_every_character(sheet_form: FormDef) -> None:
    # Validation refuses such values (text 500, person 100 characters); the renderer must still not fail on
    # data that got past it, e.g. an old database: a signature line or a left-labelled box flows on by lines.
    name = "子丑寅卯辰巳午未申酉" * 300
    signer = "甲乙丙丁戊己庚辛壬癸" * 300
    pages = text_of(render_form(sheet_form, _values(customer_name=name, intake_by=signer), lang="zh_CN"))
    assert len(pages) >= 3
    text = squeeze("".join(pages))
    assert "".join(char for char in text if char in "子丑寅卯辰巳午未申酉") == name
    assert "".join(char for char in text if char in "甲乙丙丁戊己庚辛壬癸") == signer
    assert "2026年3月16日" in text and "审核意见" in text  # the date after the name, the rows after the box
    assert all(page_label("zh_CN", number, len(pages)) in page for number, page in enumerate(pages, start=1))


def test_a_number_too_long_for_a_qr_code_prints_without_one(sheet_form: FormDef) -> None:
    number = "号" * 3000  # a version-40 QR code holds about 2,300 bytes; this is 9,000
    pdf = render_form(sheet_form, _values(number=number), lang="zh_CN")
    assert pdf.startswith(b"%PDF") and squeeze(text_of(pdf)[0]).count("号") > 0


def test_two_copies_print_on_separate_pages_with_their_captions(two_copy_form: FormDef) -> None:
    pages = text_of(render_form(two_copy_form, _values(), lang="zh_CN"))
    assert len(pages) == 2
    assert "第一联 人力公关部留存" in pages[0] and "第二联" not in pages[0]
    assert "第二联 事业部留存" in pages[1] and "第一联" not in pages[1]
    assert all("张三" in page for page in pages)
    # Each copy is its own document: numbered within the copy.
    assert all(page_label("zh_CN", 1, 1) in page for page in pages)
    en = text_of(render_form(two_copy_form, None, lang="en"))
    assert "Copy 1 — HR copy" in en[0] and "Copy 2 — Division copy" in en[1]
    assert all("Page 1 / 1" in page for page in en)


def test_batch_puts_each_record_on_its_own_numbered_pages(sheet_form: FormDef) -> None:
    records = [_values(number=f"N-{index:03d}", customer_name=f"客户{index}") for index in range(5)]
    records[2]["description"] = "子丑寅卯辰巳午未申酉" * 200
    long_pages = len(text_of(render_form(sheet_form, records[2], lang="zh_CN")))
    assert long_pages == 2
    pages = text_of(render_batch(sheet_form, records, lang="zh_CN"))
    assert len(pages) == 6
    assert "N-002" in pages[2] and "N-002" in pages[3]
    one_of_one = page_label("zh_CN", 1, 1)
    assert [one_of_one in page for page in pages] == [True, True, False, False, True, True]
    assert page_label("zh_CN", 1, 2) in pages[2] and page_label("zh_CN", 2, 2) in pages[3]
    en = text_of(render_batch(sheet_form, records[1:3], lang="en"))
    assert ["Page 1 / 1" in en[0], "Page 1 / 2" in en[1], "Page 2 / 2" in en[2]] == [True, True, True]


def test_office_header_with_logo(sheet_form: FormDef) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    office = OfficeHeader(
        "Sunshine Property Service Centre", address="1 Science Park Rd", logo=buffer.getvalue()
    )
    pdf = render_form(sheet_form, _values(), lang="en", office=office, footer_note="Printed by 王五")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert list(page.images)  # the logo
    text = page.extract_text()
    assert "Sunshine Property Service Centre" in text and "1 Science Park Rd" in text
    assert "Printed by 王五" in text


def test_same_input_same_bytes(sheet_form: FormDef) -> None:
    assert render_form(sheet_form, _values(), lang="zh_CN") == render_form(
        sheet_form, _values(), lang="zh_CN"
    )


def test_a_list_of_rows_for_a_sheet_is_refused(sheet_form: FormDef) -> None:
    with pytest.raises(TypeError, match="is a sheet"):
        render_form(sheet_form, [_values()], lang="zh_CN")
