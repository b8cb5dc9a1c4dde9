"""Every shipped form prints blank in both languages: A4 in its orientation, title and labels on the page."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from desktop.formspec.loader import load_all
from desktop.formspec.model import REGISTER, FormDef
from desktop.pdf import OfficeHeader, render_form
from tests.pdf.reading import squeeze, text_of

SIZES = {"portrait": (595.28, 841.89), "landscape": (841.89, 595.28)}
FORMS = sorted(load_all().values(), key=lambda form: form.slug)


def _printed_labels(form: FormDef, lang: str) -> list[str]:
    """The labels the layout puts on paper (cells, signature lines, register columns)."""
    if form.kind == REGISTER:
        keys = [column.field for column in form.columns] or list(form.keys)
    else:
        keys = [key for row in form.rows for cell in row.cells for key in (cell.field, *cell.sign) if key]
    keys += list(form.signatures)
    return [form.field(key).label.get(lang) for key in keys]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.slug)
def test_blank_form_prints(form: FormDef, lang: str) -> None:
    pdf = render_form(form, None, lang=lang, office=OfficeHeader("阳光物业服务中心"))
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == SIZES[form.orientation]
    text = squeeze("".join(text_of(pdf)))
    assert squeeze(form.title.get(lang)) in text
    for label in _printed_labels(form, lang):
        assert squeeze(label) in text, label
    assert len(reader.pages) == max(1, len(form.copies)), "a blank form fits on one page per copy"
