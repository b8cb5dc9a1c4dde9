"""Editors for typed text: one line, paragraphs, phone numbers and staff names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, QSize, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from desktop.formspec.types import get_type, max_length_of
from desktop.views.fields.base import FieldEditor

#: Characters a phone number may be typed with: digits, +, spaces, hyphens, brackets, "ext"/"转" separators.
#: Anything else (letters, Chinese) is refused at the keyboard; length and digit count are the types registry's job.
PHONE_PATTERN = r"[0-9+()\-\s转分机extEXT.]*"


class TextEditor(FieldEditor):
    """A one-line text (``text``): a line edit limited to the field's ``max_length`` (or its type's default)."""

    def _build_input(self) -> QWidget:
        edit = QLineEdit(self)
        limit = max_length_of(self.field)
        if limit:
            edit.setMaxLength(limit)
        edit.textEdited.connect(self.changed)
        return edit

    def line_edit(self) -> QLineEdit:
        """The line edit (for tests and for the dialog's completers)."""
        assert isinstance(self._input, QLineEdit)
        return self._input

    def value(self) -> str | None:
        return get_type(self.field.type).parse(self.line_edit().text())

    def set_value(self, value: Any) -> None:
        self.line_edit().setText("" if value is None else str(value))


class PhoneEditor(TextEditor):
    """A phone number (``phone``): digits and the usual separators only, so a typo is caught while typing."""

    def _build_input(self) -> QWidget:
        edit = super()._build_input()
        assert isinstance(edit, QLineEdit)
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(PHONE_PATTERN), edit))
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        return edit


#: Lines of text a paragraph box shows before it scrolls: enough to read a description, small enough that a
#: sheet with four sections fits a 1280×800 screen with little scrolling.
MULTILINE_VISIBLE_LINES = 4


class _ParagraphBox(QPlainTextEdit):
    """A text box whose preferred height is a few lines rather than Qt's default 192 px."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing() * MULTILINE_VISIBLE_LINES
        margins = self.contentsMargins()
        frame = (
            2 * self.frameWidth()
            + int(2 * self.document().documentMargin())
            + margins.top()
            + margins.bottom()
        )
        return QSize(hint.width(), lines + frame)


class MultilineEditor(FieldEditor):
    """Paragraphs (``multiline``). Tab moves to the next field instead of typing a tab: desks fill by keyboard."""

    def _build_input(self) -> QWidget:
        edit = _ParagraphBox(self)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 2 + 12)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        edit.textChanged.connect(self._on_text_changed)
        return edit

    def text_edit(self) -> QPlainTextEdit:
        """The text box."""
        assert isinstance(self._input, QPlainTextEdit)
        return self._input

    def _on_text_changed(self) -> None:
        limit = max_length_of(self.field)
        edit = self.text_edit()
        if limit and len(edit.toPlainText()) > limit:
            # QPlainTextEdit has no maxLength: cut the overflow (a paste) so the stored text fits the printed box.
            cursor = edit.textCursor()
            position = min(cursor.position(), limit)
            edit.blockSignals(True)
            edit.setPlainText(edit.toPlainText()[:limit])
            edit.blockSignals(False)
            cursor = edit.textCursor()
            cursor.setPosition(position)
            edit.setTextCursor(cursor)
        self.changed.emit()

    def value(self) -> str | None:
        return get_type(self.field.type).parse(self.text_edit().toPlainText())

    def set_value(self, value: Any) -> None:
        edit = self.text_edit()
        edit.blockSignals(True)
        edit.setPlainText("" if value is None else str(value))
        edit.blockSignals(False)


class PersonEditor(FieldEditor):
    """A staff member (``person``): an editable list of staff names; a name not on the list may be typed."""

    def _build_input(self) -> QWidget:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = list(self.context.staff_names()) if self.context.staff_names else []
        combo.addItems(names)
        combo.setCurrentIndex(-1)
        combo.setEditText("")
        line = combo.lineEdit()
        assert line is not None
        limit = max_length_of(self.field)
        if limit:
            line.setMaxLength(limit)
        completer = combo.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        combo.editTextChanged.connect(self.changed)
        return combo

    def combo(self) -> QComboBox:
        """The combo box."""
        assert isinstance(self._input, QComboBox)
        return self._input

    def value(self) -> str | None:
        return get_type(self.field.type).parse(self.combo().currentText())

    def set_value(self, value: Any) -> None:
        combo = self.combo()
        combo.blockSignals(True)
        text = "" if value is None else str(value)
        index = combo.findText(text)
        combo.setCurrentIndex(index)
        combo.setEditText(text)
        combo.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        line = self.combo().lineEdit()
        if line is not None:
            line.setReadOnly(read_only)
        # A read-only combo must not open its list either; disabling keeps the text readable.
        self.combo().setEnabled(not read_only)
