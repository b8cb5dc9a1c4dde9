"""The field-type registry: how each type in ``model.FIELD_TYPES`` is parsed, checked, shown and exported.

One class per type (in ``texttypes``, ``timetypes`` and ``valuetypes``, on the base in ``basetype``), in the
manner of qutebrowser's ``configtypes``: :meth:`FieldType.parse` turns text (typed
or read from a CSV/XLSX cell) into a value, :meth:`FieldType.validate` returns a translated message or None,
:meth:`FieldType.display` formats a value for screen or paper in a given language, and ``to_csv``/``from_csv``
round-trip a value through a spreadsheet cell. The widget and PDF adapters register against the same type
names (``views/fields/``, ``pdf/cells.py``), so a new type is one class plus two registrations. Import
everything from this module; the others are its implementation.

Values: text-like types hold ``str``; ``date``/``datetime``/``time`` hold the ``datetime`` types (naive, office
time, datetimes to the minute); ``choice`` holds an option key; ``checkboxes`` a list of option keys; ``bool``
a bool; ``number`` an ``int`` or a ``Decimal``; ``percentage`` a ``Decimal`` ratio (``0.85`` for 85 %);
``signature`` nothing. Empty is ``None`` (``[]`` for checkboxes).

Text is cleaned on the way in (:func:`clean_text`) and refused by :meth:`TextType.validate` when it still holds
NUL or a lone surrogate: SQLite's driver fails on lone surrogates and NUL breaks ``length()`` and search
(TECH-NOTES).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from desktop.errors import ValidationError
from desktop.formspec.basetype import FieldType, ParseError, clean_text, is_empty
from desktop.formspec.model import FieldDef, FormDef
from desktop.formspec.texttypes import MultilineType, PersonType, PhoneType, TextType
from desktop.formspec.timetypes import DateTimeType, DateType, TimeType
from desktop.formspec.valuetypes import (
    BoolType,
    CheckboxesType,
    ChoiceType,
    NumberType,
    PercentageType,
    SignatureType,
)
from desktop.i18n import _

__all__ = [
    "FieldType",
    "ParseError",
    "clean_text",
    "default_value",
    "display_value",
    "get_type",
    "is_empty",
    "max_length_of",
    "parse_field",
    "parse_record",
    "register_type",
    "type_of",
    "validate_record",
]

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


def max_length_of(field: FieldDef) -> int | None:
    """The most characters ``field`` accepts (text-like types always have a limit), None for other types."""
    field_type = type_of(field)
    return field_type.max_length(field) if isinstance(field_type, TextType) else None


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
