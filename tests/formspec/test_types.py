"""Field types: parsing typed or CSV text, the exact validation messages, display in both languages."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest

from desktop import i18n
from desktop.errors import ValidationError
from desktop.formspec.loader import load_form
from desktop.formspec.model import FIELD_TYPES, FieldDef, Label, Option
from desktop.formspec.types import (
    ParseError,
    clean_text,
    default_value,
    get_type,
    parse_field,
    parse_record,
    validate_record,
)


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


def make(type_: str, **kwargs: Any) -> FieldDef:
    return FieldDef(key="f", type=type_, label=Label(zh="字段", en="Field"), **kwargs)


CATEGORY = make(
    "choice",
    options=(
        Option("technical", Label("技术质量", "Technical quality")),
        Option("service", Label("服务", "Service")),
    ),
)
ITEMS = make(
    "checkboxes",
    options=(
        Option("presales", Label("售前支持", "Pre-sales")),
        Option("aftersales", Label("售后服务", "After-sales")),
    ),
)


def test_every_model_type_is_registered() -> None:
    for name in FIELD_TYPES:
        assert get_type(name).name == name


@pytest.mark.parametrize(
    ("type_", "raw", "value"),
    [
        ("text", "  hello  ", "hello"),
        ("text", "", None),
        ("text", "a\tb\nc", "a b c"),
        ("multiline", "line 1\r\nline 2  \n", "line 1\nline 2"),
        ("multiline", "a\x07b\x1bc", "abc"),
        ("person", " 王小明 ", "王小明"),
        ("date", "2026-03-16", date(2026, 3, 16)),
        ("date", "2026/03/16", date(2026, 3, 16)),
        ("date", "2026-03-16 00:00:00", date(2026, 3, 16)),
        ("date", " ", None),
        ("datetime", "2026-03-16 09:30", datetime(2026, 3, 16, 9, 30)),
        ("datetime", "2026-03-16T09:30:59", datetime(2026, 3, 16, 9, 30)),
        ("time", "9:05", time(9, 5)),
        ("time", "17:45:10", time(17, 45)),
        ("bool", "true", True),
        ("bool", "否", False),
        ("bool", "", None),
        ("number", "12", 12),
        ("number", "1,200", 1200),
        ("number", "12.50", Decimal("12.50")),
        ("number", "-3", -3),
        ("percentage", "85%", Decimal("0.85")),
        ("percentage", "-50", Decimal("-0.5")),
        ("percentage", "12.5％", Decimal("0.125")),
        ("signature", "anything", None),
        ("phone", "+86 (21) 5555-0100", "+86 (21) 5555-0100"),
    ],
)
def test_parse(type_: str, raw: str, value: object) -> None:
    assert get_type(type_).parse(raw) == value


@pytest.mark.parametrize(
    ("type_", "raw", "message"),
    [
        ("date", "16/03/2026", "Field: 16/03/2026 is not a valid date (use YYYY-MM-DD)."),
        ("date", "2026-02-30", "Field: 2026-02-30 is not a valid date (use YYYY-MM-DD)."),
        ("date", "2026-03-16 09:30", "Field: 2026-03-16 09:30 is not a valid date (use YYYY-MM-DD)."),
        ("datetime", "2026-03-16", "Field: 2026-03-16 is not a valid date and time (use YYYY-MM-DD HH:MM)."),
        (
            "datetime",
            "2026-03-16 25:00",
            "Field: 2026-03-16 25:00 is not a valid date and time (use YYYY-MM-DD HH:MM).",
        ),
        ("time", "9.30", "Field: 9.30 is not a valid time (use HH:MM)."),
        ("time", "24:00", "Field: 24:00 is not a valid time (use HH:MM)."),
        ("bool", "maybe", "Field: maybe is not yes or no."),
        ("number", "twelve", "Field: twelve is not a valid number."),
        ("number", "NaN", "Field: NaN is not a valid number."),
        ("number", "Infinity", "Field: Infinity is not a valid number."),
        ("percentage", "lots%", "Field: lots% is not a valid percentage."),
    ],
)
def test_unparseable_text_is_reported(type_: str, raw: str, message: str) -> None:
    with pytest.raises(ParseError):
        get_type(type_).parse(raw)
    with pytest.raises(ValidationError) as info:
        parse_field(make(type_), raw)
    assert info.value.errors == {"f": message}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (make("text", required=True), None, "Field is required."),
        (make("text", required=True), "", "Field is required."),
        (make("text", required=True, readonly=True), None, None),
        (make("checkboxes", required=True, options=ITEMS.options), [], "Field is required."),
        (make("text", max_length=5), "abcdef", "Field is longer than 5 characters."),
        (make("text", max_length=5), "abcde", None),
        (make("multiline", max_length=500), "x" * 500, None),
        (make("multiline", max_length=499), "x" * 500, "Field is longer than 499 characters."),
        # No max_length in the definition: the type's default still bounds the text.
        (make("text"), "x" * 500, None),
        (make("text"), "x" * 501, "Field is longer than 500 characters."),
        (make("text", max_length=2000), "x" * 2000, None),  # the definition's own limit wins
        (make("person"), "王" * 100, None),
        (make("person"), "王" * 101, "Field is longer than 100 characters."),
        (make("phone"), "1" * 41, "Field is longer than 40 characters."),
        (make("multiline"), "x" * 20_000, None),
        (make("multiline"), "x" * 20_001, "Field is longer than 20000 characters."),
        (make("text"), "a\x00b", "Field contains a character FrontDesk cannot store."),
        (make("text"), "bad \ud800 half", "Field contains a character FrontDesk cannot store."),
        (make("multiline"), "\udfff", "Field contains a character FrontDesk cannot store."),
        (make("text"), "<b>bold</b> &amp; 😀", None),
        (make("number", minimum=0), -1, "Field must be at least 0."),
        (make("number", maximum=10.5), Decimal("10.6"), "Field must be at most 10.5."),
        (make("number"), "12", "Field: 12 is not a valid number."),
        (make("number"), True, "Field: True is not a valid number."),
        (make("percentage", minimum=-50, maximum=200), Decimal("2.01"), "Field must be at most 200."),
        (make("percentage", minimum=-50, maximum=200), Decimal("-0.51"), "Field must be at least -50."),
        (make("percentage", minimum=-50, maximum=200), Decimal("2"), None),
        (CATEGORY, "technical", None),
        (CATEGORY, "unknown", "Field: unknown is not one of the choices."),
        (ITEMS, ["presales", "nope"], "Field: nope is not one of the choices."),
        (
            make("date"),
            datetime(2026, 3, 16, 9, 0),
            "Field: 2026-03-16 09:00:00 is not a valid date (use YYYY-MM-DD).",
        ),
        (make("phone"), "138 0013 8000", None),
        (make("phone"), "021-5555 0100 ext 23", None),
        (make("phone"), "(021) 5555-0100 转 8", None),
        (make("phone"), "1234", "Field: 1234 is not a valid phone number."),
        (make("phone"), "1" * 21, "Field: 111111111111111111111 is not a valid phone number."),
        (make("phone"), "call me", "Field: call me is not a valid phone number."),
        (make("phone"), "138-0013-8000; rm -rf", "Field: 138-0013-8000; rm -rf is not a valid phone number."),
        (make("signature"), None, None),
    ],
)
def test_validate(field: FieldDef, value: object, message: str | None) -> None:
    assert get_type(field.type).validate(value, field) == message


def test_message_uses_the_ui_language_label() -> None:
    i18n.set_ui_language("zh_CN")
    message = get_type("text").validate(None, make("text", required=True))
    assert message is not None and "字段" in message


def test_long_values_are_shortened_in_messages() -> None:
    # A definition allowing 500 characters: the refusal is about the value, which is quoted shortened.
    message = get_type("phone").validate("9" * 25 + "x" * 475, make("phone", max_length=500))
    assert message is not None
    assert len(message) < 100
    assert message.startswith("Field: 9999") and "…" in message


@pytest.mark.parametrize(
    "hostile",
    [
        "<b>bold</b>",
        "&amp;",
        "😀👍🏽",
        "x" * 500,
        "中文,标点。",
        "'; DROP TABLE staff; --",
        "=1+1",
        "\u202eevil",
    ],
)
def test_hostile_text_round_trips(hostile: str) -> None:
    field = make("multiline")
    text_type = get_type("multiline")
    value = text_type.parse(hostile)
    assert value == hostile
    assert text_type.validate(value, field) is None
    assert text_type.from_csv(text_type.to_csv(value)) == value
    assert text_type.display(value, field, "en") == hostile  # escaping is the renderer's job


def test_control_characters_are_stripped_but_nul_and_surrogates_kept_for_validation() -> None:
    assert clean_text("a\x01b\x7fc\x85d") == "abcd"
    assert clean_text("a\x00b") == "a\x00b"
    assert clean_text("a\ud800b") == "a\ud800b"
    assert clean_text("one\ttwo  \nthree", multiline=True) == "one\ttwo\nthree"


@pytest.mark.parametrize(
    ("field", "value", "zh", "en"),
    [
        (make("date"), date(2026, 3, 16), "2026年3月16日", "16 Mar 2026"),
        (make("datetime"), datetime(2026, 3, 16, 9, 30), "2026年3月16日 09:30", "16 Mar 2026, 09:30"),
        (make("time"), time(9, 5), "09:05", "09:05"),
        (CATEGORY, "technical", "技术质量", "Technical quality"),
        (CATEGORY, "retired_key", "retired_key", "retired_key"),
        (ITEMS, ["aftersales", "presales"], "售前支持、售后服务", "Pre-sales, After-sales"),
        (make("number"), 1200, "1,200", "1,200"),
        (make("percentage"), Decimal("0.85"), "85%", "85%"),
        (make("percentage"), Decimal("0.125"), "12.5%", "12.5%"),
        (make("bool"), None, "", ""),
        (make("text"), None, "", ""),
        (make("signature"), None, "", ""),
    ],
)
def test_display(field: FieldDef, value: object, zh: str, en: str) -> None:
    field_type = get_type(field.type)
    assert field_type.display(value, field, "zh_CN") == zh
    assert field_type.display(value, field, "en") == en


def test_bool_display_in_english() -> None:
    assert get_type("bool").display(True, make("bool"), "en") == "Yes"
    assert get_type("bool").display(False, make("bool"), "en") == "No"


@pytest.mark.parametrize(
    ("field", "value", "cell"),
    [
        (make("date"), date(2026, 3, 16), "2026-03-16"),
        (make("datetime"), datetime(2026, 3, 16, 9, 30), "2026-03-16 09:30"),
        (make("time"), time(9, 5), "09:05"),
        (make("bool"), True, "true"),
        (make("bool"), False, "false"),
        (make("number"), 12, "12"),
        (make("number"), Decimal("12.50"), "12.5"),
        (make("number"), Decimal("-0.25"), "-0.25"),
        (make("percentage"), Decimal("0.85"), "85%"),
        (make("percentage"), Decimal("-0.5"), "-50%"),
        (CATEGORY, "service", "service"),
        (ITEMS, ["presales", "aftersales"], "presales;aftersales"),
        (ITEMS, [], ""),
        (make("text"), None, ""),
        (make("multiline"), "a\nb", "a\nb"),
    ],
)
def test_csv_round_trip(field: FieldDef, value: object, cell: str) -> None:
    field_type = get_type(field.type)
    assert field_type.to_csv(value) == cell
    assert field_type.from_csv(cell) == value


def test_choice_accepts_a_label_in_either_language() -> None:
    assert parse_field(CATEGORY, "技术质量") == "technical"
    assert parse_field(CATEGORY, "service") == "service"
    assert parse_field(CATEGORY, "SERVICE") == "service"
    assert parse_field(ITEMS, "售前支持、After-sales") == ["presales", "aftersales"]


def test_default_values() -> None:
    now = datetime(2026, 3, 16, 9, 30, 12)
    assert default_value(make("date", default="today"), now) == date(2026, 3, 16)
    assert default_value(make("datetime", default="now"), now) == datetime(2026, 3, 16, 9, 30)
    assert default_value(make("time", default="now"), now) == time(9, 30)
    assert default_value(make("number", default="1"), now) == 1
    assert default_value(make("checkboxes", options=ITEMS.options), now) == []
    assert default_value(make("text"), now) is None


def test_validate_record_on_a_real_form() -> None:
    form = load_form("problem_sheet")
    errors = validate_record(form, {"category": "nonsense", "mobile": "12"})
    assert errors == {
        "category": "Problem category: nonsense is not one of the choices.",
        "customer_name": "Customer name is required.",
        "mobile": "Phone (mobile): 12 is not a valid phone number.",
        "description": "Description of the problem is required.",
    }
    assert (
        validate_record(form, {"category": "technical", "customer_name": "王", "description": "ATM 吞卡"})
        == {}
    )


def test_parse_record() -> None:
    form = load_form("problem_sheet")
    values = parse_record(
        form, {"category": "技术质量", "intake_date": "2026-03-16", "customer_name": " 王 "}
    )
    assert values == {"category": "technical", "intake_date": date(2026, 3, 16), "customer_name": "王"}
    with pytest.raises(ValidationError) as info:
        parse_record(form, {"intake_date": "16.3.2026", "handed_over_at": "soon", "bogus": "x"})
    assert info.value.errors == {
        "intake_date": "Date: 16.3.2026 is not a valid date (use YYYY-MM-DD).",
        "handed_over_at": "Handed over at: soon is not a valid date and time (use YYYY-MM-DD HH:MM).",
        "bogus": "bogus is not a field of this form.",
    }
