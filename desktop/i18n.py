"""Languages: one gettext catalog for the screens and the printed forms.

Source strings are English; ``resources/translations/zh_CN.po`` carries Chinese. The catalog is read straight
from the ``.po`` file with babel (no compiled ``.mo`` to build or ship). Screens use :func:`_` in the UI
language; a printout may be in another language, so everything that formats takes an explicit ``lang``
(:func:`gettext_for`, :func:`format_date` …).

Mark strings declared at import time with :func:`N_` and translate them where they are shown.
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.pofile import read_po

from desktop import paths

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}

_ui_language = DEFAULT_LANGUAGE


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it now."""
    return message


def normalize_language(lang: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``en_US`` … onto a language FrontDesk has."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.replace("-", "_").split(".")[0].lower()
    if code.startswith("zh"):
        return "zh_CN"
    if code.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


#: Locale names that mean "no language set" (and what Python's PEP 538 coercion sets when LANG is missing).
_UNSET_LOCALES = frozenset({"", "C", "POSIX", "C.UTF-8", "C.utf8"})
#: Windows names its locales in English words ("Chinese (Simplified)_China"), not ISO codes.
_WINDOWS_NAMES = {"chinese": "zh_CN", "english": "en"}


def locale_language() -> str | None:
    """The language the computer's locale names, when FrontDesk has it; None when the computer names none.

    On Linux the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) is the locale. Without any of them Python
    coerces the C locale to ``C.UTF-8``, which :func:`locale.getlocale` reports as ``en_US``: that is not a
    choice anybody made, so it counts as no language (a desk PC started without ``LANG`` keeps the office's
    language instead of switching to English). A language FrontDesk does not have (``de_DE``) is None too.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return None if value in _UNSET_LOCALES else _known_language(value)
    if sys.platform not in ("win32", "darwin"):  # elsewhere the environment above is the locale
        return None
    try:
        code = locale.getlocale()[0]
    except ValueError:
        code = None
    return _known_language(code) if code and code not in _UNSET_LOCALES else None


def _known_language(code: str) -> str | None:
    lowered = code.replace("-", "_").lower()
    for word, lang in _WINDOWS_NAMES.items():
        if lowered.startswith(word):
            return lang
    if lowered.startswith(("zh", "en")):
        return normalize_language(code)
    return None


def system_language() -> str:
    """The language of the user's system locale, falling back to Chinese when it names none we have."""
    return locale_language() or DEFAULT_LANGUAGE


def screen_language(*, personal: str | None = None, office: str | None = None) -> str:
    """The language of the screens: whose choice wins over whose.

    1. ``personal``: what the person chose for this computer in Settings (anyone may);
    2. the computer's locale (:func:`locale_language`), so a machine set to English shows English;
    3. ``office``: the office's language (chosen in the first-run wizard, setting ``ui.language``), for a
       computer that names no language of ours;
    4. Chinese.

    ``--lang`` on the command line overrides all of them; the caller checks it first.
    """
    for lang in (personal, locale_language(), office):
        if lang:
            return normalize_language(lang)
    return DEFAULT_LANGUAGE


@cache
def _catalog(lang: str) -> dict[str, str]:
    """msgid → msgstr for one language; empty for English, the source language."""
    if lang == "en":
        return {}
    try:
        path = paths.translations_dir() / f"{lang}.po"
    except paths.MissingDataError:
        return {}  # a broken installation; the front door reports it in one line
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def gettext_for(lang: str) -> Callable[[str], str]:
    """A ``_()`` bound to one language, for a document printed in a language other than the UI's."""
    table = _catalog(normalize_language(lang))
    return lambda message: table.get(message, message)


def has_translation(message: str, lang: str) -> bool:
    """Whether ``message`` has an entry in ``lang``'s catalog (English always has)."""
    lang = normalize_language(lang)
    return lang == "en" or message in _catalog(lang)


def set_ui_language(lang: str) -> None:
    """Switch the language :func:`_` translates into."""
    global _ui_language
    _ui_language = normalize_language(lang)


def ui_language() -> str:
    """The language the screens are shown in."""
    return _ui_language


def _(message: str) -> str:
    """Translate ``message`` into the UI language."""
    return _catalog(_ui_language).get(message, message)


def pick(labels: dict[str, str], lang: str) -> str:
    """Choose the label for ``lang`` from a ``{"zh": …, "en": …}`` mapping (form definitions use these)."""
    key = "zh" if normalize_language(lang) == "zh_CN" else "en"
    return labels.get(key) or labels.get("en") or labels.get("zh") or ""


@cache
def babel_locale(lang: str) -> Locale:
    """The babel locale used to format dates and numbers in ``lang``."""
    return Locale.parse("zh_CN" if normalize_language(lang) == "zh_CN" else "en_GB")


def format_date(value: date | None, lang: str | None = None, length: str = "medium") -> str:
    """A date as the desk reads it: ``2026年3月14日`` / ``14 Mar 2026``; empty for None."""
    if value is None:
        return ""
    return babel_dates.format_date(value, length, locale=babel_locale(lang or _ui_language))


def format_datetime(value: datetime | None, lang: str | None = None, length: str = "medium") -> str:
    """Date and time without seconds: ``2026年3月14日 15:30`` / ``14 Mar 2026, 15:30``; empty for None."""
    if value is None:
        return ""
    loc = babel_locale(lang or _ui_language)
    day = babel_dates.format_date(value.date(), length, locale=loc)
    clock = babel_dates.format_time(value.time(), "HH:mm", locale=loc)
    return f"{day} {clock}" if normalize_language(lang or _ui_language) == "zh_CN" else f"{day}, {clock}"


def format_time(value: time | None, lang: str | None = None) -> str:
    """A clock time as ``15:30``; empty for None."""
    if value is None:
        return ""
    return babel_dates.format_time(value, "HH:mm", locale=babel_locale(lang or _ui_language))


def format_number(value: float | int | Decimal | None, lang: str | None = None) -> str:
    """A number with the locale's grouping; empty for None."""
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, locale=babel_locale(lang or _ui_language))


def format_percent(value: float | None, lang: str | None = None, digits: int = 1) -> str:
    """A ratio (0.0123) as a percentage (1.2 %); "—" when it cannot be computed (e.g. nothing to divide by)."""
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return babel_numbers.format_percent(value, pattern, locale=babel_locale(lang or _ui_language))
