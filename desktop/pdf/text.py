"""Making any user string safe and readable in print.

Everything a person typed reaches a ``Paragraph`` only through :func:`para_markup`, because a Paragraph parses
its text as markup: ``<b>``, ``&amp;`` or ``<img src=…>`` typed into a description must print literally, never be
interpreted (an ``<img>`` would even make reportlab fetch a URL). The same function makes the text printable
(issue 13: never a "�" or a blank box):

* a character the main font lacks is set in the bundled fallback that has it (:mod:`desktop.pdf.fonts`): emoji,
  Arabic script, Hebrew — right-to-left runs ordered and joined as they read (:mod:`desktop.pdf.rtl`);
* a character no bundled font has prints as its name in brackets — ``[smiling face with hearts]`` — and one
  that has no name as its code, ``[U+E000]``;
* control characters are dropped, as are the invisible modifiers of an emoji (joiners, variation selectors,
  skin tones), so "👍🏽" prints as 👍.

The record keeps what was typed: this happens only on the way to paper. :func:`unprintable` lists what would
print by name, for the entry dialog's warning. Long runs without a space (a pasted URL, 500 × "a") need nothing
here: every style wraps with ``wordWrap="CJK"``, which breaks such a run at any character while still breaking
English between words.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.pdf import rtl
from desktop.pdf.fonts import FONT_NAME, covered_codepoints, fallback_for, font_for

#: Dropped when they follow another character: they only modify it (emoji joiner, variation selectors, skin
#: tones, tag characters of flag sequences, the combining keycap).
_MODIFIERS = frozenset(
    [0x200D, 0x20E3, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)
#: Invisible by design: dropped when no font has them rather than printed by name.
_INVISIBLE_CATEGORIES = ("Cf", "Mn", "Me")


def char_label(char: str) -> str:
    """How a character no bundled font has prints: its Unicode name in brackets, lower case, or its code."""
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else f"[U+{ord(char):04X}]"


def clean(value: object, *, fallbacks: bool = True) -> str:
    """``value`` as printable plain text, every character in a bundled font.

    Newlines are kept (``\\r\\n`` and ``\\r`` become ``\\n``), tabs become spaces, control characters and
    emoji modifiers are dropped, and a character no font prints becomes its bracketed name (:func:`char_label`).

    Args:
        fallbacks: whether the fallback fonts may print it; False for text drawn in the main font alone
            (``canvas.drawString``), where everything else prints by name.
    """
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = unicodedata.normalize("NFC", text)  # "e" + combining accent → "é", which the font has
    main = covered_codepoints()
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char == "\n":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Cc" or (code in _MODIFIERS and out and out[-1] != "\n"):
            continue
        if category in (
            "Cs",
            "Co",
            "Cn",
        ):  # a lone surrogate, private use, unassigned: no glyph means anything
            out.append(f"[U+{code:04X}]")
            continue
        if code in main or (fallbacks and fallback_for(code) is not None):
            out.append(char)
        elif category not in _INVISIBLE_CATEGORIES:
            out.append(char_label(char))
    return "".join(out)


def unprintable(value: object) -> list[str]:
    """The distinct characters of ``value`` that print by name (no bundled font has them), in order."""
    seen: list[str] = []
    for char in "" if value is None else str(value):
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc" or code in _MODIFIERS or category in _INVISIBLE_CATEGORIES:
            continue
        if (category in ("Cs", "Co", "Cn") or font_for(code) is None) and char not in seen:
            seen.append(char)
    return seen


def para_markup(value: object, *, width: float | None = None, size: float = 10.0) -> str:
    """``value`` as Paragraph markup that prints it literally: cleaned, escaped, in its fonts, newlines kept.

    Args:
        width, size: the box the text is set in and its font size, when the caller knows them (a register's
            cell). A line with right-to-left text is then broken here, between words in reading order, and each
            line is ordered on its own — reportlab would break the already-reordered line, putting the end of a
            name first. Without them such a line is ordered whole.
    """
    lines = clean(value).split("\n")
    if width is not None:
        lines = [
            part for line in lines for part in (_broken(line, width, size) if rtl.has_rtl(line) else [line])
        ]
    return "<br/>".join(_line_markup(line) for line in lines)


def _broken(line: str, width: float, size: float) -> list[str]:
    """``line`` broken greedily into lines no wider than ``width`` at ``size``, in reading order.

    Breaks between words and between any two Chinese characters, as ``wordWrap="CJK"`` does; a word wider than
    the box stays whole (it is broken by reportlab then).
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(line):
        candidate = current + token
        if current.strip() and _width(candidate.rstrip(), size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _tokens(line: str) -> list[str]:
    """Pieces a line may break after: a word with the spaces before it, or one wide (Chinese) character."""
    tokens: list[str] = []
    current = ""
    for char in line:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        if wide or (char == " " and current.strip()):
            if current:
                tokens.append(current)
            current = ""
        current += char
        if wide:
            tokens.append(current)
            current = ""
    if current:
        tokens.append(current)
    return tokens


def _width(text: str, size: float) -> float:
    """How wide ``text`` prints at ``size``, each stretch in its font, right-to-left words shaped."""
    total = 0.0
    for span, right_to_left in rtl.spans(text):
        for piece, kind in rtl.pieces(span) if right_to_left else [(span, "")]:
            font = fallback_for(ord(piece[0])) if kind == rtl.LETTERS else None
            if font is not None:
                total += stringWidth(rtl.shape(piece, font), font, size)
            else:
                total += sum(stringWidth(char, font_for(ord(char)) or FONT_NAME, size) for char in piece)
    return total


def _line_markup(line: str) -> str:
    main = covered_codepoints()
    if all(ord(char) in main for char in line) and not rtl.has_rtl(line):
        return escape(line)  # the common case: one font, left to right
    parts: list[str] = []
    for text, right_to_left in rtl.spans(line):
        if not right_to_left:
            parts.append(_font_runs(text))
            continue
        for piece, kind in rtl.pieces(text):
            font = fallback_for(ord(piece[0])) if kind == rtl.LETTERS else None
            if font is not None:
                parts.append(_in_font(rtl.shape(piece, font), font))
            else:
                parts.append(_font_runs(piece))
    return "".join(parts)


def _font_runs(text: str) -> str:
    """Markup of left-to-right ``text``: each stretch in the font that has it."""
    parts: list[str] = []
    run, run_font = "", FONT_NAME
    for char in text:
        font = font_for(ord(char)) or FONT_NAME
        if font != run_font and run:
            parts.append(_in_font(run, run_font))
            run = ""
        run, run_font = run + char, font
    if run:
        parts.append(_in_font(run, run_font))
    return "".join(parts)


def _in_font(text: str, font: str) -> str:
    return escape(text) if font == FONT_NAME else f'<font face="{font}">{escape(text)}</font>'


def plain(value: object) -> str:
    """``value`` cleaned for ``canvas.drawString`` in the main font (no markup, no other font; one line)."""
    return clean(value, fallbacks=False).replace("\n", " ")


def label_markup(text: str, font: str, size: float, width: float) -> str:
    """Markup for a short printed label, broken between words by us before reportlab sees it.

    reportlab's CJK wrapping looks back only half a line for a space, so in a narrow column it cuts an English
    word that would fit on the next line ("Person visi|ted"). Greedy word wrapping here puts each word on the
    line it fits; a run without spaces (Chinese) is left whole for the CJK wrap to break between characters.
    """
    words = clean(text, fallbacks=False).split(" ")
    if len(words) < 2:
        return para_markup(text)
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br/>".join(escape(line) for line in lines)
