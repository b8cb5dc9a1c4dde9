"""The entry point: a form definition, values (or None for a blank) and a language in; PDF bytes out.

A pure function: no database, no settings, no Qt. Services gather the values and the office header and call
:func:`render_form` (one record, a blank, or a register's rows) or :func:`render_batch` (many sheets in one
file). Every page gets the same chrome: the office (and its logo) top left, the form code, record number and
a QR code of the number top right, the title, and in the footer the definition's footer text, the caller's
note and "page x / y". Page numbers count within one printed copy of one record, because each copy (联) is
handed to a different department as its own document.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph

from desktop import i18n
from desktop.formspec.model import REGISTER, FormDef
from desktop.pdf import cells
from desktop.pdf.fonts import register_fonts
from desktop.pdf.register import register_story
from desktop.pdf.sheet import sheet_story
from desktop.pdf.styles import (
    FOOTER_SIZE,
    HEADER_HEIGHT,
    INK,
    LABEL_INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED_INK,
    page_size,
    style,
)
from desktop.pdf.text import para_markup, plain

QR_SIZE = 17 * mm
QR_MASK_PATTERN = 0
#: Longer numbers print without the QR code: at ``QR_SIZE`` more modules could not be scanned, and past a few
#: thousand bytes the encoder refuses outright. Record numbers are at most 40 characters (the definitions).
QR_MAX_CHARS = 80
LOGO_HEIGHT = 11 * mm


@dataclass(frozen=True)
class OfficeHeader:
    """Who the printout is from: printed top left of every page; ``logo`` is PNG/JPEG bytes."""

    name: str
    address: str = ""
    phone: str = ""
    logo: bytes | None = None


@dataclass(frozen=True)
class _PageInfo:
    """What the chrome of the pages after a mark shows."""

    group: int
    number: str
    caption: str


class _Mark(Flowable):
    """Zero-size marker: the pages from here on belong to this record/copy (read by the page chrome)."""

    def __init__(self, info: _PageInfo) -> None:
        super().__init__()
        self.info = info

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return 0, 0

    def draw(self) -> None:
        self.canv._frontdesk_page = self.info  # type: ignore[attr-defined]


class _NumberedCanvas(Canvas):
    """Defers each page until the document ends, then stamps "page x / y" counted within its group."""

    def __init__(self, *args: Any, page_label: str, font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._page_font = font
        self._pages: list[tuple[int, dict[str, Any]]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        info = getattr(self, "_frontdesk_page", None)
        self._pages.append((info.group if info else 0, dict(self.__dict__)))
        self._startPage()

    def save(self) -> None:
        totals: dict[int, int] = {}
        for group, _state in self._pages:
            totals[group] = totals.get(group, 0) + 1
        seen: dict[int, int] = {}
        for group, state in self._pages:
            self.__dict__.update(state)
            seen[group] = seen.get(group, 0) + 1
            width = self._pagesize[0]
            self.setFont(self._page_font, FOOTER_SIZE)
            self.setFillColor(MUTED_INK)
            text = self._page_label.format(page=seen[group], pages=totals[group])
            self.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 7 * mm, text)
            Canvas.showPage(self)
        Canvas.save(self)


def _make_qr(qr: Any) -> None:
    """Encode with one fixed mask pattern instead of trying all eight for the "best" one.

    Any mask decodes the same; choosing the best only lowers the penalty score a little, and trying all eight
    is most of the cost of a QR code (about 5 ms of a 15 ms sheet). Falls back to ``make()`` if reportlab's
    encoder changes shape.
    """
    try:
        if qr.version is None:
            qr.version = qr.calculate_version()
        qr.makeImpl(False, QR_MASK_PATTERN)
    except AttributeError:
        qr.make()


class _Chrome:
    """Draws the header and footer of every page of one document."""

    def __init__(
        self, form: FormDef, *, lang: str, office: OfficeHeader | None, footer_note: str, title: str
    ):
        self.form = form
        self.lang = lang
        self.office = office
        self.footer_note = footer_note
        self.title = title
        self._ = i18n.gettext_for(lang)
        self._qr_cache: tuple[str, int, list[tuple[int, int, int]]] = ("", 0, [])
        self._logo = ImageReader(io.BytesIO(office.logo)) if office and office.logo else None
        footer = form.footer.get(lang) if form.footer else ""
        self.footer = footer.replace("{office}", office.name if office else "").strip()

    def _draw_qr(self, canv: Canvas, number: str, x: float, y: float) -> None:
        """The record number as a QR code, ``QR_SIZE`` square with its lower left corner at (x, y)."""
        if self._qr_cache[0] != number:
            widget = QrCodeWidget(number, barLevel="M")
            _make_qr(widget.qr)
            runs: list[tuple[int, int, int]] = []
            for row_index, row in enumerate(widget.qr.modules):
                column = 0
                for dark, group in itertools.groupby(bool(cell) for cell in row):
                    length = len(list(group))
                    if dark:
                        runs.append((row_index, column, length))
                    column += length
            self._qr_cache = (number, widget.qr.getModuleCount(), runs)
        _, count, runs = self._qr_cache
        module = QR_SIZE / count
        path = canv.beginPath()
        for row_index, column, length in runs:
            top = y + QR_SIZE - (row_index + 1) * module
            path.rect(x + column * module, top, length * module + 0.05, module + 0.05)
        canv.setFillColor(INK)
        canv.drawPath(path, stroke=0, fill=1)

    def __call__(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        info: _PageInfo | None = getattr(canv, "_frontdesk_page", None)
        number = info.number if info else ""
        caption = info.caption if info else ""
        page_width, page_height = doc.pagesize
        top = page_height - MARGIN_TOP
        right = page_width - MARGIN_X
        canv.saveState()

        # Top right: QR code of the record number (filled sheets), then code, number and copy caption.
        text_right = right
        if number and len(number) <= QR_MAX_CHARS:
            self._draw_qr(canv, number, right - QR_SIZE, top - QR_SIZE)
            text_right = right - QR_SIZE - 3 * mm
        meta_width = 80 * mm
        _ = self._
        number_text = number or "_" * 14
        lines = [
            f"{para_markup(self.form.code)}&nbsp;&nbsp;{para_markup(_('No.'))} {para_markup(number_text)}"
        ]
        if caption:
            lines.append(f'<font size="10" color="#000000">{para_markup(caption)}</font>')
        meta = Paragraph("<br/>".join(lines), style("meta"))
        _, meta_height = meta.wrap(meta_width, 30 * mm)
        meta.drawOn(canv, text_right - meta_width, top - meta_height)

        # Top left: logo, office name, address and phone.
        left = MARGIN_X
        if self._logo is not None:
            logo_width, logo_height = self._logo.getSize()
            width = LOGO_HEIGHT * logo_width / max(logo_height, 1)
            canv.drawImage(self._logo, left, top - LOGO_HEIGHT, width, LOGO_HEIGHT, mask="auto")
            left += width + 2.5 * mm
        if self.office:
            office_lines = [para_markup(self.office.name)]
            contact = "    ".join(part for part in (self.office.address, self.office.phone) if part)
            if contact:
                office_lines.append(f'<font size="7.5">{para_markup(contact)}</font>')
            office_para = Paragraph("<br/>".join(office_lines), style("office"))
            office_width = text_right - meta_width - left - 4 * mm
            _, office_height = office_para.wrap(office_width, 30 * mm)
            office_para.drawOn(canv, left, top - office_height)

        # The title, centred under the top line, clear of the QR code.
        title_width = page_width - 2 * MARGIN_X - 2 * (QR_SIZE + 4 * mm)
        title = Paragraph(para_markup(self.title), style("title"))
        title.wrap(title_width, HEADER_HEIGHT)
        frame_top = page_height - MARGIN_TOP - HEADER_HEIGHT
        draw_bold(canv, title, (page_width - title_width) / 2, frame_top + 3 * mm)

        # Footer: the definition's footer (the office name) and the caller's note; "page x / y" is stamped later.
        footer = "    ".join(part.replace("\n", " ") for part in (self.footer, self.footer_note) if part)
        if footer and plain(footer) == footer:
            canv.setFont(register_fonts(), FOOTER_SIZE)
            canv.setFillColor(MUTED_INK)
            canv.drawString(MARGIN_X, MARGIN_BOTTOM - 7 * mm, footer)
        elif footer:
            # A paragraph: an office name in Uyghur prints in its own font, right to left.
            line = Paragraph(para_markup(footer).replace("    ", "&nbsp;" * 4), style("footer_line"))
            _, height = line.wrap(page_width - 2 * MARGIN_X - 25 * mm, 20 * mm)
            # drawOn takes the bottom of the paragraph; the baseline of its last line is one size above it.
            line.drawOn(canv, MARGIN_X, MARGIN_BOTTOM - 7 * mm - height + FOOTER_SIZE)
        canv.setStrokeColor(LABEL_INK)
        canv.restoreState()


def draw_bold(canv: Canvas, para: Paragraph, x: float, y: float) -> None:
    """Draw a wrapped paragraph in a faux bold (glyphs filled and outlined): the font has no bold face."""
    canv.saveState()
    canv.setLineWidth(0.35)
    canv.setStrokeColor(para.style.textColor)
    canv._code.append("2 Tr")  # text render mode fill+stroke; restoreState puts it back
    para.drawOn(canv, x, y)
    canv.restoreState()


def _document(form: FormDef, buffer: io.BytesIO, chrome: _Chrome) -> tuple[BaseDocTemplate, float, float]:
    page_width, page_height = page_size(form.orientation)
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP + HEADER_HEIGHT,
        bottomMargin=MARGIN_BOTTOM,
        title=chrome.title,
        author=chrome.office.name if chrome.office else "",
        creator="FrontDesk",
        invariant=1,  # same input, same bytes: reproducible output and tests
        initialFontName=register_fonts(),  # not Helvetica: the bundled font is the only one in the file
        initialFontSize=10,
        initialLeading=12,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0, rightPadding=0,
        topPadding=0, bottomPadding=0,
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPageEnd=chrome)])
    return doc, doc.width, doc.height


def _build(doc: BaseDocTemplate, story: list[Flowable], lang: str) -> None:
    _ = i18n.gettext_for(lang)
    canvasmaker = partial(_NumberedCanvas, page_label=_("Page {page} / {pages}"), font=register_fonts())
    doc.build(story, canvasmaker=canvasmaker)


def _number(values: Mapping[str, object] | None) -> str:
    if not values:
        return ""
    number = values.get("number")
    return plain(number) if number not in (None, "") else ""


def _sheet_records(
    form: FormDef,
    records: Sequence[Mapping[str, object] | None],
    lang: str,
    width: float,
    frame_height: float,
) -> list[Flowable]:
    story: list[Flowable] = []
    copies = [copy.caption.get(lang) for copy in form.copies] or [None]
    group = 0
    for values in records:
        number = _number(values)
        for index, caption in enumerate(copies):
            if story:
                story.append(PageBreak())
            label = cells.copy_caption(index, caption, lang) if caption is not None else ""
            story.append(_Mark(_PageInfo(group, number, label)))
            story.extend(sheet_story(form, values, lang=lang, width=width, frame_height=frame_height))
            group += 1
    return story


def render_form(
    form: FormDef,
    values: Mapping[str, object] | Sequence[Mapping[str, object]] | None,
    *,
    lang: str,
    office: OfficeHeader | None = None,
    footer_note: str = "",
    title_suffix: str = "",
    number: str = "",
) -> bytes:
    """Render one form as PDF bytes.

    Args:
        form: the definition.
        values: for a sheet, one record's values by field key (``number`` is the record number); for a
            register, a sequence of such rows; None prints a blank form to fill by hand.
        lang: ``zh_CN`` or ``en``: labels, chrome and value formatting.
        office: printed at the top of each page.
        footer_note: extra text in the footer (e.g. who printed it and when).
        title_suffix: appended to the title (a register's period, e.g. "2026年3月").
        number: for a register printed for one record, that record's number: the page header shows it with
            its QR code, as a sheet's does (a sheet takes its number from ``values``).

    Returns:
        The PDF document: A4 in the form's orientation, the CJK font embedded as a subset.
    """
    lang = i18n.normalize_language(lang)
    title = form.title.get(lang) + (f" {title_suffix}" if title_suffix else "")
    chrome = _Chrome(form, lang=lang, office=office, footer_note=footer_note, title=title)
    buffer = io.BytesIO()
    doc, width, frame_height = _document(form, buffer, chrome)
    if form.kind == REGISTER:
        rows = None if values is None else list(values)  # type: ignore[arg-type]
        story: list[Flowable] = [
            _Mark(_PageInfo(0, plain(number), "")),
            *register_story(form, rows, lang=lang, width=width, frame_height=frame_height),
        ]
    else:
        if values is not None and not isinstance(values, Mapping):
            raise TypeError(f"form {form.slug!r} is a sheet: pass one record's values, not a list")
        story = _sheet_records(form, [values], lang, width, frame_height)
    _build(doc, story, lang)
    return buffer.getvalue()


def render_batch(
    form: FormDef,
    records: Sequence[Mapping[str, object]],
    *,
    lang: str,
    office: OfficeHeader | None = None,
    footer_note: str = "",
) -> bytes:
    """Many records of one sheet form in one PDF, each record (and each copy) starting on a new page."""
    if form.kind == REGISTER:
        raise TypeError(f"form {form.slug!r} is a register: use render_form with the rows")
    lang = i18n.normalize_language(lang)
    chrome = _Chrome(form, lang=lang, office=office, footer_note=footer_note, title=form.title.get(lang))
    buffer = io.BytesIO()
    doc, width, frame_height = _document(form, buffer, chrome)
    _build(doc, _sheet_records(form, list(records), lang, width, frame_height), lang)
    return buffer.getvalue()
