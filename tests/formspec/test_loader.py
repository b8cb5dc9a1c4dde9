"""The loader refuses a broken definition with the file, the key and the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.formspec import loader
from desktop.formspec.loader import FormDefError, UnknownFormError, load_all, load_form
from desktop.formspec.model import SHEET, Label

GOOD = """\
code = "X01"
source = "000:1-2"
kind = "sheet"
grid_columns = 4

[title]
zh = "测试单"
en = "Test Slip"

[[fields]]
key = "number"
type = "text"
label = { zh = "编号", en = "No." }
readonly = true

[[fields]]
key = "category"
type = "choice"
label = { zh = "类别", en = "Category" }
required = true
options = [
    { key = "service", zh = "服务", en = "Service" },
    { key = "other", zh = "其它", en = "Other" },
]

[[fields]]
key = "content"
type = "multiline"
label = { zh = "内容", en = "Details" }

[[fields]]
key = "handler"
type = "person"
label = { zh = "处理人", en = "Handled by" }

[[rows]]
cells = [{ field = "number", span = 2 }, { field = "category", span = 2 }]

[[rows]]
cells = [{ field = "content", span = 4, label = "side", min_height = 40, sign = ["handler"] }]
"""


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    loader.clear_cache()


def write(tmp_path: Path, text: str, slug: str = "slip") -> Path:
    path = tmp_path / f"{slug}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str, slug: str = "slip") -> FormDefError:
    path = write(tmp_path, text, slug)
    with pytest.raises(FormDefError) as info:
        load_form(slug, forms_dir=tmp_path)
    error = info.value
    assert error.path == path
    assert str(error).startswith(f"{path}: ")
    assert error.reason in str(error)
    return error


def test_good_definition_loads(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    form = load_form("slip", forms_dir=tmp_path)
    assert form.slug == "slip"
    assert form.kind == SHEET
    assert form.title == Label(zh="测试单", en="Test Slip")
    assert form.keys == ("number", "category", "content", "handler")
    assert form.field("category").option("other").label.en == "Other"  # type: ignore[union-attr]
    assert form.rows[1].cells[0].sign == ("handler",)
    assert form.rows[1].cells[0].min_height == 40.0
    assert load_all(forms_dir=tmp_path) == {"slip": form}


def test_message_names_file_key_and_reason(tmp_path: Path) -> None:
    error = refused(tmp_path, GOOD.replace('type = "multiline"', 'type = "longtext"'))
    assert error.key == "fields[2].type"
    assert str(error) == f"{tmp_path / 'slip.toml'}: fields[2].type: unknown type 'longtext' " + (
        "(known: text, multiline, date, datetime, time, choice, checkboxes, bool, person, phone, number, "
        "percentage, signature)"
    )


@pytest.mark.parametrize(
    ("mutate", "key", "reason"),
    [
        (lambda t: t + "\n[oops\n", "", "is not valid TOML"),
        (lambda t: t.replace('[title]\nzh = "测试单"\nen = "Test Slip"\n', ""), "title", "missing"),
        (lambda t: t.replace('en = "Test Slip"', 'en = ""'), "title.en", "must not be empty"),
        (lambda t: t.replace("required = true", "requried = true"), "fields[1].requried", "unknown key"),
        (
            lambda t: t.replace('label = { zh = "编号", en = "No." }', 'label = { zh = "编号" }'),
            "fields[0].label.en",
            "missing",
        ),
        (
            lambda t: t.replace("readonly = true", 'readonly = "yes"'),
            "fields[0].readonly",
            "must be true or false",
        ),
        (lambda t: t.replace('key = "content"', 'key = "category"'), "fields[2].key", "duplicate field key"),
        (lambda t: t.replace('key = "content"', 'key = "Content"'), "fields[2].key", "lower_snake_case"),
        (
            lambda t: t.replace('{ key = "other", zh', '{ key = "service", zh'),
            "fields[1].options[1].key",
            "duplicate option key 'service'",
        ),
        (
            lambda t: t.replace('type = "choice"', 'type = "text"'),
            "fields[1].options",
            "only choice and checkboxes fields take options",
        ),
        (
            lambda t: t.replace(
                '{ key = "other", zh = "其它", en = "Other" }', '{ key = "other", zh = "其它", en = " " }'
            ),
            "fields[1].options[1].en",
            "must not be empty",
        ),
        (
            lambda t: t.replace('key = "number"', 'key = "serial"').replace(
                'field = "number"', 'field = "serial"'
            ),
            "fields",
            "key 'number'",
        ),
        (
            lambda t: t.replace('{ field = "category", span = 2 }', '{ field = "category", span = 1 }'),
            "rows[0]",
            "spans add up to 3, not grid_columns = 4",
        ),
        (
            lambda t: t.replace('{ field = "category", span = 2 }', '{ field = "nope", span = 2 }'),
            "rows[0].cells[1].field",
            "unknown field 'nope'",
        ),
        (
            lambda t: t.replace('sign = ["handler"]', 'sign = ["number"]'),
            "rows[1].cells[0].sign[0]",
            "placed more than once",
        ),
        (
            lambda t: t.replace('sign = ["handler"]', 'sign = ["ghost"]'),
            "rows[1].cells[0].sign[0]",
            "unknown field 'ghost'",
        ),
        (
            lambda t: t.replace(
                '{ field = "category", span = 2 }', '{ text = { zh = "说明", en = "Note" }, span = 2 }'
            ),
            "fields",
            "required field 'category' is not placed",
        ),
        (
            lambda t: t.replace(
                '{ field = "category", span = 2 }',
                '{ field = "category", text = { zh = "说明", en = "Note" }, span = 2 }',
            ),
            "rows[0].cells[1]",
            "either a field or a text",
        ),
        (
            lambda t: t.replace('label = "side"', 'label = "vertical"'),
            "rows[1].cells[0].label",
            "must be one of",
        ),
        (
            lambda t: t.replace('kind = "sheet"', 'kind = "sheet"\norientation = "sideways"'),
            "orientation",
            "must be one of portrait, landscape",
        ),
        (lambda t: t.replace('kind = "sheet"', 'kind = "table"'), "kind", "must be 'sheet' or 'register'"),
        (lambda t: 'slug = "other_slip"\n' + t, "slug", "must match"),
        (
            lambda t: t.replace("readonly = true", "readonly = true\ndefault = 3"),
            "fields[0].default",
            "must be a string",
        ),
        (
            lambda t: t.replace('key = "handler"\ntype = "person"', 'key = "handler"\ntype = "date"').replace(
                'label = { zh = "处理人", en = "Handled by" }',
                'label = { zh = "日期", en = "Date" }\ndefault = "yesterday"',
            ),
            "fields[3].default",
            "'yesterday' is not a valid date",
        ),
        (
            lambda t: t.replace('kind = "sheet"', 'kind = "register"'),
            "rows",
            "laid out with columns, not rows",
        ),
        (
            lambda t: t.replace('type = "multiline"', 'type = "multiline"\nminimum = 1'),
            "fields[2].minimum",
            "only number and percentage",
        ),
        (
            lambda t: t.replace('type = "person"', 'type = "signature"\nrequired = true'),
            "fields[3].required",
            "cannot be required",
        ),
    ],
)
def test_bad_definition_refused(tmp_path: Path, mutate: Callable[[str], str], key: str, reason: str) -> None:
    text = mutate(GOOD)
    assert text != GOOD
    error = refused(tmp_path, text)
    assert error.key == key
    assert reason in error.reason


def test_register_columns_checked(tmp_path: Path) -> None:
    register = GOOD.replace('kind = "sheet"', 'kind = "register"').split("[[rows]]")[0]
    register += '[[columns]]\nfield = "number"\n\n[[columns]]\nfield = "category"\nwidth = 2\n\n'
    register += '[[columns]]\nfield = "number"\n'
    error = refused(tmp_path, register)
    assert error.key == "columns[2].field"
    assert "placed more than once" in error.reason


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "slip.toml"
    path.write_bytes(GOOD.encode("gb18030"))
    with pytest.raises(FormDefError) as info:
        load_form("slip", forms_dir=tmp_path)
    assert info.value.key == ""


def test_unknown_slug_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormError) as info:
        load_form("nothing_here", forms_dir=tmp_path)
    assert isinstance(info.value, UserError)
    assert "nothing_here" in info.value.message


@pytest.mark.parametrize("slug", ["../etc/passwd", "", ".hidden", "a\\b"])
def test_slug_cannot_escape_the_folder(tmp_path: Path, slug: str) -> None:
    with pytest.raises(UnknownFormError):
        load_form(slug, forms_dir=tmp_path)


def test_load_all_reports_the_broken_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a_good")
    write(tmp_path, GOOD.replace('code = "X01"', "code = 1"), "b_bad")
    with pytest.raises(FormDefError) as info:
        load_all(forms_dir=tmp_path)
    assert info.value.path.name == "b_bad.toml"
    assert info.value.key == "code"


def test_cached_until_cleared(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    first = load_form("slip", forms_dir=tmp_path)
    path.write_text(GOOD.replace("Test Slip", "Changed"), encoding="utf-8")
    assert load_form("slip", forms_dir=tmp_path) is first
    loader.clear_cache()
    assert load_form("slip", forms_dir=tmp_path).title.en == "Changed"
