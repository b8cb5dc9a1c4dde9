"""The contract every field editor keeps, and the red error line under it.

A :class:`FieldEditor` wraps one input widget (or a row of them) for one :class:`~desktop.formspec.model.FieldDef`.
The entry dialog only talks to this contract: ``value()`` / ``set_value()`` / ``set_error()`` / ``changed``, so a
new field type is one editor class plus one ``register()`` line, and the dialog never learns about it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from desktop.formspec.model import FieldDef
from desktop.i18n import _
from desktop.views.desk_dialog import ERROR_COLOUR, message_line

__all__ = ["ERROR_COLOUR", "EditorContext", "FieldEditor"]


@dataclass(frozen=True)
class EditorContext:
    """What an editor may need beyond its field definition.

    Attributes:
        lang: language of the form's labels and option texts (the UI language).
        staff_names: returns the names offered by person fields (free text is always allowed).
    """

    lang: str
    staff_names: Callable[[], Sequence[str]] | None = None


class FieldEditor(QWidget):
    """Base of all field editors: the input on top, a red error line under it (hidden when there is no error).

    Subclasses build their input in ``_build_input()``, return its widgets in ``focus_widgets()`` (first to last,
    for the dialog's tab order) and implement :meth:`value` and :meth:`set_value`.

    Attributes:
        field: the definition this editor edits.
        context: language and data sources.

    Signals:
        changed: emitted whenever the person changes the value (not when :meth:`set_value` is called with the
            value already shown).
    """

    changed = Signal()

    def __init__(self, field: FieldDef, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.context = context
        self._read_only = False
        self._error_label = message_line(f"error_{field.key}", parent=self)
        self._input = self._build_input()
        self._build_layout()
        self.setFocusProxy(self.focus_widgets()[0])
        self._set_accessible_names()

    # -- to implement -------------------------------------------------------------------------------------------

    def _build_input(self) -> QWidget:
        """Create the input widget(s) and connect their change signal to ``changed``."""
        raise NotImplementedError

    def value(self) -> Any:
        """The value as typed, parsed to the field type's Python value (None or empty when nothing is typed).

        Text that cannot be parsed (a half-typed date) is returned as the raw string, so validation can say
        what is wrong with it instead of the editor silently dropping it.
        """
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value``: the type's Python value, its CSV text form, or None for empty."""
        raise NotImplementedError

    # -- shared behaviour ---------------------------------------------------------------------------------------

    def focus_widgets(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in tab order."""
        return [self._input]

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the input in red, or clear it with None.

        The message is also put in the input's accessible description, so a screen reader reads it with the field.
        """
        label = self.field.label.get(self.context.lang)
        if message:
            self._error_label.setText(message)
            self._error_label.setAccessibleName(_("{field}: {message}").format(field=label, message=message))
            self._error_label.show()
        else:
            self._error_label.clear()
            self._error_label.setAccessibleName("")
            self._error_label.hide()
        for widget in self.focus_widgets():
            widget.setAccessibleDescription(message or "")
            widget.setProperty("invalid", bool(message))

    def error(self) -> str | None:
        """The message shown, or None."""
        return self._error_label.text() or None

    def set_read_only(self, read_only: bool) -> None:
        """Show the value without letting it be changed (numbers given by FrontDesk, fields of a closed record)."""
        self._read_only = read_only
        for widget in self.focus_widgets():
            setter = getattr(widget, "setReadOnly", None)
            if setter is not None:
                setter(read_only)
            else:
                widget.setEnabled(not read_only)

    def is_read_only(self) -> bool:
        """Whether :meth:`set_read_only` made the editor read-only."""
        return self._read_only

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._input)
        layout.addWidget(self._error_label)
        layout.addStretch(0)
        vertical = self._input.sizePolicy().verticalPolicy()
        # A fixed-height input (a line edit) must not fix the editor's height: a message of several lines under
        # it would be clipped to one. The editor may grow; the stretch keeps the input at the top.
        if vertical == QSizePolicy.Policy.Fixed:
            vertical = QSizePolicy.Policy.Minimum
        self.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)

    def _set_accessible_names(self) -> None:
        label = self.field.label.get(self.context.lang)
        for widget in self.focus_widgets():
            if not widget.accessibleName():
                widget.setAccessibleName(label)
