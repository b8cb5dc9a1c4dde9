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
