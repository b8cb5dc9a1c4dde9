"""The ruled box row a sheet is built from: :class:`Box` and the :class:`BoxRow` flowable.

A row spans the frame width; its boxes' widths follow their ``span`` over the sheet's ``grid_columns``
(computed by :mod:`desktop.pdf.sheet`). A box holds its label (left of the value, above it, or in a narrow side
column written vertically, as paper forms do for long sections), the value, and signature lines at its bottom
right. A row is as tall as its fullest box and at least its ``min_height``.

A tall row that does not fit in what is left of the page is split *inside* its boxes: the text flows on into
the same boxes, labels repeated, on the following page, so nothing is clipped and nothing overlaps. A short
row (a third of a page or less) moves whole to the next page instead of being cut in two.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from desktop.pdf import cells
from desktop.pdf.fonts import register_fonts
from desktop.pdf.styles import FRAME, GUIDE_INK, HAIRLINE, LABEL_INK, PAD, RULE, RULE_INK, fitted, style
from desktop.pdf.text import label_markup, para_markup, plain

#: Width of the column a ``side`` label is written down in.
SIDE_WIDTH = 10 * mm
#: The least height of any box: room for one handwritten line.
MIN_BOX = 8.5 * mm
#: Less than this left on a page and a split box starts on the next page instead.
MIN_SPLIT = 24 * mm
#: A row no taller than this share of the page moves whole to the next page; a taller one is split.
MOVE_WHOLE = 0.35
#: Gap between a left label and its value, and under a top label.
LABEL_GAP = 2 * mm
#: Room above the signature line inside a box.
SIGN_GAP = 2.5 * mm
#: Distance between the writing guides of an empty long-text box.
GUIDE_SPACING = 8 * mm
#: Side labels: the stacked characters' size; English side labels are rotated and smaller.
SIDE_FONT = 10.5
SIDE_FONT_EN = 8.5

_BIG = 1e6


@dataclass(frozen=True)
class Box:
    """One box ready to draw.

    Attributes:
        width: in points.
        mode: ``left``, ``top``, ``side`` or ``none`` (where the label goes).
        label: plain label text (empty for none).
        body: the value's flowables, top to bottom.
        sign: markup of the signature line at the bottom right, or empty.
        min_height: least height in points.
        ruled: print faint writing lines in the empty space (a long text left blank for handwriting).
    """

    width: float
    mode: str
    label: str
    body: tuple[Flowable, ...]
    sign: str
    min_height: float
    ruled: bool = False


@dataclass
class _Measure:
    """A box laid out at its width: sizes, and the wrapped label and signature paragraphs to draw."""

    height: float
    natural: float  # the height without ``min_height``
    x0: float
    inner: float
    label: Paragraph | None
    label_width: float
    label_height: float
    body_width: float
    body_heights: list[float]
    sign: Paragraph | None
    sign_height: float

    @property
    def body_height(self) -> float:
        return sum(self.body_heights)


class BoxRow(Flowable):
    """One layout row of boxes (see the module docstring).

    Args:
        boxes: left to right; widths add up to the frame width.
        lang: the language side labels are written in (Chinese stacks characters, English rotates).
        frame_height: the page frame's height, to know when a row must be split rather than moved.
        top_heavy, bottom_heavy: draw that edge with the heavier frame rule (first/last row, page breaks).
        fixed_height: the height a split first part fills (down to the bottom of the page).
    """

    def __init__(
        self,
        boxes: list[Box],
        *,
        lang: str,
        frame_height: float,
        top_heavy: bool = False,
        bottom_heavy: bool = False,
        fixed_height: float | None = None,
    ) -> None:
        super().__init__()
        self.boxes = boxes
        self.lang = lang
        self.frame_height = frame_height
        self.top_heavy = top_heavy
        self.bottom_heavy = bottom_heavy
        self.fixed_height = fixed_height
        self._measures: list[_Measure] | None = None

    # -- measuring ------------------------------------------------------------------------------------------

    def set_boxes(self, boxes: list[Box]) -> None:
        """Replace the boxes (e.g. with smaller ``min_height``); they are measured again."""
        self.boxes = boxes
        self._measures = None

    def _side_length(self, box: Box) -> float:
        """The vertical room a side label needs."""
        text = plain(box.label)
        if cells.is_zh(self.lang):
            return len(text.replace(" ", "")) * SIDE_FONT * 1.3
        font = register_fonts()
        longest = max((stringWidth(word, font, SIDE_FONT_EN) for word in text.split()), default=0)
        return max(longest, stringWidth(text, font, SIDE_FONT_EN) / 2 * 1.2) + 2

    def _measure(self, box: Box) -> _Measure:
        x0 = PAD + (SIDE_WIDTH if box.mode == "side" else 0)
        inner = box.width - x0 - PAD
        label: Paragraph | None = None
        label_width = label_height = 0.0
        top_height = 0.0
        if box.mode in ("left", "top") and box.label:
            text = plain(box.label)
            if box.mode == "left":
                natural = stringWidth(text, register_fonts(), style("label").fontSize) + 1
                width = min(natural, inner * 0.4)
            else:
                width = inner
            label_style = fitted("label", text, width)
            label = Paragraph(
                label_markup(box.label, label_style.fontName, label_style.fontSize, width), label_style
            )
            _, label_height = label.wrap(width, _BIG)
            if box.mode == "top":
                top_height = label_height + 1 * mm
            else:
                # A wrapped label is narrower than the room it was given: the value starts right after it.
                used = max(label.getActualLineWidths0(), default=width)
                label_width = min(width, used + 1) + LABEL_GAP
        body_width = inner - label_width
        body_heights = [flowable.wrap(body_width, _BIG)[1] for flowable in box.body]
        sign: Paragraph | None = None
        sign_height = 0.0
        if box.sign:
            sign = Paragraph(box.sign, style("sign"))
            sign_height = sign.wrap(inner, _BIG)[1] + SIGN_GAP
        content = max(label_height, top_height + sum(body_heights)) + sign_height + 2 * PAD
        side = self._side_length(box) + 2 * PAD if box.mode == "side" else 0.0
        natural_height = max(content, side, MIN_BOX)
        return _Measure(
            height=max(natural_height, box.min_height),
            natural=natural_height,
            x0=x0,
            inner=inner,
            label=label,
            label_width=label_width,
            label_height=max(label_height, top_height),
            body_width=body_width,
            body_heights=body_heights,
            sign=sign,
            sign_height=sign_height,
        )

    def measures(self) -> list[_Measure]:
        """Each box laid out (once: the widths never change)."""
        if self._measures is None:
            self._measures = [self._measure(box) for box in self.boxes]
        return self._measures

    def natural_height(self) -> float:
        """The row's height if no box had a ``min_height``: what its text, labels and blanks need."""
        return max(measure.natural for measure in self.measures())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        measures = self.measures()
        self.width = sum(box.width for box in self.boxes)
        self.height = self.fixed_height or max(m.height for m in measures)
        return self.width, self.height

    # -- splitting ------------------------------------------------------------------------------------------

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        self.wrap(availWidth, availHeight)
        if self.height <= self.frame_height * MOVE_WHOLE or availHeight < MIN_SPLIT:
            return []  # a short box moves whole to the next page rather than being cut in two
        firsts: list[Box] = []
        rests: list[Box] = []
        progress = False
        for box, measure in zip(self.boxes, self.measures(), strict=True):
            budget = availHeight - 2 * PAD - (measure.label_height if box.mode == "top" else 0)
            if measure.body_height + measure.sign_height <= budget:
                firsts.append(replace(box, min_height=0))
                rests.append(replace(box, body=(), sign="", min_height=0))
                progress = progress or bool(box.body)
                continue
            column, sign = list(box.body), box.sign
            if measure.sign is not None and measure.sign_height > self.frame_height * MOVE_WHOLE:
                # A signature line holding a page of text (a name thousands of characters long) can never sit
                # at the foot of a box: it flows on after the value, split by lines like it.
                column.append(Paragraph(box.sign, style("sign")))
                sign = ""
            head, tail = split_flowables(column, measure.body_width, budget)
            progress = progress or bool(head)
            firsts.append(replace(box, body=tuple(head), sign="", min_height=0))
            rests.append(
                replace(box, body=tuple(tail), sign=sign, min_height=max(0.0, box.min_height - availHeight))
            )
        if not progress:
            return []
        common = {"lang": self.lang, "frame_height": self.frame_height}
        return [
            BoxRow(
                firsts, top_heavy=self.top_heavy, bottom_heavy=True, fixed_height=availHeight - 0.01, **common
            ),
            BoxRow(rests, top_heavy=True, bottom_heavy=self.bottom_heavy, **common),
        ]

    # -- drawing --------------------------------------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        height = self.height
        x = 0.0
        canv.setStrokeColor(RULE_INK)
        for box, measure in zip(self.boxes, self.measures(), strict=True):
            canv.setLineWidth(RULE)
            canv.rect(x, 0, box.width, height, stroke=1, fill=0)
            if box.mode == "side":
                canv.line(x + SIDE_WIDTH, 0, x + SIDE_WIDTH, height)
                self._draw_side_label(box, x, height)
            self._draw_content(box, measure, x, height)
            x += box.width
        # The grid's outer frame is a little heavier than the rules inside it.
        canv.setLineWidth(FRAME)
        canv.setStrokeColor(RULE_INK)
        canv.line(0, 0, 0, height)
        canv.line(self.width, 0, self.width, height)
        if self.top_heavy:
            canv.line(0, height, self.width, height)
        if self.bottom_heavy:
            canv.line(0, 0, self.width, 0)

    def _draw_content(self, box: Box, measure: _Measure, x: float, height: float) -> None:
        canv = self.canv
        top = height - PAD
        left = x + measure.x0
        if box.mode == "top" and measure.label is not None:
            measure.label.drawOn(canv, left, top - measure.label.height)
            top -= measure.label_height
        elif box.mode == "left" and measure.label is not None:
            block = max(measure.label_height, measure.body_height)
            room = height - 2 * PAD - measure.sign_height
            if self.fixed_height is None and block < room:
                top -= (room - block) / 2  # centred vertically, as a typed line sits in a paper box
            measure.label.drawOn(canv, left, top - measure.label.height)
            left += measure.label_width
        for flowable, flow_height in zip(box.body, measure.body_heights, strict=True):
            flowable.drawOn(canv, left, top - flow_height)
            top -= flow_height
        if box.ruled:
            self._draw_guides(left, x + box.width - PAD, top, PAD + measure.sign_height)
        if measure.sign is not None:
            measure.sign.drawOn(canv, x + measure.x0, PAD)

    def _draw_guides(self, left: float, right: float, top: float, bottom: float) -> None:
        """Faint lines to write along, every :data:`GUIDE_SPACING` from ``top`` down to ``bottom``."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(GUIDE_INK)
        canv.setLineWidth(HAIRLINE)
        y = top - GUIDE_SPACING
        while y > bottom + 1 * mm:
            canv.line(left, y, right, y)
            y -= GUIDE_SPACING
        canv.restoreState()

    def _draw_side_label(self, box: Box, x: float, height: float) -> None:
        canv = self.canv
        font = register_fonts()
        text = plain(box.label)
        centre_x = x + SIDE_WIDTH / 2
        canv.setFillColor(LABEL_INK)
        if cells.is_zh(self.lang):
            chars = [char for char in text if not char.isspace()]
            if not chars:
                return
            step = min(SIDE_FONT * 1.9, (height - 2 * PAD) / len(chars))
            first = height / 2 + step * (len(chars) - 1) / 2
            canv.setFont(font, SIDE_FONT)
            for index, char in enumerate(chars):
                canv.drawCentredString(centre_x, first - index * step - SIDE_FONT * 0.36, char)
            return
        para = Paragraph(para_markup(text), style("side_en"))
        length = height - 2 * PAD
        _, para_height = para.wrap(length, _BIG)
        canv.saveState()
        canv.translate(centre_x + para_height / 2, height / 2 - length / 2)
        canv.rotate(90)
        para.drawOn(canv, 0, 0)
        canv.restoreState()


def split_flowables(
    flowables: list[Flowable], width: float, height: float
) -> tuple[list[Flowable], list[Flowable]]:
    """Split a column of flowables into what fits in ``height`` and the rest (paragraphs split by lines)."""
    head: list[Flowable] = []
    used = 0.0
    for index, flowable in enumerate(flowables):
        _, flow_height = flowable.wrap(width, height - used)
        if used + flow_height <= height:
            head.append(flowable)
            used += flow_height
            continue
        parts = flowable.split(width, height - used)
        if len(parts) > 1:
            head.append(parts[0])
            return head, [*parts[1:], *flowables[index + 1 :]]
        return head, flowables[index:]
    return head, []
