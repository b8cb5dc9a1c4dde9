"""How one field's value reads on paper, and the printed blanks for handwriting.

This is the single adapter between stored values and print: it uses ``desktop.formspec.types.display_value``
(one formatting rule for screen, CSV and print) and falls back to a small formatter only if that module is
missing or refuses a value (a hand-built test definition with an unknown type), so a print never fails on it.

The date blank is deliberately not a gettext string: Chinese paper forms print "____年__月__日" literally, and
English ones the ISO order "____-__-__", which is unambiguous to a hand filling it in anywhere. Both are
printed with wider blanks than that, to leave room for handwritten digits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from functools import cache

from desktop import i18n
from desktop.formspec.model import FieldDef

_ZH_NUMERALS = "一二三四五六七八九十"
_DATE_TYPES = ("date", "datetime", "time")


def is_zh(lang: str) -> bool:
    """Whether ``lang`` prints Chinese."""
    return i18n.normalize_language(lang) == "zh_CN"


@cache
def _types_display() -> Callable[[FieldDef, object, str], str] | None:
    try:
        from desktop.formspec.types import display_value as display
    except ImportError:
        return None
    return display


def display_value(value: object, field: FieldDef, lang: str) -> str:
    """``value`` of ``field`` as printed text in ``lang``; empty for a missing value."""
    if value is None or value == "" or value == [] or value == ():
        return ""
    display = _types_display()
    if display is not None:
        try:
            return str(display(field, value, lang))
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a value of an unexpected shape still prints, plainly
    return _fallback_display(value, field, lang)


def _fallback_display(value: object, field: FieldDef, lang: str) -> str:
    _ = i18n.gettext_for(lang)
    if isinstance(value, datetime):
        return i18n.format_datetime(value, lang)
    if isinstance(value, date):
        return i18n.format_date(value, lang)
    if isinstance(value, time):
        return i18n.format_time(value, lang)
    if field.type in ("choice", "checkboxes"):
        separator = "、" if is_zh(lang) else ", "
        return separator.join(option_label(field, key, lang) for key in selected_keys(value, field))
    if field.type == "bool":
        return _("Yes") if value else _("No")
    if field.type == "number" and isinstance(value, int | float):
        return i18n.format_number(value, lang)
    if field.type == "percentage" and isinstance(value, int | float):
        return i18n.format_percent(value, lang)
    return str(value)


def option_label(field: FieldDef, key: str, lang: str) -> str:
    """The label of option ``key`` (the key itself when the definition no longer has it)."""
    option = field.option(key)
    return option.label.get(lang) if option else key


def selected_keys(value: object, field: FieldDef) -> set[str]:
    """The option keys a choice / checkboxes value selects (a key, a list of keys, or "a,b")."""
    if value is None or value == "":
        return set()
    if isinstance(value, str):
        return {part.strip() for part in value.split(",")} if field.type == "checkboxes" else {value}
    if isinstance(value, Iterable):
        return {str(item) for item in value}
    return {str(value)}


def date_blank(lang: str) -> str:
    """The blank a hand fills a date into: ``______年____月____日`` / ``______-____-____`` (room for digits)."""
    return "______年____月____日" if is_zh(lang) else "______-____-____"


def blank_for(field: FieldDef, lang: str) -> str:
    """What an empty field prints: date blanks for date types, nothing otherwise (the box is the blank)."""
    if field.type == "date":
        return date_blank(lang)
    if field.type == "datetime":
        return f"{date_blank(lang)}  ___:___"
    if field.type == "time":
        return "___:___"
    return ""


def copy_caption(index: int, caption: str, lang: str) -> str:
    """``第一联 人力公关部留存`` / ``Copy 1 — …``: the copy's ordinal then its definition caption.

    Chinese ordinals are literal (第一联 … 第十联) because gettext cannot spell a number in Chinese numerals.
    """
    if is_zh(lang):
        ordinal = f"第{_ZH_NUMERALS[index]}联" if index < len(_ZH_NUMERALS) else f"第{index + 1}联"
        return f"{ordinal} {caption}".strip()
    _ = i18n.gettext_for(lang)
    ordinal = _("Copy {number}").format(number=index + 1)
    return f"{ordinal} — {caption}" if caption else ordinal
