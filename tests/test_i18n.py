"""Language selection and locale formatting."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop import i18n


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-TW", "zh_CN"),
        ("en_US.UTF-8", "en"),
        ("en", "en"),
        ("de_DE", "zh_CN"),
        (None, "zh_CN"),
    ],
)
def test_normalize_language_maps_system_locales_onto_ours(raw: str | None, expected: str) -> None:
    assert i18n.normalize_language(raw) == expected


def test_system_language_follows_lang_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A computer started without LANG: Python coerces LC_CTYPE to C.UTF-8, which reads as en_US."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LC_CTYPE", "C.UTF-8")
    return monkeypatch


def test_a_computer_without_a_locale_names_no_language(no_locale: pytest.MonkeyPatch) -> None:
    assert i18n.locale_language() is None
    for unset in ("C", "POSIX", "C.UTF-8"):
        no_locale.setenv("LANG", unset)
        assert i18n.locale_language() is None
    no_locale.setenv("LANG", "de_DE.UTF-8")  # a language FrontDesk does not have
    assert i18n.locale_language() is None
    no_locale.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL wins over LANG
    assert i18n.locale_language() == "en"


@pytest.mark.parametrize(
    ("env", "personal", "office", "expected"),
    [
        ({}, None, "zh_CN", "zh_CN"),  # no locale: the office's language (the wizard chose Chinese)
        ({}, None, "en", "en"),
        ({}, None, None, "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, None, "zh_CN", "en"),  # the screens follow the computer's locale
        ({"LANG": "zh_CN.UTF-8"}, None, "en", "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, "zh_CN", "en", "zh_CN"),  # the person's own choice wins
    ],
)
def test_the_screen_language_is_the_persons_then_the_computers_then_the_offices(
    no_locale: pytest.MonkeyPatch,
    env: dict[str, str],
    personal: str | None,
    office: str | None,
    expected: str,
) -> None:
    for var, value in env.items():
        no_locale.setenv(var, value)
    assert i18n.screen_language(personal=personal, office=office) == expected


def test_dates_are_formatted_for_the_language() -> None:
    moment = datetime(2026, 3, 14, 15, 30)
    assert i18n.format_date(date(2026, 3, 14), "zh_CN") == "2026年3月14日"
    assert i18n.format_date(date(2026, 3, 14), "en") == "14 Mar 2026"
    assert i18n.format_datetime(moment, "zh_CN") == "2026年3月14日 15:30"
    assert i18n.format_datetime(moment, "en") == "14 Mar 2026, 15:30"
    assert i18n.format_date(None, "en") == ""


def test_a_rate_that_cannot_be_computed_shows_a_dash() -> None:
    assert i18n.format_percent(None, "en") == "—"
    assert i18n.format_percent(0.0123, "en") == "1.2%"
    assert i18n.format_percent(0.5, "zh_CN", digits=0) == "50%"


def test_english_is_the_source_language() -> None:
    assert i18n.gettext_for("en")("Problem sheets") == "Problem sheets"


def test_pick_chooses_the_label_for_the_language() -> None:
    labels = {"zh": "客户姓名", "en": "Customer name"}
    assert i18n.pick(labels, "zh_CN") == "客户姓名"
    assert i18n.pick(labels, "en") == "Customer name"
