"""Editors for numbers: a plain number typed in a line edit, a percentage in a spin box with ``%``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDoubleSpinBox, QLineEdit, QWidget

from desktop.formspec.types import ParseError, get_type
from desktop.views.fields.base import FieldEditor

#: What may be typed into a number: sign, digits, grouping commas, one decimal point.
NUMBER_PATTERN = r"-?[0-9,]*\.?[0-9]*"
#: Digits after the point a percentage is typed with (``92.5 %``).
PERCENT_DECIMALS = 1


class NumberEditor(FieldEditor):
    """A number (``number``): typed, may be empty; bounds are checked on save with the field's message."""

    def _build_input(self) -> QWidget:
        edit = QLineEdit(self)
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(NUMBER_PATTERN), edit))
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        edit.textEdited.connect(self.changed)
        return edit

    def line_edit(self) -> QLineEdit:
        """The line edit."""
        assert isinstance(self._input, QLineEdit)
        return self._input

    def value(self) -> int | Decimal | str | None:
        text = self.line_edit().text()
        try:
            return get_type("number").parse(text)
        except ParseError:
            return text.strip()

    def set_value(self, value: Any) -> None:
        if value is None or isinstance(value, str):
            self.line_edit().setText(value or "")
        else:
            self.line_edit().setText(get_type("number").to_csv(value))


class PercentageEditor(FieldEditor):
    """A percentage (``percentage``): a spin box showing ``%``; the value is the ratio (``Decimal("0.85")``).

    The lowest step of the box stands for "empty" (shown blank), so an optional percentage need not be 0 %.
    """

    def _build_input(self) -> QWidget:
        spin = QDoubleSpinBox(self)
        spin.setDecimals(PERCENT_DECIMALS)
        spin.setSuffix(" %")
        low = self.field.minimum if self.field.minimum is not None else 0.0
        high = self.field.maximum if self.field.maximum is not None else 100.0
        self._empty_value = low - 10**-PERCENT_DECIMALS
        spin.setRange(self._empty_value, high)
        spin.setSpecialValueText(" ")
        spin.setValue(self._empty_value)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(self.changed)
        return spin

    def spin_box(self) -> QDoubleSpinBox:
        """The spin box."""
        assert isinstance(self._input, QDoubleSpinBox)
        return self._input

    def value(self) -> Decimal | None:
        spin = self.spin_box()
        if spin.value() <= self._empty_value:
            return None
        return Decimal(str(round(spin.value(), PERCENT_DECIMALS))) / 100

    def set_value(self, value: Any) -> None:
        spin = self.spin_box()
        if isinstance(value, str):
            try:
                value = get_type("percentage").parse(value)
            except ParseError:
                value = None
        spin.blockSignals(True)
        spin.setValue(self._empty_value if value is None else float(Decimal(str(value)) * 100))
        spin.blockSignals(False)
