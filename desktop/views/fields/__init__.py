"""Field editors: one widget class per field type, found through a registry (guidata's ``register``).

The entry dialog asks :func:`create_editor` for the editor of each field of a definition; it never names a
type. A new field type is one class in ``desktop.formspec.types``, one editor here (``register("x", XEditor)``)
and one PDF cell; a new *field* needs nothing but its TOML lines.

Every editor keeps the :class:`~desktop.views.fields.base.FieldEditor` contract: ``value()`` returns the type's
Python value (as :mod:`desktop.formspec.types` documents; None when empty), ``set_value(v)`` accepts that value
or its CSV text, ``set_error(message | None)`` shows a red message under the input, ``changed`` fires on edits.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.formspec.model import FieldDef
from desktop.views.fields.base import EditorContext, FieldEditor
from desktop.views.fields.choice import BoolEditor, CheckboxesEditor, ChoiceEditor
from desktop.views.fields.dates import DateEditor, DateTimeEditor, TimeEditor
from desktop.views.fields.numbers import NumberEditor, PercentageEditor
from desktop.views.fields.print_check import attach_print_check
from desktop.views.fields.signature import SignatureEditor
from desktop.views.fields.text import MultilineEditor, PersonEditor, PhoneEditor, TextEditor

__all__ = [
    "EditorContext",
    "FieldEditor",
    "create_editor",
    "editor_class",
    "register",
    "registered_types",
]

_REGISTRY: dict[str, type[FieldEditor]] = {}


def register(type_name: str, editor: type[FieldEditor]) -> None:
    """Use ``editor`` for fields of ``type_name`` (replacing any earlier registration)."""
    _REGISTRY[type_name] = editor


def editor_class(type_name: str) -> type[FieldEditor]:
    """The editor class for a type; KeyError names a type nobody registered."""
    try:
        return _REGISTRY[type_name]
    except KeyError:
        raise KeyError(f"no editor registered for field type {type_name!r}") from None


def registered_types() -> tuple[str, ...]:
    """Type names that have an editor."""
    return tuple(_REGISTRY)


def create_editor(field: FieldDef, context: EditorContext, parent: QWidget | None = None) -> FieldEditor:
    """A new editor for ``field``, its object name ``field_<key>`` (tests and accessibility tools find it)."""
    editor = editor_class(field.type)(field, context, parent)
    editor.setObjectName(f"field_{field.key}")
    attach_print_check(editor)  # warns when a typed character cannot be printed as typed
    return editor


register("text", TextEditor)
register("multiline", MultilineEditor)
register("date", DateEditor)
register("datetime", DateTimeEditor)
register("time", TimeEditor)
register("choice", ChoiceEditor)
register("checkboxes", CheckboxesEditor)
register("bool", BoolEditor)
register("person", PersonEditor)
register("phone", PhoneEditor)
register("number", NumberEditor)
register("percentage", PercentageEditor)
register("signature", SignatureEditor)
