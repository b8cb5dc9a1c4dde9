"""Amending a signed problem sheet: corrected values checked like the entry form, printed on an Amendments page."""

from __future__ import annotations

import io
import os
from pathlib import Path

import peewee
import pytest
from pypdf import PdfReader

from desktop import i18n
from desktop.errors import ValidationError
from desktop.services import amendments, printing, sheets
from desktop.services.sheet_frozen import SLUG
from tests.services.sheet_fixtures import NOW, People, make_people, sheet_values

LATER = NOW.replace(day=18, hour=14, minute=5)


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> People:
    i18n.set_ui_language("en")
    return make_people()


@pytest.fixture
def signed(people: People) -> sheets.SheetRow:
    row = sheets.file_sheet(sheet_values(), by=people.operator, now=NOW)
    amendments.mark_signed_copy_received(SLUG, row.id, by=people.operator, now=NOW)
    return row


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"mobile": "abc"}, {"mobile": "Phone (mobile): abc is not a valid phone number."}),
        ({"customer_name": ""}, {"customer_name": "Customer name is required."}),
        ({"site": "x" * 201}, {"site": "Customer's site is longer than 200 characters."}),
        ({"category": "weather"}, {"category": "weather is not one of the problem categories in Settings."}),
    ],
)
def test_corrected_values_are_checked_like_the_entry_form(
    people: People, signed: sheets.SheetRow, changes: dict[str, str], errors: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        amendments.amend(SLUG, signed.id, changes, reason="客户来电更正", by=people.head, now=LATER)
    assert caught.value.errors == errors
    assert amendments.amendments(SLUG, signed.id) == []


def test_only_the_changed_fields_are_checked(people: People, signed: sheets.SheetRow) -> None:
    # The unchanged office phone stays as signed even if it would not pass today.
    row = amendments.amend(
        SLUG, signed.id, {"mobile": "13900139000", "office_phone": "0755-86001234"}, reason="号码记错",
        by=people.head, now=LATER,
    )  # fmt: skip
    assert row.changes == {"mobile": ("13800138000", "13900139000")}


def test_a_sheet_with_amendments_prints_them_on_their_own_page(
    people: People, signed: sheets.SheetRow, tmp_path: Path
) -> None:
    plain = printing.print_record(SLUG, signed.number, lang="en")
    amendments.amend(
        SLUG, signed.id, {"mobile": "13900139000", "site": "招商银行科技园支行"}, reason="客户来电更正地址和电话",
        by=people.head, now=LATER,
    )  # fmt: skip
    amendments.amend(
        SLUG, signed.id, {"description": "ATM吞卡,已取回"}, reason="补充", by=people.manager, now=LATER
    )
    for lang in ("en", "zh_CN"):
        data = printing.print_record(SLUG, signed.number, lang=lang)
        if os.environ.get("FRONTDESK_KEEP_PDF"):
            Path(os.environ["FRONTDESK_KEEP_PDF"], f"amended-{lang}.pdf").write_bytes(data)
        pages = pdf_text(data)
        original = pdf_text(printing.print_record(SLUG, signed.number, lang=lang))[: len(pages) - 1]
        assert pages[:-1] == original  # the form is printed as it was signed …
        last = " ".join(pages[-1].split())
        assert "13800138000" in pages[0] and "13900139000" not in "".join(pages[:-1])
        assert (
            "13900139000" in last and "客户来电更正地址和电话" in last and "刘洋" in last and "周明" in last
        )
        if lang == "en":
            assert len(pages) == len(pdf_text(plain)) + 1  # … and one page of amendments follows
            for word in (
                "Amendments",
                "Reason",
                "Old value",
                "New value",
                "Phone (mobile)",
                "Customer's site",
            ):
                assert word in last
