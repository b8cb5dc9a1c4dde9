"""The base of the field types: :class:`FieldType`, text cleaning and the helpers every type shares.

A type turns text into a value (:meth:`FieldType.parse`), checks a value (:meth:`FieldType.validate`, a
translated message or None), shows it in a language (:meth:`FieldType.display`) and round-trips it through a
spreadsheet cell (``to_csv``/``from_csv``). The concrete types live in ``texttypes``, ``timetypes`` and
``valuetypes``; :mod:`desktop.formspec.types` is the registry everyone else imports.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, ClassVar

from desktop import i18n
from desktop.formspec.model import FieldDef
from desktop.i18n import _


class ParseError(ValueError):
    """Text that cannot be read as a value of the type; :meth:`FieldType.parse_message` explains it."""


# Control characters other than tab and newline; DEL and the C1 block are as invisible and as unwelcome.
CONTROL_RE = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f]")
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_MESSAGE_VALUE_LIMIT = 40


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Text as FrontDesk stores it: stripped, CRLF → LF, control characters removed.

    Multiline text keeps tabs and line breaks; in one-line text they become spaces. NUL and lone
    surrogates are kept so that ``validate`` can refuse them with a message rather than quietly changing
    what was typed.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    else:
        text = re.sub(r"[\t\n]+", " ", text)
    return CONTROL_RE.sub("", text).strip()


def is_empty(value: object) -> bool:
    """Whether a value counts as not filled in."""
    return value is None or value == "" or value == [] or value == ()


def shown(raw: object) -> str:
    """A typed value as quoted in a message: shortened, control characters made visible."""
    text = str(raw)
    text = LONE_SURROGATE_RE.sub("\ufffd", text).replace("\x00", "\ufffd")
    text = CONTROL_RE.sub("\ufffd", text).replace("\n", " ")
    return text if len(text) <= _MESSAGE_VALUE_LIMIT else text[: _MESSAGE_VALUE_LIMIT - 1] + "…"


def label_of(field: FieldDef) -> str:
    return field.label.get(i18n.ui_language())


def plain_number(value: Decimal | int | float) -> str:
    """``12``, ``12.5``, ``-0.25``: no exponent, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)) if isinstance(value, float) else value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class FieldType:
    """Base class: a type whose value is the text itself."""

    name: ClassVar[str] = ""

    def parse(self, raw: str) -> Any:
        """The value ``raw`` stands for; None when blank. Raises :class:`ParseError` when unreadable."""
        text = raw.strip()
        return text or None

    def parse_message(self, raw: str, field: FieldDef) -> str:
        """The translated message for text :meth:`parse` refused."""
        return _("{label}: {value} is not valid.").format(label=label_of(field), value=shown(raw))

    def validate(self, value: Any, field: FieldDef) -> str | None:
        """A translated message when ``value`` is not acceptable for ``field``, else None."""
        if is_empty(value):
            if field.required and not field.readonly:
                return _("{label} is required.").format(label=label_of(field))
            return None
        return self.check(value, field)

    def check(self, value: Any, field: FieldDef) -> str | None:
        """Type-specific checks of a non-empty value."""
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        """The value as printed or shown in ``lang``; empty text for an empty value."""
        return "" if is_empty(value) else str(value)

    def to_csv(self, value: Any) -> str:
        """The value as one spreadsheet cell (read back by :meth:`from_csv`)."""
        return "" if is_empty(value) else str(value)

    def from_csv(self, text: str) -> Any:
        """The value of a cell written by :meth:`to_csv` (or typed by hand in the same form)."""
        return self.parse(text)
