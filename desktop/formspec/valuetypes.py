"""Field types with a fixed vocabulary or a number: choice, checkboxes, bool, number, percentage, signature.

Choices are stored by their invariant option key (guidata's ``LabeledEnum``), so printing in the other
language or renaming a label never rewrites data; typing a label in either language is accepted.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop import i18n
from desktop.formspec.basetype import FieldType, ParseError, is_empty, label_of, plain_number, shown
from desktop.formspec.model import FieldDef
from desktop.i18n import N_, _


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
                label=label_of(field), value=shown(value)
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
                label=label_of(field), value=shown(value)
            )
        for key in value:
            if not isinstance(key, str) or field.option(key) is None:
                return _("{label}: {value} is not one of the choices.").format(
                    label=label_of(field), value=shown(key)
                )
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        if is_empty(value):
            return ""
        labels = [option.label.get(lang) for option in field.options if option.key in value]
        return ("、" if lang.lower().startswith("zh") else ", ").join(labels)

    def to_csv(self, value: Any) -> str:
        return ";".join(value) if value else ""


_YES = N_("Yes")
_NO = N_("No")


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
        return _("{label}: {value} is not yes or no.").format(label=label_of(field), value=shown(raw))

    def check(self, value: Any, field: FieldDef) -> str | None:
        return None if isinstance(value, bool) else self.parse_message(str(value), field)

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        if value is None:
            return ""
        # Printed in the document's language, which may differ from the screen's.
        return i18n.gettext_for(lang)(_YES if value else _NO)

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
        return _("{label}: {value} is not a valid number.").format(label=label_of(field), value=shown(raw))

    def _in_range(self, number: Decimal, field: FieldDef, scale: int = 1) -> str | None:
        if field.minimum is not None and number * scale < Decimal(str(field.minimum)):
            return _("{label} must be at least {minimum}.").format(
                label=label_of(field), minimum=plain_number(field.minimum)
            )
        if field.maximum is not None and number * scale > Decimal(str(field.maximum)):
            return _("{label} must be at most {maximum}.").format(
                label=label_of(field), maximum=plain_number(field.maximum)
            )
        return None

    def check(self, value: Any, field: FieldDef) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return self.parse_message(str(value), field)
        return self._in_range(Decimal(str(value)), field)

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return "" if value is None else i18n.format_number(value, lang)

    def to_csv(self, value: Any) -> str:
        return "" if value is None else plain_number(value)


class PercentageType(NumberType):
    """A ratio typed and exported in percent (``85`` or ``85%`` → ``Decimal("0.85")``); bounds are in percent."""

    name = "percentage"

    def parse(self, raw: str) -> Decimal | None:
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
        return _("{label}: {value} is not a valid percentage.").format(
            label=label_of(field), value=shown(raw)
        )

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
        return "" if value is None else plain_number(Decimal(str(value)) * 100) + "%"


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
