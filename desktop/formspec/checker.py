"""The meaning checks a form definition must pass before anything uses it.

The loader has already checked the *shape* (keys and TOML types); this module checks what the dialog, the
validator and the renderer rely on: both labels present, keys unique and known, options for choices, a
``number`` field, a sheet's row spans filling the grid, every layout key placed at most once and every required
field placed somewhere the desk can see it. Each failure raises :class:`FormDefError` with the key path.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.formspec.loader import FormDefError
from desktop.formspec.model import FIELD_TYPES, REGISTER, SHEET, FieldDef, FormDef, Label

ORIENTATIONS = ("portrait", "landscape")
CELL_LABELS = ("left", "top", "side", "none")

#: Types whose value is text and may carry ``max_length``.
TEXT_TYPES = ("text", "multiline", "person", "phone")
#: Types that take ``minimum``/``maximum``.
RANGE_TYPES = ("number", "percentage")
#: Types that take ``options``.
OPTION_TYPES = ("choice", "checkboxes")

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_label(path: Path, where: str, label: Label | None) -> None:
    if label is None:
        return
    for lang in ("zh", "en"):
        if not getattr(label, lang).strip():
            raise FormDefError(path, f"{where}.{lang}", "must not be empty")


def _check_field(path: Path, where: str, field: FieldDef) -> None:
    if not _KEY_RE.match(field.key):
        raise FormDefError(
            path, f"{where}.key", f"{field.key!r} must be lower_snake_case ASCII (a-z, 0-9, _)"
        )
    if field.type not in FIELD_TYPES:
        raise FormDefError(
            path, f"{where}.type", f"unknown type {field.type!r} (known: {', '.join(FIELD_TYPES)})"
        )
    _check_label(path, f"{where}.label", field.label)
    _check_label(path, f"{where}.help", field.help)
    if field.type in OPTION_TYPES:
        if not field.options:
            raise FormDefError(path, f"{where}.options", f"a {field.type} field needs options")
        seen: set[str] = set()
        for index, option in enumerate(field.options):
            at = f"{where}.options[{index}]"
            if not _KEY_RE.match(option.key):
                raise FormDefError(path, f"{at}.key", f"{option.key!r} must be lower_snake_case ASCII")
            if option.key in seen:
                raise FormDefError(path, f"{at}.key", f"duplicate option key {option.key!r}")
            seen.add(option.key)
            _check_label(path, at, option.label)
    elif field.options:
        raise FormDefError(
            path, f"{where}.options", f"only choice and checkboxes fields take options, not {field.type}"
        )
    if field.max_length is not None:
        if field.type not in TEXT_TYPES:
            raise FormDefError(
                path, f"{where}.max_length", f"only text-like fields take max_length, not {field.type}"
            )
        if field.max_length < 1:
            raise FormDefError(path, f"{where}.max_length", "must be at least 1")
    for bound in ("minimum", "maximum"):
        if getattr(field, bound) is not None and field.type not in RANGE_TYPES:
            raise FormDefError(path, f"{where}.{bound}", f"only number and percentage fields take {bound}")
    if field.minimum is not None and field.maximum is not None and field.minimum > field.maximum:
        raise FormDefError(path, f"{where}.minimum", "is greater than maximum")
    if field.type == "signature" and field.required:
        raise FormDefError(path, f"{where}.required", "a signature is signed on paper and cannot be required")
    if field.default is not None:
        _check_default(path, f"{where}.default", field)


def _check_default(path: Path, where: str, field: FieldDef) -> None:
    from desktop.formspec import types  # types imports i18n; keep the checker importable on its own

    raw = field.default or ""
    if field.type in ("date", "datetime", "time") and raw in ("today", "now"):
        return
    try:
        value = types.get_type(field.type).parse(raw)
    except types.ParseError:
        raise FormDefError(path, where, f"{raw!r} is not a valid {field.type}") from None
    message = types.get_type(field.type).validate(value, field)
    if message and value is not None:
        raise FormDefError(path, where, f"{raw!r} is not accepted: {message}")


def check_form(form: FormDef, path: Path | str) -> None:
    """Check one loaded definition; raises :class:`FormDefError` at the first problem."""
    path = Path(path)
    if form.kind not in (SHEET, REGISTER):
        raise FormDefError(path, "kind", f"must be {SHEET!r} or {REGISTER!r}, not {form.kind!r}")
    if form.orientation not in ORIENTATIONS:
        raise FormDefError(
            path, "orientation", f"must be one of {', '.join(ORIENTATIONS)}, not {form.orientation!r}"
        )
    _check_label(path, "title", form.title)
    _check_label(path, "notes", form.notes)
    _check_label(path, "footer", form.footer)
    if not form.fields:
        raise FormDefError(path, "fields", "a form needs fields")
    seen: set[str] = set()
    for index, field in enumerate(form.fields):
        where = f"fields[{index}]"
        _check_field(path, where, field)
        if field.key in seen:
            raise FormDefError(path, f"{where}.key", f"duplicate field key {field.key!r}")
        seen.add(field.key)
    if "number" not in seen:
        raise FormDefError(path, "fields", "every form needs a field with key 'number' (the record number)")
    for index, copy in enumerate(form.copies):
        _check_label(path, f"copies[{index}].caption", copy.caption)
    placed = _check_sheet(path, form) if form.kind == SHEET else _check_register(path, form)
    for index, key in enumerate(form.signatures):
        if not form.has_field(key):
            raise FormDefError(path, f"signatures[{index}]", f"unknown field {key!r}")
        if key in placed:
            raise FormDefError(path, f"signatures[{index}]", f"field {key!r} is already placed in the layout")
        placed.add(key)
    for field in form.fields:
        if field.required and field.key not in placed:
            raise FormDefError(path, "fields", f"required field {field.key!r} is not placed in the layout")


def _place(path: Path, where: str, form: FormDef, key: str, placed: set[str]) -> None:
    if not form.has_field(key):
        raise FormDefError(path, where, f"unknown field {key!r}")
    if key in placed:
        raise FormDefError(path, where, f"field {key!r} is placed more than once")
    placed.add(key)


def _check_sheet(path: Path, form: FormDef) -> set[str]:
    if form.columns:
        raise FormDefError(path, "columns", "a sheet is laid out with rows, not columns")
    if not form.rows:
        raise FormDefError(path, "rows", "a sheet needs at least one row")
    if form.grid_columns < 1:
        raise FormDefError(path, "grid_columns", "must be at least 1")
    placed: set[str] = set()
    for row_index, row in enumerate(form.rows):
        total = 0
        for cell_index, cell in enumerate(row.cells):
            where = f"rows[{row_index}].cells[{cell_index}]"
            if cell.span < 1:
                raise FormDefError(path, f"{where}.span", "must be at least 1")
            total += cell.span
            if (cell.field is None) == (cell.text is None):
                raise FormDefError(path, where, "a cell has either a field or a text, not both or neither")
            _check_label(path, f"{where}.text", cell.text)
            if cell.label not in CELL_LABELS:
                raise FormDefError(path, f"{where}.label", f"must be one of {', '.join(CELL_LABELS)}")
            if cell.min_height is not None and cell.min_height <= 0:
                raise FormDefError(path, f"{where}.min_height", "must be a positive number of millimetres")
            if cell.field is not None:
                _place(path, f"{where}.field", form, cell.field, placed)
            for sign_index, key in enumerate(cell.sign):
                _place(path, f"{where}.sign[{sign_index}]", form, key, placed)
        if total != form.grid_columns:
            raise FormDefError(
                path, f"rows[{row_index}]", f"spans add up to {total}, not grid_columns = {form.grid_columns}"
            )
    return placed


def _check_register(path: Path, form: FormDef) -> set[str]:
    if form.rows:
        raise FormDefError(path, "rows", "a register is laid out with columns, not rows")
    if not form.columns:
        raise FormDefError(path, "columns", "a register needs at least one column")
    placed: set[str] = set()
    for index, column in enumerate(form.columns):
        if column.width <= 0:
            raise FormDefError(path, f"columns[{index}].width", "must be positive")
        _place(path, f"columns[{index}].field", form, column.field, placed)
    return placed
