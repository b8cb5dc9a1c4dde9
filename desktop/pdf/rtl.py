"""Right-to-left names in a left-to-right printout: Uyghur, Arabic and Hebrew, ordered and joined as they read.

reportlab lays text out left to right, one character after another, and breaks Chinese lines between any two
characters (``wordWrap="CJK"``), a mode in which its own bidi and shaping support does not run. So a
right-to-left run is prepared before it reaches a paragraph:

* **Order** (the Unicode bidi algorithm, reduced to what a left-to-right form needs): a run starts at a
  right-to-left letter and ends at the last right-to-left letter or number before the next left-to-right
  letter. Inside it the pieces — words, numbers, spaces and punctuation — are put in reverse order; numbers keep
  their own order, brackets are mirrored.
* **Shape**: each right-to-left word is shaped with HarfBuzz (``uharfbuzz``, the engine reportlab's own shaping
  uses) in its script's font. HarfBuzz returns the glyphs already in visual order, with each letter in its
  joining form (initial, medial, final) and the ligatures (لا). A glyph that no character maps to gets a
  private code point in the font, as reportlab's shaping does, so the embedded subset holds it.

Limits: a run is reordered as one line, so a run too long for its box wraps in visual order; mark positioning
(vowel signs) is left to the font's default placement. Names and short phrases, what a front desk types,
print right.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import uharfbuzz
from reportlab.pdfbase import pdfmetrics

#: Kinds of the pieces of a right-to-left run.
LETTERS = "letters"
NUMBER = "number"
NEUTRAL = "neutral"

_STRONG_RTL = frozenset({"R", "AL"})
_NUMBERS = frozenset({"EN", "AN"})
_NUMBER_GLUE = frozenset({"ES", "ET", "CS"})
#: Joined with the letter before them: vowel signs, joiners and other marks inside a word.
_IN_WORD = frozenset({"NSM", "BN"})
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


#: Where right-to-left letters are encoded (Hebrew to Arabic Extended, their presentation forms, and the
#: right-to-left blocks of the supplementary planes): a quick test before asking for each bidi class.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter."""
    return _RTL_BLOCKS.search(text) is not None and any(
        unicodedata.bidirectional(char) in _STRONG_RTL for char in text
    )


def spans(line: str) -> list[tuple[str, bool]]:
    """``line`` cut into (text, right-to-left) spans, in reading order; the left-to-right ones as they are."""
    classes = [unicodedata.bidirectional(char) for char in line]
    result: list[tuple[str, bool]] = []
    start = index = 0
    while index < len(line):
        if classes[index] not in _STRONG_RTL:
            index += 1
            continue
        if start < index:
            result.append((line[start:index], False))
        end = index
        probe = index
        while probe < len(line) and classes[probe] != "L":
            if classes[probe] in _STRONG_RTL or classes[probe] in _NUMBERS or classes[probe] in _IN_WORD:
                end = probe
            probe += 1
        result.append((line[index : end + 1], True))
        start = index = end + 1
    if start < len(line):
        result.append((line[start:], False))
    return result


def pieces(run: str) -> list[tuple[str, str]]:
    """A right-to-left run as (text, kind) pieces in the order they print, left to right."""
    found: list[tuple[str, str]] = []
    for char in run:
        bidi = unicodedata.bidirectional(char)
        if bidi in _STRONG_RTL or (bidi in _IN_WORD and found and found[-1][1] == LETTERS):
            kind = LETTERS
        elif bidi in _NUMBERS or (bidi in _NUMBER_GLUE and found and found[-1][1] == NUMBER):
            kind = NUMBER
        else:
            kind = NEUTRAL
        if found and found[-1][1] == kind:
            found[-1] = (found[-1][0] + char, kind)
        else:
            found.append((char, kind))
    ordered = []
    for text, kind in reversed(found):
        if kind == NEUTRAL:
            text = text[::-1].translate(_MIRROR)
        ordered.append((text, kind))
    return ordered


@lru_cache(maxsize=4096)
def shape(word: str, font_name: str) -> str:
    """``word`` (logical order) as the characters that print it in ``font_name``, left to right.

    Raises:
        KeyError: no font of that name is registered.
    """
    font: Any = pdfmetrics.getFont(font_name)
    hb_font = font.hbFont(10)  # reportlab's HarfBuzz font over the same file; also sets hbAddPrivate
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    chars = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyph = info.codepoint
        mapped = font.face.glyphToChar.get(glyph)
        if mapped:
            code = mapped[0]
        else:
            code = font.hbAddPrivate(hb_font.glyph_to_string(glyph), glyph, position.x_advance)
        chars.append(chr(code))
    return "".join(chars)
