"""The field-type registry: how each type in ``model.FIELD_TYPES`` is parsed, checked, shown and exported.

One class per type, in the manner of qutebrowser's ``configtypes``: :meth:`FieldType.parse` turns text (typed
or read from a CSV/XLSX cell) into a value, :meth:`FieldType.validate` returns a translated message or None,
:meth:`FieldType.display` formats a value for screen or paper in a given language, and ``to_csv``/``from_csv``
round-trip a value through a spreadsheet cell. The widget and PDF adapters register against the same type
names (``views/fields/``, ``pdf/cells.py``), so a new type is one class here plus two registrations.

Values: text-like types hold ``str``; ``date``/``datetime``/``time`` hold the ``datetime`` types (naive, office
time, datetimes to the minute); ``choice`` holds an option key; ``checkboxes`` a list of option keys; ``bool``
a bool; ``number`` an ``int`` or a ``Decimal``; ``percentage`` a ``Decimal`` ratio (``0.85`` for 85 %);
``signature`` nothing. Empty is ``None`` (``[]`` for checkboxes).

Text is cleaned on the way in (:func:`clean_text`) and refused by :meth:`TextType.validate` when it still holds
NUL or a lone surrogate: SQLite's driver fails on lone surrogates and NUL breaks ``length()`` and search
(TECH-NOTES).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from desktop import i18n
from desktop.errors import ValidationError
from desktop.formspec.model import FieldDef, FormDef
from desktop.i18n import _


class ParseError(ValueError):
    """Text that cannot be read as a value of the type; :meth:`FieldType.parse_message` explains it."""


# Control characters other than tab and newline; DEL and the C1 block are as invisible and as unwelcome.
_CONTROL_RE = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f]")
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_MESSAGE_VALUE_LIMIT = 40


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Text as FrontDesk stores it: stripped, CRLF → LF, control characters removed.

    NUL and lone surrogates are kept so that :meth:`TextType.validate` can refuse them with a message
    rather than quietly changing what was typed. In one-line text, tabs and line breaks become spaces.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        text = text.replace("\t", "    ")
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    else:
        text = re.sub(r"[\t\n]+", " ", text)
    return _CONTROL_RE.sub("", text).strip()


def is_empty(value: object) -> bool:
    """Whether a value counts as not filled in."""
    return value is None or value == "" or value == [] or value == ()


def _shown(raw: object) -> str:
    """A typed value as quoted in a message: shortened, control characters made visible."""
    text = str(raw)
    text = _LONE_SURROGATE_RE.sub("\ufffd", text).replace("\x00", "\ufffd")
    text = _CONTROL_RE.sub("\ufffd", text).replace("\n", " ")
    return text if len(text) <= _MESSAGE_VALUE_LIMIT else text[: _MESSAGE_VALUE_LIMIT - 1] + "…"


def _label(field: FieldDef) -> str:
    return field.label.get(i18n.ui_language())


def _plain_number(value: Decimal | int | float) -> str:
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
        return _("{label}: {value} is not valid.").format(label=_label(field), value=_shown(raw))

    def validate(self, value: Any, field: FieldDef) -> str | None:
        """A translated message when ``value`` is not acceptable for ``field``, else None."""
        if is_empty(value):
            if field.required and not field.readonly:
                return _("{label} is required.").format(label=_label(field))
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


class TextType(FieldType):
    """One line of text."""

    name = "text"
    multiline = False

    def parse(self, raw: str) -> str | None:
        return clean_text(raw, multiline=self.multiline) or None

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, str):
            return self.parse_message(str(value), field)
        if "\x00" in value or _LONE_SURROGATE_RE.search(value):
            return _("{label} contains a character FrontDesk cannot store.").format(label=_label(field))
        if field.max_length is not None and len(value) > field.max_length:
            return _("{label} is longer than {max} characters.").format(
                label=_label(field), max=field.max_length
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
                label=_label(field), value=_shown(value)
            )
        return None


class DateType(FieldType):
    """A calendar day, written ``YYYY-MM-DD``."""

    name = "date"

    def parse(self, raw: str) -> date | None:
        text = raw.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text.replace("/", "-")) if len(text) <= 10 else _date_of_datetime(text)
        except ValueError:
            raise ParseError(raw) from None

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid date (use YYYY-MM-DD).").format(
            label=_label(field), value=_shown(raw)
        )

    def check(self, value: Any, field: FieldDef) -> str | None:
        if isinstance(value, datetime) or not isinstance(value, date):
            return self.parse_message(str(value), field)
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return i18n.format_date(value, lang) if isinstance(value, date) else ""

    def to_csv(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else ""


def _date_of_datetime(text: str) -> date:
    """Excel may save a date cell as ``2026-03-16 00:00:00``; accept it when the time is midnight."""
    moment = datetime.fromisoformat(text)
    if moment.time() != time(0, 0):
        raise ValueError(text)
    return moment.date()


class DateTimeType(FieldType):
    """A date and a clock time to the minute, written ``YYYY-MM-DD HH:MM``."""

    name = "datetime"

    def parse(self, raw: str) -> datetime | None:
        text = raw.strip()
        if not text:
            return None
        if not re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?$", text):
            raise ParseError(raw)
        try:
            moment = datetime.fromisoformat(text.replace("T", " "))
        except ValueError:
            raise ParseError(raw) from None
        return moment.replace(second=0, microsecond=0)

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid date and time (use YYYY-MM-DD HH:MM).").format(
            label=_label(field), value=_shown(raw)
        )

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, datetime):
            return self.parse_message(str(value), field)
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return i18n.format_datetime(value, lang) if isinstance(value, datetime) else ""

    def to_csv(self, value: Any) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


class TimeType(FieldType):
    """A clock time, written ``HH:MM``."""

    name = "time"

    def parse(self, raw: str) -> time | None:
        text = raw.strip()
        if not text:
            return None
        if not re.match(r"^\d{1,2}:\d{2}(:\d{2})?$", text):
            raise ParseError(raw)
        hours, minutes = text.split(":")[:2]
        try:
            return time(int(hours), int(minutes))
        except ValueError:
            raise ParseError(raw) from None

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid time (use HH:MM).").format(
            label=_label(field), value=_shown(raw)
        )

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, time):
            return self.parse_message(str(value), field)
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return i18n.format_time(value, lang) if isinstance(value, time) else ""

    def to_csv(self, value: Any) -> str:
        return value.strftime("%H:%M") if isinstance(value, time) else ""


class ChoiceType(FieldType):
    """One option, stored by its invariant key; an option's zh or en label is accepted when typed."""

    name = "choice"

    def parse(self, raw: str) -> str | None:
        return raw.strip() or None

    def resolve(self, text: str, field: FieldDef) -> str:
        """The option key ``text`` names (a key or either label), or ``text`` itself when none matches."""
        if field.option(text) is not None:
            return text
        folded = text.casefold()
        for option in field.options:
            if folded in (option.key.casefold(), option.label.zh.casefold(), option.label.en.casefold()):
                return option.key
        return text

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, str) or field.option(value) is None:
            return _("{label}: {value} is not one of the choices.").format(
                label=_label(field), value=_shown(value)
            )
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        if is_empty(value):
            return ""
        option = field.option(value)
        return option.label.get(lang) if option else str(value)


