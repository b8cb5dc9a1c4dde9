"""Small flowables the sheet boxes are filled with: option lists with drawn check boxes.

The bundled font has no ☐/☑ glyphs, so the boxes are drawn as thin squares; a ticked box gets the font's ✓
(U+2713) inside it, which also makes the choice readable when the PDF's text is extracted.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.pdf.fonts import register_fonts
from desktop.pdf.styles import INK, LABEL_INK, RULE
from desktop.pdf.text import plain

CHECK_MARK = "\u2713"


@dataclass(frozen=True)
class _Placed:
    x: float
    line: int
    text: str
    box: bool
    checked: bool


class OptionList(Flowable):
    """Options in a row, each behind a check box, wrapping onto further lines when the box is narrow.

    Args:
        options: (label, checked) pairs in definition order.
        font_size: text size; the square is a little smaller.
    """

    def __init__(self, options: list[tuple[str, bool]], font_size: float = 9.5) -> None:
        super().__init__()
        self.options = [(plain(label), checked) for label, checked in options]
        self.font = register_fonts()
        self.font_size = font_size
        self.leading = font_size * 1.5
        self.square = font_size * 0.82
        self.gap = 1.3 * mm
        self.spacing = 3.5 * mm
        self._placed: list[_Placed] = []
        self._lines = 1

    def _width(self, text: str) -> float:
        return stringWidth(text, self.font, self.font_size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        placed: list[_Placed] = []
        x, line = 0.0, 0
        for label, checked in self.options:
            item = self.square + self.gap + self._width(label)
            if x > 0 and x + item > availWidth:
                x, line = 0.0, line + 1
            if item <= availWidth - x:
                placed.append(_Placed(x, line, label, True, checked))
                x += item + self.spacing
                continue
            # A label wider than the box: the square, then the label broken by characters over lines.
            placed.append(_Placed(x, line, "", True, checked))
            x += self.square + self.gap
            chunk = ""
            for char in label:
                if chunk and x + self._width(chunk + char) > availWidth:
                    placed.append(_Placed(x, line, chunk, False, False))
                    x, line, chunk = self.square + self.gap, line + 1, ""
                chunk += char
            placed.append(_Placed(x, line, chunk, False, False))
            x += self._width(chunk) + self.spacing
        self._placed = placed
        self._lines = line + 1
        self.width = availWidth
        self.height = self._lines * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        return []

    def draw(self) -> None:
        canv = self.canv
        baseline_drop = (self.leading + self.font_size * 0.7) / 2
        for item in self._placed:
            baseline = self.height - item.line * self.leading - baseline_drop
            x = item.x
            if item.box:
                canv.setStrokeColor(LABEL_INK)
                canv.setLineWidth(RULE)
                canv.rect(x, baseline - self.font_size * 0.08, self.square, self.square, stroke=1, fill=0)
                if item.checked:
                    canv.setFillColor(INK)
                    canv.setFont(self.font, self.square * 1.15)
                    canv.drawCentredString(x + self.square / 2, baseline + self.square * 0.02, CHECK_MARK)
                x += self.square + self.gap
            if item.text:
                canv.setFillColor(INK)
                canv.setFont(self.font, self.font_size)
                canv.drawString(x, baseline, item.text)
