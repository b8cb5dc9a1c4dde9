"""Small bar and line charts drawn with QPainter, for the Reports page.

Why not QtCharts: it ships only in PySide6-Addons, which adds about 161 MB to every office's install
(TECH-NOTES, Qt wheels) for two simple charts. A chart here is a category axis, one or more series of values
(None = nothing to divide by, drawn as "—" rather than as zero), an optional target line, and a value format.
Both widgets paint from their data only, so ``grab()`` gives the same picture on screen, offscreen and in tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.rules.statistics import DASH

#: Colours that stay apart for the colour-blind and on a grey printout (Okabe–Ito).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
TARGET_COLOUR = QColor("#C0392B")
GRID_COLOUR = QColor("#D9D9D9")
TEXT_COLOUR = QColor("#333333")


@dataclass(frozen=True)
class Series:
    """One row of values, one per category; None where there is no value."""

    name: str
    values: tuple[float | None, ...]
    colour: str = ""


def _nice_top(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5, 5 × 10ⁿ)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


class _Chart(QWidget):
    """What both charts share: data, axes, legend and the target line.

    Attributes:
        title: drawn above the plot.
        categories: labels along the bottom.
        series: the values.
        target: a horizontal line at this value (None: no line), labelled ``target_label``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.target: float | None = None
        self.target_label = ""
        self.value_format: Callable[[float], str] = lambda value: f"{value:g}"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 160)

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        *,
        title: str = "",
        target: float | None = None,
        target_label: str = "",
        value_format: Callable[[float], str] | None = None,
    ) -> None:
        """Show ``series`` over ``categories`` (each series has one value per category)."""
        self.categories = tuple(categories)
        self.series = tuple(
            Series(item.name, tuple(item.values), item.colour or PALETTE[index % len(PALETTE)])
            for index, item in enumerate(series)
        )
        self.title = title
        self.target = target
        self.target_label = target_label
        if value_format is not None:
            self.value_format = value_format
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    # -- geometry ---------------------------------------------------------------------------------------------

    def _top(self) -> float:
        values = [value for item in self.series for value in item.values if value is not None]
        if self.target is not None:
            values.append(self.target)
        return _nice_top(max(values, default=0.0) * 1.08)

    def _plot_rect(self, metrics: QFontMetricsF) -> QRectF:
        left = max(metrics.horizontalAdvance(self.value_format(self._top())), 24) + 14
        top = metrics.height() * (2.4 if self.title else 1.2)
        bottom = metrics.height() * 3.2  # category labels + the legend
        return QRectF(left, top, max(self.width() - left - 14, 10), max(self.height() - top - bottom, 10))

    def _y(self, rect: QRectF, value: float) -> float:
        return rect.bottom() - rect.height() * (value / self._top())

    # -- painting ---------------------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetricsF(self.font())
        rect = self._plot_rect(metrics)
        self._paint_title(painter, metrics)
        self._paint_axes(painter, metrics, rect)
        if self.categories and self.series:
            self._paint_series(painter, metrics, rect)
        self._paint_target(painter, metrics, rect)
        self._paint_legend(painter, metrics, rect)
        painter.end()

    def _paint_title(self, painter: QPainter, metrics: QFontMetricsF) -> None:
        if not self.title:
            return
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(TEXT_COLOUR)
        painter.drawText(
            QRectF(0, 2, self.width(), metrics.height() * 1.4), Qt.AlignmentFlag.AlignHCenter, self.title
        )
        font.setBold(False)
        painter.setFont(font)

    def _paint_axes(self, painter: QPainter, metrics: QFontMetricsF, rect: QRectF) -> None:
        top = self._top()
        for step in range(5):
            value = top * step / 4
            y = self._y(rect, value)
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(TEXT_COLOUR)
            label = QRectF(0, y - metrics.height() / 2, rect.left() - 6, metrics.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.value_format(value)
            )
        painter.setPen(QPen(TEXT_COLOUR, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if not self.categories:
            return
        width = rect.width() / len(self.categories)
        for index, name in enumerate(self.categories):
            cell = QRectF(rect.left() + index * width, rect.bottom() + 3, width, metrics.height() * 1.2)
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width - 2)
            painter.drawText(cell, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def _paint_series(self, painter: QPainter, metrics: QFontMetricsF, rect: QRectF) -> None:
        raise NotImplementedError

    def _paint_target(self, painter: QPainter, metrics: QFontMetricsF, rect: QRectF) -> None:
        if self.target is None:
            return
        y = self._y(rect, self.target)
        pen = QPen(TARGET_COLOUR, 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if self.target_label:
            painter.setPen(TARGET_COLOUR)
            box = QRectF(rect.left() + 4, y - metrics.height() - 1, rect.width() - 8, metrics.height())
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, self.target_label
            )

    def _paint_legend(self, painter: QPainter, metrics: QFontMetricsF, rect: QRectF) -> None:
        x = rect.left()
        y = rect.bottom() + metrics.height() * 1.6
        for item in self.series:
            painter.fillRect(QRectF(x, y + 3, 12, metrics.height() - 6), QColor(item.colour))
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QPointF(x + 16, y + metrics.ascent()), item.name)
            x += 16 + metrics.horizontalAdvance(item.name) + 18


class BarChart(_Chart):
    """Grouped vertical bars: one group per category, one bar per series; None is written as "—"."""

    def _paint_series(self, painter: QPainter, metrics: QFontMetricsF, rect: QRectF) -> None:
        group = rect.width() / len(self.categories)
        bar = min(group * 0.8 / len(self.series), 42)
        offset = (group - bar * len(self.series)) / 2
        for index in range(len(self.categories)):
            for number, item in enumerate(self.series):
                x = rect.left() + index * group + offset + number * bar
                value = item.values[index] if index < len(item.values) else None
                if value is None:
                    painter.setPen(TEXT_COLOUR)
                    box = QRectF(x, rect.bottom() - metrics.height() - 2, bar, metrics.height())
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, DASH)
                    continue
                top = self._y(rect, value)
                painter.fillRect(QRectF(x + 1, top, bar - 2, rect.bottom() - top), QColor(item.colour))


class LineChart(_Chart):
    """Lines through the categories, one per series, with a dot per value; a None value breaks the line."""

    def _paint_series(self, painter: QPainter, metrics: QFontMetricsF, rect: QRectF) -> None:
        step = rect.width() / len(self.categories)
        for item in self.series:
            colour = QColor(item.colour)
            path = QPainterPath()
            drawing = False
            points: list[QPointF] = []
            for index, value in enumerate(item.values):
                if value is None:
                    drawing = False
                    continue
                point = QPointF(rect.left() + step * (index + 0.5), self._y(rect, value))
                points.append(point)
                if drawing:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    drawing = True
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(colour)
            for point in points:
                painter.drawEllipse(point, 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
