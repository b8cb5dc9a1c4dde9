"""Text-like field types: one line, paragraphs, a staff member's name, a phone number.

All of them hold ``str``. :func:`~desktop.formspec.basetype.clean_text` tidies what is typed; ``validate``
refuses NUL and lone surrogates, which SQLite's driver and ``length()`` cannot handle (TECH-NOTES), and text
longer than the field's ``max_length`` — or, when the definition sets none, the type's
:attr:`TextType.default_max_length`: no field takes unbounded text (a name thousands of characters long is a
paste gone wrong, and a one-line box cannot flow over pages the way paragraphs do).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from desktop.formspec.basetype import LONE_SURROGATE_RE, FieldType, clean_text, label_of, shown
from desktop.formspec.model import FieldDef
from desktop.i18n import _


class TextType(FieldType):
    """One line of text."""

    name = "text"
    multiline = False
    #: The most characters when the definition sets no ``max_length``: a long line, not a page of text.
    default_max_length: ClassVar[int] = 500

    def max_length(self, field: FieldDef) -> int:
        """The most characters ``field`` accepts: its definition's ``max_length``, else the type's default."""
        return field.max_length if field.max_length is not None else self.default_max_length

    def parse(self, raw: str) -> str | None:
        return clean_text(raw, multiline=self.multiline) or None

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, str):
            return self.parse_message(str(value), field)
        if "\x00" in value or LONE_SURROGATE_RE.search(value):
            return _("{label} contains a character FrontDesk cannot store.").format(label=label_of(field))
        limit = self.max_length(field)
        if len(value) > limit:
            return _("{label} is longer than {max} characters.").format(label=label_of(field), max=limit)
        return None


class MultilineType(TextType):
    """Paragraphs; tabs and line breaks are kept."""

    name = "multiline"
    multiline = True
    #: Paragraphs flow over as many pages as they need; the cap only stops a runaway paste (about 10 pages).
    default_max_length: ClassVar[int] = 20_000


class PersonType(TextType):
    """A staff member, stored as the name printed on the form."""

    name = "person"
    default_max_length: ClassVar[int] = 100


class PhoneType(TextType):
    """A phone number as typed: digits, spaces, ``+ - ( )`` and an extension; 5 to 20 digits."""

    name = "phone"
    #: 20 digits plus separators and an extension.
    default_max_length: ClassVar[int] = 40
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
