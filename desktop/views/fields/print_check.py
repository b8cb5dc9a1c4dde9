"""A small warning under a text field when a character cannot be printed as typed (issue 13).

The printout has fonts for Chinese, Latin, Cyrillic, Greek, Korean, Arabic script, Hebrew and most emoji; a
character none of them has prints as its name in brackets (``[melting face]``). The desk is told while typing,
beside the field — a hint, not a refusal: the record keeps exactly what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from desktop.i18n import _
from desktop.services import printing
from desktop.views.fields.base import FieldEditor

#: Amber on white: a hint, not an error (the colour of the other warnings beside fields).
WARNING_COLOUR = "#8a5a00"
#: Typing pauses this long before the text is checked.
CHECK_DELAY_MS = 300
#: Field types whose text is typed freely and printed as typed.
CHECKED_TYPES = ("text", "multiline", "person")


class PrintCheck(QObject):
    """Watches one editor's text and shows or hides its warning.

    Attributes:
        label: the warning line under the field (hidden while everything prints).
    """

    def __init__(self, editor: FieldEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self.label = QLabel(editor)
        self.label.setObjectName(f"print_warning_{editor.field.key}")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.label.hide()
        layout = editor.layout()
        if layout is not None:
            layout.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        editor.changed.connect(self._timer.start)

    def text(self) -> str:
        """The text typed in the editor."""
        for widget in self._editor.focus_widgets():
            if isinstance(widget, QLineEdit):
                return widget.text()
            if isinstance(widget, QPlainTextEdit):
                return widget.toPlainText()
        value = self._editor.value()
        return value if isinstance(value, str) else ""

    def check(self) -> None:
        """Show which characters will print by name, or hide the warning."""
        self._timer.stop()
        missing = printing.unprintable_characters(self.text())
        if not missing:
            self.label.hide()
            self.label.clear()
            return
        # The characters themselves are not shown: without a font for them they would be boxes here too.
        names = " ".join(printing.printed_name(char) for char in missing[:3]) + (
            " …" if len(missing) > 3 else ""
        )
        self.label.setText(
            _(
                "Prints as {names}: the printout has no font for this. The record keeps what you typed."
            ).format(names=names)
        )
        self.label.show()


def attach_print_check(editor: FieldEditor) -> PrintCheck | None:
    """Give ``editor`` its warning when its field is free text; None for other fields."""
    if editor.field.type not in CHECKED_TYPES:
        return None
    return PrintCheck(editor)
