"""Editors for choices: one of a few (radio buttons), one of many (a list), any of (check boxes), yes/no.

Values are the options' invariant keys (STYLE 11); only the labels shown depend on the language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from desktop.views.fields.base import FieldEditor

#: Up to this many options are shown as radio buttons (all visible, one arrow key apart); more as a list.
MAX_RADIO_OPTIONS = 4
#: Check boxes per line before wrapping, so a long list stays inside a half-width cell.
CHECKBOXES_PER_LINE = 4

_TRUE_TEXTS = {"1", "true", "yes", "y", "是", "x", "✓"}


def split_keys(value: Any) -> list[str]:
    """Option keys from a list, or from CSV text separated by ``;``, ``,`` or ``|``."""
    if value is None:
        return []
    if isinstance(value, str):
        for separator in ("|", ","):
            value = value.replace(separator, ";")
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(part) for part in value]


class ChoiceEditor(FieldEditor):
    """One of the field's options (``choice``): radio buttons for up to four, a list box for more."""

    def _build_input(self) -> QWidget:
        options = self.field.options
        self._radios: list[QRadioButton] = []
        self._combo: QComboBox | None = None
        if len(options) <= MAX_RADIO_OPTIONS:
            box = QWidget(self)
            layout = QHBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            self._group = QButtonGroup(box)
            for option in options:
                radio = QRadioButton(option.label.get(self.context.lang), box)
                radio.setProperty("option_key", option.key)
                self._group.addButton(radio)
                self._radios.append(radio)
                layout.addWidget(radio)
            layout.addStretch(1)
            self._group.buttonToggled.connect(self._on_radio_toggled)
            return box
        combo = QComboBox(self)
        combo.addItem("", None)
        for option in options:
            combo.addItem(option.label.get(self.context.lang), option.key)
        combo.currentIndexChanged.connect(self.changed)
        self._combo = combo
        return combo

    def focus_widgets(self) -> list[QWidget]:
        return list(self._radios) if self._radios else [self._input]

    def _set_accessible_names(self) -> None:
        # Each radio already says its option; the group's name goes in the description so it is read too.
        label = self.field.label.get(self.context.lang)
        for radio in self._radios:
            radio.setAccessibleDescription(label)
        if self._combo is not None:
            self._combo.setAccessibleName(label)

    def _on_radio_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.changed.emit()

    def value(self) -> str | None:
        if self._combo is not None:
            return self._combo.currentData()
        for radio in self._radios:
            if radio.isChecked():
                return str(radio.property("option_key"))
        return None

    def set_value(self, value: Any) -> None:
        key = None if value in (None, "") else str(value)
        if self._combo is not None:
            index = self._combo.findData(key) if key is not None else 0
            if index < 0 and key is not None:
                # A key no longer in the definition (old data): keep and show it rather than lose it on save.
                self._combo.addItem(key, key)
                index = self._combo.count() - 1
            self._combo.blockSignals(True)
            self._combo.setCurrentIndex(index)
            self._combo.blockSignals(False)
            return
        self._group.blockSignals(True)
        self._group.setExclusive(False)
        for radio in self._radios:
            radio.setChecked(radio.property("option_key") == key)
        self._group.setExclusive(True)
        self._group.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in self.focus_widgets():
            widget.setEnabled(not read_only)


class CheckboxesEditor(FieldEditor):
    """Any of the field's options (``checkboxes``): one check box per option, the value is the list of keys."""

    def _build_input(self) -> QWidget:
        box = QWidget(self)
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self._boxes: list[QCheckBox] = []
        for index, option in enumerate(self.field.options):
            check = QCheckBox(option.label.get(self.context.lang), box)
            check.setProperty("option_key", option.key)
            check.setAccessibleDescription(self.field.label.get(self.context.lang))
            check.toggled.connect(self.changed)
            self._boxes.append(check)
            layout.addWidget(check, index // CHECKBOXES_PER_LINE, index % CHECKBOXES_PER_LINE)
        layout.setColumnStretch(CHECKBOXES_PER_LINE, 1)
        return box

    def focus_widgets(self) -> list[QWidget]:
        return list(self._boxes) or [self._input]

    def _set_accessible_names(self) -> None:
        """Each check box is named by its option; the field label is its description (set when built)."""

    def value(self) -> list[str]:
        return [str(box.property("option_key")) for box in self._boxes if box.isChecked()]

    def set_value(self, value: Any) -> None:
        keys = set(split_keys(value))
        for box in self._boxes:
            box.blockSignals(True)
            box.setChecked(box.property("option_key") in keys)
            box.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for box in self._boxes:
            box.setEnabled(not read_only)


class BoolEditor(FieldEditor):
    """Yes or no (``bool``): one check box, named by the field's label."""

    def _build_input(self) -> QWidget:
        check = QCheckBox(self)
        check.toggled.connect(self.changed)
        return check

    def check_box(self) -> QCheckBox:
        """The check box."""
        assert isinstance(self._input, QCheckBox)
        return self._input

    def value(self) -> bool:
        return self.check_box().isChecked()

    def set_value(self, value: Any) -> None:
        if isinstance(value, str):
            value = value.strip().lower() in _TRUE_TEXTS
        self.check_box().blockSignals(True)
        self.check_box().setChecked(bool(value))
        self.check_box().blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.check_box().setEnabled(not read_only)
