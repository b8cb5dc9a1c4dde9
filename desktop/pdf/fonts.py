"""The one font every PDF uses: the bundled WenQuanYi Micro Hei, embedded as a subset.

reportlab's built-in ``STSong-Light`` is never used: it is not embedded, so a PC without a Chinese font shows
blanks or boxes (see shared/TECH-NOTES.md). The font is registered once per process; registration costs about
0.2 s, a page then costs a few milliseconds.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop import paths

#: The name the font is registered under; styles refer to it.
FONT_NAME = "WenQuanYiMicroHei"


@cache
def register_fonts() -> str:
    """Register the bundled CJK font (once) and return its reportlab name.

    The font has no bold face: ``<b>`` in a paragraph maps to the same face rather than failing, and emphasis is
    given by size instead.
    """
    font = TTFont(FONT_NAME, str(paths.font_path()), subfontIndex=0)
    pdfmetrics.registerFont(font)
    for bold, italic in ((1, 1), (1, 0), (0, 1), (0, 0)):  # regular last: the face maps back to it
        addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


@cache
def covered_codepoints() -> frozenset[int]:
    """Code points the font has a glyph for; anything else is replaced before it is printed."""
    register_fonts()
    font = pdfmetrics.getFont(FONT_NAME)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]