class CheckboxesType(FieldType):
    """Any of the options, stored as a list of keys in definition order; CSV cells join them with ``;``."""

    name = "checkboxes"

    def parse(self, raw: str) -> list[str]:
        parts = re.split(r"[;,；，、]", raw)
        return [part.strip() for part in parts if part.strip()]

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, list | tuple):
            return _("{label}: {value} is not one of the choices.").format(
                label=_label(field), value=_shown(value)
            )
        for key in value:
            if not isinstance(key, str) or field.option(key) is None:
                return _("{label}: {value} is not one of the choices.").format(
                    label=_label(field), value=_shown(key)
                )
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        if is_empty(value):
            return ""
        labels = [option.label.get(lang) for option in field.options if option.key in value]
        return ("、" if lang.lower().startswith("zh") else ", ").join(labels)

    def to_csv(self, value: Any) -> str:
        return ";".join(value) if value else ""


class BoolType(FieldType):
    """Yes or no."""

    name = "bool"
    _TRUE = ("true", "yes", "y", "1", "是", "√", "✓", "x")
    _FALSE = ("false", "no", "n", "0", "否")

    def parse(self, raw: str) -> bool | None:
        text = raw.strip().casefold()
        if not text:
            return None
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        raise ParseError(raw)

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not yes or no.").format(label=_label(field), value=_shown(raw))

    def check(self, value: Any, field: FieldDef) -> str | None:
        return None if isinstance(value, bool) else self.parse_message(str(value), field)

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        if value is None:
            return ""
        gettext = i18n.gettext_for(lang)
        return gettext("Yes") if value else gettext("No")

    def to_csv(self, value: Any) -> str:
        return "" if value is None else ("true" if value else "false")


class NumberType(FieldType):
    """A number: ``int`` when whole, otherwise ``Decimal``; ``minimum``/``maximum`` apply."""

    name = "number"

    def parse(self, raw: str) -> int | Decimal | None:
        text = raw.strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ParseError(raw) from None
        if not number.is_finite():
            raise ParseError(raw)
        return int(number) if number == number.to_integral_value() and "." not in text else number

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid number.").format(label=_label(field), value=_shown(raw))

    def _in_range(self, number: Decimal, field: FieldDef, scale: int = 1) -> str | None:
        if field.minimum is not None and number * scale < Decimal(str(field.minimum)):
            return _("{label} must be at least {minimum}.").format(
                label=_label(field), minimum=_plain_number(field.minimum)
            )
        if field.maximum is not None and number * scale > Decimal(str(field.maximum)):
            return _("{label} must be at most {maximum}.").format(
                label=_label(field), maximum=_plain_number(field.maximum)
            )
        return None

    def check(self, value: Any, field: FieldDef) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return self.parse_message(str(value), field)
        return self._in_range(Decimal(str(value)), field)

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return "" if value is None else i18n.format_number(value, lang)

    def to_csv(self, value: Any) -> str:
        return "" if value is None else _plain_number(value)


