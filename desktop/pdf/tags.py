"""Key tags on A4 label sheets: a QR code a scanner reads and the label in type large enough to read at the hook.

seed 001:274 "在标签纸上写明栋号-单元、楼层房号或设施设备房名称": each ring carries its label. The sheet is a 3 × 8 grid of
70 × 37 mm labels (Avery 3475 / Zweckform 3475 and the like: the whole A4 page, no margins), printed at 100 %.
Each label holds the QR code of the tag payload (``FDKEY:<id>:<label>``, :mod:`desktop.rules.keys`) on the
left, the label itself as large as fits on the right, and one smaller line below it (category, hook). A light
cut guide is drawn so plain paper works too. A pure function like :func:`desktop.pdf.render.render_form`.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.pdf.fonts import register_fonts
from desktop.pdf.render import _make_qr
from desktop.pdf.styles import GUIDE_INK, INK, MUTED_INK
from desktop.pdf.text import clean

COLUMNS = 3
ROWS = 8
LABEL_WIDTH = 70 * mm
LABEL_HEIGHT = 37 * mm
QR_SIDE = 24 * mm
PAD = 3 * mm
#: Room left of and right of the QR code: a scanner needs a quiet zone of 4 modules (about 4.5 mm here) free of
#: the cut guide and the text.
QR_LEFT = 5.5 * mm
QR_GAP = 4.5 * mm
#: Largest and smallest size of the label text (points).
LABEL_MAX_SIZE = 26.0
LABEL_MIN_SIZE = 9.0
#: Chinese on one line smaller than this is broken over two lines instead.
CJK_BREAK_BELOW = 15.0


@dataclass(frozen=True)
class Tag:
    """One key tag.

    Attributes:
        payload: what the QR code holds (``FDKEY:12:3-2-1502``).
        label: the key's label, printed large.
        caption: a smaller line below (category and hook), may be "".
    """

    payload: str
    label: str
    caption: str = ""


def _qr_runs(payload: str) -> tuple[int, list[tuple[int, int, int]]]:
    widget = QrCodeWidget(payload, barLevel="M")
    _make_qr(widget.qr)
    runs: list[tuple[int, int, int]] = []
    for row_index, row in enumerate(widget.qr.modules):
        column = 0
        for dark, group in itertools.groupby(bool(cell) for cell in row):
            length = len(list(group))
            if dark:
                runs.append((row_index, column, length))
            column += length
    return widget.qr.getModuleCount(), runs


def _draw_qr(canv: Canvas, payload: str, x: float, y: float, side: float) -> None:
    count, runs = _qr_runs(payload)
    module = side / count
    path = canv.beginPath()
    for row_index, column, length in runs:
        top = y + side - (row_index + 1) * module
        path.rect(x + column * module, top, length * module + 0.05, module + 0.05)
    canv.setFillColor(INK)
    canv.drawPath(path, stroke=0, fill=1)


def _fit_lines(text: str, font: str, width: float, height: float) -> tuple[float, list[str]]:
    """The largest size (and the lines) at which ``text`` fits ``width`` × ``height``.

    Lines break between blank-separated words, so ``1-1-1001`` is never cut. Chinese that would print small on
    one line (地下车库管理室) breaks between characters instead; a Latin word wider than the label at the smallest
    size is broken as a last resort.
    """
    size, lines = _largest(text, font, width, height, _wrap_words)
    if size < CJK_BREAK_BELOW and not text.isascii():
        char_size, char_lines = _largest(text, font, width, height, _halves)
        if char_size > size:
            return char_size, char_lines
    if size >= LABEL_MIN_SIZE:
        return size, lines
    return LABEL_MIN_SIZE, _wrap_chars(text, font, LABEL_MIN_SIZE, width)


def _largest(
    text: str, font: str, width: float, height: float, wrap: Callable[[str, str, float, float], list[str]]
) -> tuple[float, list[str]]:
    size = LABEL_MAX_SIZE
    while size >= LABEL_MIN_SIZE:
        lines = wrap(text, font, size, width)
        if (
            all(stringWidth(line, font, size) <= width for line in lines)
            and len(lines) * size * 1.15 <= height
        ):
            return size, lines
        size -= 1
    return 0.0, []


def _wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def _halves(text: str, font: str, size: float, width: float) -> list[str]:
    """Chinese over two balanced lines (地下车库 / 管理室), never three with an orphan."""
    if stringWidth(text, font, size) <= width or len(text) < 2:
        return [text]
    middle = (len(text) + 1) // 2
    return [text[:middle].strip(), text[middle:].strip()]


def _wrap_chars(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for char in text:
        candidate = line + char
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = char.lstrip()
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def _draw_tag(canv: Canvas, tag: Tag, x: float, y: float, font: str) -> None:
    canv.setStrokeColor(GUIDE_INK)
    canv.setLineWidth(0.3)
    canv.roundRect(
        x + 1 * mm, y + 1 * mm, LABEL_WIDTH - 2 * mm, LABEL_HEIGHT - 2 * mm, 2 * mm, stroke=1, fill=0
    )
    qr_y = y + (LABEL_HEIGHT - QR_SIDE) / 2
    _draw_qr(canv, tag.payload, x + QR_LEFT, qr_y, QR_SIDE)
    text_x = x + QR_LEFT + QR_SIDE + QR_GAP
    text_width = x + LABEL_WIDTH - PAD - text_x
    caption = clean(tag.caption, fallbacks=False)  # drawn in the main font alone
    caption_height = 9 if caption else 0
    size, lines = _fit_lines(
        clean(tag.label, fallbacks=False), font, text_width, LABEL_HEIGHT - 2 * PAD - caption_height
    )
    block = len(lines) * size * 1.15 + caption_height
    top = y + (LABEL_HEIGHT + block) / 2
    canv.setFillColor(INK)
    canv.setFont(font, size)
    for index, line in enumerate(lines):
        canv.drawString(text_x, top - (index + 1) * size * 1.15 + size * 0.2, line)
    if caption:
        canv.setFillColor(MUTED_INK)
        caption_size = 7.5
        while caption_size > 5 and stringWidth(caption, font, caption_size) > text_width:
            caption_size -= 0.5
        canv.setFont(font, caption_size)
        canv.drawString(text_x, top - block + 1.5, caption)


def render_tags(tags: Sequence[Tag], *, title: str = "", skip: int = 0) -> bytes:
    """Key tags on A4 label sheets (3 × 8 per page), as PDF bytes.

    Args:
        tags: the tags in order, filled row by row.
        title: the PDF's document title (metadata only: nothing is printed outside the labels).
        skip: labels to leave empty at the start of the first sheet (a sheet already partly used).
    """
    font = register_fonts()
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=A4, pageCompression=1)
    canv.setTitle(title or "Key tags")
    width, height = A4
    left = (width - COLUMNS * LABEL_WIDTH) / 2
    top = height - (height - ROWS * LABEL_HEIGHT) / 2
    per_page = COLUMNS * ROWS
    slots = [None] * skip + list(tags)
    if not slots:
        canv.showPage()
    for start in range(0, len(slots), per_page):
        for index, tag in enumerate(slots[start : start + per_page]):
            if tag is None:
                continue
            row, column = divmod(index, COLUMNS)
            _draw_tag(canv, tag, left + column * LABEL_WIDTH, top - (row + 1) * LABEL_HEIGHT, font)
        canv.showPage()
    canv.save()
    return buffer.getvalue()
