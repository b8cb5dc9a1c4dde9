"""Text-like field types: one line, paragraphs, a staff member's name, a phone number.

All of them hold ``str``. :func:`~desktop.formspec.basetype.clean_text` tidies what is typed; ``validate``
refuses NUL and lone surrogates, which SQLite's driver and ``length()`` cannot handle (TECH-NOTES).
"""

from __future__ import annotations

import re
from typing import Any

from desktop.formspec.basetype import LONE_SURROGATE_RE, FieldType, clean_text, label_of, shown
from desktop.formspec.model import FieldDef
from desktop.i18n import _


class TextType(FieldType):
    """One line of text."""

    name = "text"
    multiline = False

    def parse(self, raw: str) -> str | None:
        return clean_text(raw, multiline=self.multiline) or None

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, str):
            return self.parse_message(str(value), field)
        if "\x00" in value or LONE_SURROGATE_RE.search(value):
            return _("{label} contains a character FrontDesk cannot store.").format(label=label_of(field))
        if field.max_length is not None and len(value) > field.max_length:
            return _("{label} is longer than {max} characters.").format(
                label=label_of(field), max=field.max_length
            )
        return None


class MultilineType(TextType):
    """Paragraphs; tabs and line breaks are kept."""

    name = "multiline"
    multiline = True


class PersonType(TextType):
    """A staff member, stored as the name printed on the form."""

    name = "person"


class PhoneType(TextType):
    """A phone number as typed: digits, spaces, ``+ - ( )`` and an extension; 5 to 20 digits."""

    name = "phone"
    _ALLOWED_RE = re.compile(r"^\+?[0-9 ()\-]+((\s*(ext\.?|x|转|分机)\s*)[0-9]+)?$", re.IGNORECASE)

    def check(self, value: Any, field: FieldDef) -> str | None:
        message = super().check(value, field)
        if message:
            return message
        digits = sum(ch.isascii() and ch.isdigit() for ch in value)
        if not self._ALLOWED_RE.match(value) or not 5 <= digits <= 20:
            return _("{label}: {value} is not a valid phone number.").format(
                label=label_of(field), value=shown(value)
            )
        return None