class PercentageType(NumberType):
    """A ratio typed and exported in percent (``85`` or ``85%`` → ``Decimal("0.85")``); bounds are in percent."""

    name = "percentage"

    def parse(self, raw: str) -> Decimal | None:  # type: ignore[override]
        text = raw.strip().replace(" ", "").removesuffix("%").removesuffix("％")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ParseError(raw) from None
        if not number.is_finite():
            raise ParseError(raw)
        return number / 100

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid percentage.").format(label=_label(field), value=_shown(raw))

    def check(self, value: Any, field: FieldDef) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return self.parse_message(str(value), field)
        return self._in_range(Decimal(str(value)), field, scale=100)

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        if value is None:
            return ""
        whole = Decimal(str(value)) * 100 == (Decimal(str(value)) * 100).to_integral_value()
        return i18n.format_percent(float(value), lang, digits=0 if whole else 1)

    def to_csv(self, value: Any) -> str:
        return "" if value is None else _plain_number(Decimal(str(value)) * 100) + "%"


class SignatureType(FieldType):
    """A line signed on paper: nothing is typed, nothing is stored, CSV cells are ignored."""

    name = "signature"

    def parse(self, raw: str) -> None:
        return None

    def validate(self, value: Any, field: FieldDef) -> str | None:
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return ""

    def to_csv(self, value: Any) -> str:
        return ""


_REGISTRY: dict[str, FieldType] = {}


def register_type(field_type: FieldType) -> None:
    """Add (or replace) the implementation of ``field_type.name``."""
    _REGISTRY[field_type.name] = field_type


for _cls in (
    TextType,
    MultilineType,
    DateType,
    DateTimeType,
    TimeType,
    ChoiceType,
    CheckboxesType,
    BoolType,
    PersonType,
    PhoneType,
    NumberType,
    PercentageType,
    SignatureType,
):
    register_type(_cls())


def get_type(name: str) -> FieldType:
    """The implementation of a type name; KeyError for an unknown one."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown field type {name!r}") from None


def type_of(field: FieldDef) -> FieldType:
    """The implementation of ``field``'s type."""
    return get_type(field.type)


def parse_field(field: FieldDef, raw: str) -> Any:
    """Parse ``raw`` for ``field`` (choices also accept a label); raises ValidationError with the message."""
    field_type = type_of(field)
    try:
        value = field_type.parse(raw)
    except ParseError:
        raise ValidationError({field.key: field_type.parse_message(raw, field)}) from None
    if isinstance(field_type, ChoiceType) and value is not None:
        value = field_type.resolve(value, field)
    elif isinstance(field_type, CheckboxesType):
        value = [ChoiceType().resolve(key, field) for key in value]
    return value


def display_value(field: FieldDef, value: Any, lang: str) -> str:
    """``field``'s value as printed in ``lang``."""
    return type_of(field).display(value, field, lang)


def default_value(field: FieldDef, now: datetime) -> Any:
    """The value a new record starts with: the definition's ``default`` (``today``/``now`` use ``now``)."""
    if field.default is None:
        return [] if field.type == "checkboxes" else None
    if field.default in ("today", "now"):
        if field.type == "date":
            return now.date()
        if field.type == "datetime":
            return now.replace(second=0, microsecond=0)
        if field.type == "time":
            return now.time().replace(second=0, microsecond=0)
    return parse_field(field, field.default)


def validate_record(form: FormDef, values: Mapping[str, Any]) -> dict[str, str]:
    """Every problem with a record's values: field key → translated message; empty when valid.

    A key absent from ``values`` counts as empty. Readonly fields are filled by FrontDesk, so they are never
    "required" here, but a value they do hold is still checked.
    """
    errors: dict[str, str] = {}
    for field in form.fields:
        message = type_of(field).validate(values.get(field.key), field)
        if message:
            errors[field.key] = message
    return errors


def parse_record(form: FormDef, raw: Mapping[str, str]) -> dict[str, Any]:
    """Parse one CSV/XLSX row (field key → cell text) into values.

    Only keys present in ``raw`` appear in the result; signature cells are dropped.

    Raises:
        ValidationError: with every cell that could not be read (field key → message), or a key the form
            does not define.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, text in raw.items():
        if not form.has_field(key):
            errors[key] = _("{key} is not a field of this form.").format(key=key)
            continue
        field = form.field(key)
        if field.type == "signature":
            continue
        try:
            values[key] = parse_field(field, text if text is not None else "")
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return values
