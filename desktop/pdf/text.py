"""Making any user string safe to print.

Everything a person typed reaches a ``Paragraph`` only through :func:`para_markup`, because a Paragraph parses
its text as markup: ``<b>``, ``&amp;`` or ``<img src=…>`` typed into a description must print literally, never be
interpreted (an ``<img>`` would even make reportlab fetch a URL). The same function makes the text printable:
control characters and characters the font has no glyph for (emoji, rare scripts) become a visible
:data:`SUBSTITUTE` instead of a crash or an invisible gap, Long runs without a space (a pasted URL, 500 × "a")
need nothing here: every style wraps with ``wordWrap="CJK"``, which breaks such a run at any character while
still breaking English between words.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.pdf.fonts import covered_codepoints

#: Printed instead of a character the font cannot show (the font has U+FFFD).
SUBSTITUTE = "\ufffd"

# Characters that only modify the one before them (emoji joiners, variation selectors, skin tones, tags): after
# a substitute they are dropped, so "👨‍👩‍👧" prints as one substitute rather than five.
_MODIFIERS = re.compile("[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def clean(value: object) -> str:
    """``value`` as printable plain text.

    Newlines are kept (``\\r\\n`` and ``\\r`` become ``\\n``), tabs become spaces, other control characters,
    lone surrogates and characters missing from the font become :data:`SUBSTITUTE`.
    """
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    covered = covered_codepoints()
    out: list[str] = []
    joining = False  # the previous character was a zero-width joiner after a substitute
    for char in text:
        if char == "\n":
            out.append(char)
            joining = False
            continue
        printable = unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn") and ord(char) in covered
        if out and out[-1] == SUBSTITUTE:
            if _MODIFIERS.match(char):
                joining = char == "\u200d"
                continue
            if joining and not printable:
                joining = False
                continue
        joining = False
        out.append(char if printable else SUBSTITUTE)
    return "".join(out)


def para_markup(value: object) -> str:
    """``value`` as Paragraph markup that prints it literally: cleaned, escaped, newlines kept."""
    return escape(clean(value)).replace("\n", "<br/>")


def plain(value: object) -> str:
    """``value`` cleaned for ``canvas.drawString`` (no markup parsing there, so no escaping; one line)."""
    return clean(value).replace("\n", " ")


def label_markup(text: str, font: str, size: float, width: float) -> str:
    """Markup for a short printed label, broken between words by us before reportlab sees it.

    reportlab's CJK wrapping looks back only half a line for a space, so in a narrow column it cuts an English
    word that would fit on the next line ("Person visi|ted"). Greedy word wrapping here puts each word on the
    line it fits; a run without spaces (Chinese) is left whole for the CJK wrap to break between characters.
    """
    words = clean(text).split(" ")
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
