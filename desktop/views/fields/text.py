"""Editors for typed text: one line, paragraphs, phone numbers and staff names.

Each text field has a limit (the definition's ``max_length``, else its type's). Nothing typed or pasted is ever
cut to fit: from :data:`COUNTER_FROM` of the limit a counter under the box shows how much is used ("3,950 /
4,000"), and text over the limit stays in the box, marked with how much must go, until the desk shortens it —
Save refuses it meanwhile. (A pasted 4,000-character complaint used to lose its end without a word.)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, QSize, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from desktop import i18n
from desktop.formspec.model import FieldDef
from desktop.formspec.types import get_type, max_length_of
from desktop.i18n import _
from desktop.views.fields.base import ERROR_COLOUR, EditorContext, FieldEditor

#: The counter appears once this share of the limit is used.
COUNTER_FROM = 0.8


class LimitedTextEditor(FieldEditor):
    """A text editor with a length counter near its limit and a message over it; never cuts what was typed.

    Subclasses call :meth:`_show_length` whenever their text changes.
    """

    def __init__(self, field: FieldDef, context: EditorContext, parent: QWidget | None = None) -> None:
        self.limit = max_length_of(field) or 0
        self._over_limit = False
        self.counter = QLabel()
        self.counter.setObjectName(f"counter_{field.key}")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter.hide()
        super().__init__(field, context, parent)
        self.counter.setParent(self)
        font = self.counter.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.counter.setFont(font)

    def _build_layout(self) -> None:
        super()._build_layout()
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.counter)

    def _show_length(self, length: int) -> None:
        """Show the counter near the limit, and the message over it (cleared once the text fits again)."""
        if not self.limit or length < self.limit * COUNTER_FROM:
            self.counter.hide()
        else:
            lang = self.context.lang
            self.counter.setText(
                _("{count} / {limit} characters").format(
                    count=i18n.format_number(length, lang), limit=i18n.format_number(self.limit, lang)
                )
            )
            self.counter.setStyleSheet(
                f"color: {ERROR_COLOUR};" if length > self.limit else "color: palette(mid);"
            )
            self.counter.show()
        over = bool(self.limit) and length > self.limit
        if over:
            self.set_error(
                _(
                    "{count} characters too many: this box holds {limit}. Shorten the text; nothing was cut."
                ).format(
                    count=i18n.format_number(length - self.limit, self.context.lang),
                    limit=i18n.format_number(self.limit, self.context.lang),
                )
            )
        elif self._over_limit:
            self.set_error(None)
        self._over_limit = over

    def length_over(self) -> int:
        """How many characters are over the limit (0 when the text fits)."""
        return max(0, self._length() - self.limit) if self.limit else 0

    def _length(self) -> int:
        raise NotImplementedError


#: Characters a phone number may be typed with: digits, +, spaces, hyphens, brackets, "ext"/"转" separators.
#: Anything else (letters, Chinese) is refused at the keyboard; length and digit count are the types registry's job.
PHONE_PATTERN = r"[0-9+()\-\s转分机extEXT.]*"


class TextEditor(LimitedTextEditor):
    """A one-line text (``text``), counted against the field's ``max_length`` (or its type's default).

    No ``QLineEdit.setMaxLength``: it cuts a paste without a word.
    """

    def _build_input(self) -> QWidget:
        edit = QLineEdit(self)
        edit.textEdited.connect(self.changed)
        edit.textChanged.connect(lambda text: self._show_length(len(text)))
        return edit

    def _length(self) -> int:
        return len(self.line_edit().text())

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


class MultilineEditor(LimitedTextEditor):
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
        self._show_length(self._length())
        self.changed.emit()

    def _length(self) -> int:
        return len(self.text_edit().toPlainText())

    def value(self) -> str | None:
        return get_type(self.field.type).parse(self.text_edit().toPlainText())

    def set_value(self, value: Any) -> None:
        edit = self.text_edit()
        edit.blockSignals(True)
        edit.setPlainText("" if value is None else str(value))
        edit.blockSignals(False)
        self._show_length(self._length())


class PersonEditor(LimitedTextEditor):
    """A staff member (``person``): an editable list of staff names; a name not on the list may be typed."""

    def _build_input(self) -> QWidget:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = list(self.context.staff_names()) if self.context.staff_names else []
        combo.addItems(names)
        combo.setCurrentIndex(-1)
        combo.setEditText("")
        completer = combo.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        combo.editTextChanged.connect(self.changed)
        combo.editTextChanged.connect(lambda text: self._show_length(len(text)))
        return combo

    def _length(self) -> int:
        return len(self.combo().currentText())

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
        self._show_length(len(text))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        line = self.combo().lineEdit()
        if line is not None:
            line.setReadOnly(read_only)
        # A read-only combo must not open its list either; disabling keeps the text readable.
        self.combo().setEnabled(not read_only)
