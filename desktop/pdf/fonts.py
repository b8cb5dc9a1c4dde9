"""The fonts every PDF uses: the bundled WenQuanYi Micro Hei, and small fallbacks for what it lacks.

reportlab's built-in ``STSong-Light`` is never used: it is not embedded, so a PC without a Chinese font shows
blanks or boxes (see shared/TECH-NOTES.md). WenQuanYi prints Chinese, Latin, Cyrillic, Greek and Korean; the
fallbacks (``paths.FALLBACK_FONTS``: Noto Sans Arabic and Hebrew, Symbola's emoji) print Uyghur, Arabic and
Hebrew names and emoji typed into a record (issue 13). Each font is embedded as a subset of the glyphs a
document uses, so a fallback costs a PDF nothing until a character needs it.

The main font is registered once per process (about 0.2 s); a fallback only when a character first needs it.
"""

from __future__ import annotations

import logging
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop import paths

log = logging.getLogger(__name__)

#: The name the font is registered under; styles refer to it.
FONT_NAME = "WenQuanYiMicroHei"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with code points above U+FFFF written as UTF-16 (two surrogates).

    reportlab writes them as five hex digits, which PDF readers reject: an emoji could not be copied or found
    in a printout. The PDF reference wants the destination as UTF-16BE.
    """
    lines = _reportlab_to_unicode(fontname, subset).split("\n")
    start = next(index for index, line in enumerate(lines) if line.endswith("beginbfchar")) + 1
    for index, code in enumerate(subset):
        target = chr(code).encode("utf-16-be", "surrogatepass").hex().upper()
        lines[start + index] = f"<{index:02X}> <{target}>"
    return "\n".join(lines)


_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


@cache
def register_fonts() -> str:
    """Register the bundled CJK font (once) and return its reportlab name.

    The font has no bold face: ``<b>`` in a paragraph maps to the same face rather than failing, and emphasis is
    given by size instead.
    """
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    font = TTFont(FONT_NAME, str(paths.font_path()), subfontIndex=0)
    pdfmetrics.registerFont(font)
    for bold, italic in ((1, 1), (1, 0), (0, 1), (0, 0)):  # regular last: the face maps back to it
        addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


@cache
def covered_codepoints() -> frozenset[int]:
    """Code points the main font has a glyph for."""
    register_fonts()
    return _cmap(FONT_NAME)


def _cmap(name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


@cache
def fallback_fonts() -> tuple[tuple[str, frozenset[int]], ...]:
    """The fallback fonts as (reportlab name, code points), registered on first use, in lookup order.

    A missing or unreadable file is logged and left out: its characters then print by name.
    """
    register_fonts()
    fonts = []
    for path in paths.fallback_font_paths():
        name = f"FrontDesk-{path.stem}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception:
            log.warning("could not load the fallback font %s", path, exc_info=True)
            continue
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, name)
        fonts.append((name, _cmap(name)))
    return tuple(fonts)


@cache
def font_for(codepoint: int) -> str | None:
    """The font that prints ``codepoint``: the main font's name, a fallback's, or None when none has it."""
    if codepoint in covered_codepoints():
        return FONT_NAME
    return fallback_for(codepoint)


@cache
def fallback_for(codepoint: int) -> str | None:
    """The first fallback font that has ``codepoint``, or None."""
    for name, cmap in fallback_fonts():
        if codepoint in cmap:
            return name
    return None
