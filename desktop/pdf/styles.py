"""The named paragraph styles, rule weights and page geometry every form shares, declared once.

Like a "family of reports" in reportlab's guide: sheets and registers look alike because they draw from the same
few styles. Every style wraps with ``wordWrap="CJK"`` so Chinese lines break between characters and long
unbroken Latin runs (URLs, serial numbers) break instead of running out of their box.
"""

from __future__ import annotations

from functools import cache, lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.pdf.fonts import register_fonts

#: Ink colours: black for what was written, a soft grey for printed guidance, lines in near-black.
INK = colors.black
LABEL_INK = colors.HexColor("#303030")
MUTED_INK = colors.HexColor("#6b6b6b")
RULE_INK = colors.HexColor("#1e1e1e")
HEADER_FILL = colors.HexColor("#efefef")
#: Writing guides in an empty long-text box: visible enough to write along, faint enough to write over.
GUIDE_INK = colors.HexColor("#c4c4c4")

#: Line weights (points): the outer frame of a box grid a little heavier than the rules inside it.
RULE = 0.45
FRAME = 0.9
HAIRLINE = 0.3

#: Page margins.
MARGIN_X = 15 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 14 * mm
#: Height of the page header (office, title, number, QR code) above the frame.
HEADER_HEIGHT = 27 * mm
#: Size of the footer line (the office, the audit chain head, "page x / y").
FOOTER_SIZE = 7.5
#: Inner padding of a box.
PAD = 2.2 * mm


def page_size(orientation: str) -> tuple[float, float]:
    """A4 in the form's orientation."""
    return landscape(A4) if orientation == "landscape" else portrait(A4)


@cache
def stylesheet() -> StyleSheet1:
    """The shared styles, built once (after the font is registered)."""
    font = register_fonts()
    sheet = StyleSheet1()

    def add(name: str, size: float, leading: float, **kwargs: object) -> None:
        kwargs.setdefault("textColor", INK)
        sheet.add(
            ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kwargs)
        )

    add("title", 17, 21, alignment=TA_CENTER)
    add("office", 9, 11.5, textColor=MUTED_INK, alignment=TA_LEFT)
    add("meta", 8.5, 11, textColor=LABEL_INK, alignment=TA_RIGHT)
    add("label", 9, 12.5, textColor=LABEL_INK)
    add("label_center", 9.5, 13, textColor=LABEL_INK, alignment=TA_CENTER)
    add("value", 10, 14.5)
    add("blank", 10, 14.5, textColor=MUTED_INK)
    add("side_en", 8.5, 10, textColor=LABEL_INK, alignment=TA_CENTER)
    add("caption", 9, 11.5, textColor=INK, alignment=TA_RIGHT)
    add("text", 9.5, 13.5, textColor=LABEL_INK)
    add("sign", 9.5, 13, textColor=LABEL_INK, alignment=TA_RIGHT)
    add("notes", 8, 11, textColor=MUTED_INK)
    add("footer", 7.5, 9.5, textColor=MUTED_INK)
    add("footer_line", FOOTER_SIZE, FOOTER_SIZE, textColor=MUTED_INK)
    add("th", 9, 11.5, textColor=LABEL_INK, alignment=TA_CENTER)
    add("td", 8.5, 11)
    add("td_center", 8.5, 11, alignment=TA_CENTER)
    return sheet


def style(name: str) -> ParagraphStyle:
    """One named style from :func:`stylesheet`."""
    return stylesheet()[name]  # type: ignore[return-value]


#: Printed labels never shrink below this size to fit a narrow column.
MIN_FIT_SIZE = 6.5


@cache
def _scaled(name: str, size: float) -> ParagraphStyle:
    base = style(name)
    return ParagraphStyle(
        f"{name}@{size}", parent=base, fontSize=size, leading=size * base.leading / base.fontSize
    )


@lru_cache(maxsize=4096)
def fitted(name: str, text: str, width: float) -> ParagraphStyle:
    """Style ``name``, made smaller if needed so that the longest word of ``text`` fits in ``width``.

    CJK wrapping would otherwise break an English label mid-word ("Borrow|er") in a narrow column.
    """
    base = style(name)
    font = register_fonts()
    longest = max((stringWidth(word, font, base.fontSize) for word in text.split()), default=0.0)
    if longest <= width or longest == 0:
        return base
    size = max(
        MIN_FIT_SIZE, round(base.fontSize * width / longest * 4 - 0.5) / 4
    )  # quarter points, rounded down
    return _scaled(name, size)
