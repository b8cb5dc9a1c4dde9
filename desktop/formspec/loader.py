"""Reading ``forms/<slug>.toml`` into :class:`~desktop.formspec.model.FormDef`.

This module owns the *shape* of a definition file: which keys exist, what TOML type each one has, and how they
map onto the dataclasses (the format is documented in ``forms/README.md``). Unknown keys are refused rather than
ignored, so a typo such as ``requried = true`` cannot silently make a field optional. After the shape is read,
:func:`desktop.formspec.checker.check_form` checks the meaning (labels, keys, spans, placement).

Every problem raises :class:`FormDefError` naming the file, the key (a dotted path like ``fields[3].label.en``)
and the reason. Definitions are read once per process and cached; :func:`clear_cache` forgets them (tests, or
a future "reload forms" action).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.errors import UserError
from desktop.formspec.model import Cell, Column, Copy, FieldDef, FormDef, Label, Option, Row
from desktop.i18n import _

_TOP_KEYS = {
    "slug",
    "code",
    "source",
    "kind",
    "orientation",
    "grid_columns",
    "design_note",
    "title",
    "fields",
    "rows",
    "columns",
    "copies",
    "signatures",
    "notes",
    "footer",
}
_FIELD_KEYS = {
    "key",
    "type",
    "label",
    "required",
    "readonly",
    "max_length",
    "minimum",
    "maximum",
    "options",
    "help",
    "default",
}
_OPTION_KEYS = {"key", "zh", "en"}
_CELL_KEYS = {"field", "text", "span", "label", "min_height", "sign"}
_COLUMN_KEYS = {"field", "width"}
_COPY_KEYS = {"caption"}
_LABEL_KEYS = {"zh", "en"}


class FormDefError(ValueError):
    """A form definition file is broken.

    The message is for whoever edits ``forms/``: ``<file>: <key>: <reason>``. It is not translated, like a
    compiler error.

    Attributes:
        path: the definition file.
        key: dotted path of the offending key (``fields[2].options[0].key``), or ``""`` for the whole file.
        reason: what is wrong, in English.
    """

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        self.path = Path(path)
        self.key = key
        self.reason = reason
        where = f"{self.path}: {key}" if key else str(self.path)
        super().__init__(f"{where}: {reason}")


#: What a form's file name (without ``.toml``) can be.
_SLUG = re.compile(r"[A-Za-z0-9_-]{1,64}")


class UnknownFormError(UserError):
    """No definition file has the slug that was asked for."""

    def __init__(self, slug: str) -> None:
        super().__init__(_("There is no form called {slug}.").format(slug=slug))
        self.slug = slug


class _Reader:
    """Typed access to one TOML table that reports problems with the file and key path."""

    def __init__(self, path: Path, table: dict[str, Any], where: str, allowed: set[str]) -> None:
        self.path = path
        self.table = table
        self.where = where
        for name in table:
            if name not in allowed:
                raise FormDefError(
                    path, self.key(name), "unknown key (allowed: " + ", ".join(sorted(allowed)) + ")"
                )

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def error(self, name: str, reason: str) -> FormDefError:
        return FormDefError(self.path, self.key(name), reason)

    def _get(self, name: str, required: bool) -> Any:
        if name not in self.table:
            if required:
                raise self.error(name, "missing")
            return None
        return self.table[name]

    def string(self, name: str, *, required: bool = False) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(name, f"must be a string, not {type(value).__name__}")
        if required and not value.strip():
            raise self.error(name, "must not be empty")
        return value

    def boolean(self, name: str) -> bool:
        value = self._get(name, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def integer(self, name: str) -> int | None:
        value = self._get(name, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        return value

    def real(self, name: str) -> float | None:
        value = self._get(name, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, "must be a number")
        return float(value)

    def label(self, name: str, *, required: bool = False) -> Label | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.error(name, 'must be a table with zh and en, e.g. {zh = "…", en = "…"}')
        sub = _Reader(self.path, value, self.key(name), _LABEL_KEYS)
        return Label(zh=sub.string("zh", required=True) or "", en=sub.string("en", required=True) or "")

    def tables(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        """An array of tables as (key path, table) pairs; empty when absent."""
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, "must be an array of tables")
        result = []
        for index, item in enumerate(value):
            where = f"{self.key(name)}[{index}]"
            if not isinstance(item, dict):
                raise FormDefError(self.path, where, "must be a table")
            result.append((where, item))
        return result

    def strings(self, name: str) -> tuple[str, ...]:
        value = self._get(name, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(name, "must be an array of strings")
        return tuple(value)


def _read_option(path: Path, where: str, table: dict[str, Any]) -> Option:
    reader = _Reader(path, table, where, _OPTION_KEYS)
    return Option(
        key=reader.string("key", required=True) or "",
        label=Label(zh=reader.string("zh", required=True) or "", en=reader.string("en", required=True) or ""),
    )


def _read_field(path: Path, where: str, table: dict[str, Any]) -> FieldDef:
    reader = _Reader(path, table, where, _FIELD_KEYS)
    default = reader._get("default", False)
    if default is not None and not isinstance(default, str):
        # Defaults are written the way a CSV cell would hold them, so one parser reads both.
        raise reader.error("default", 'must be a string in the field type\'s CSV form (e.g. "today", "3")')
    return FieldDef(
        key=reader.string("key", required=True) or "",
        type=reader.string("type", required=True) or "",
        label=reader.label("label", required=True),  # type: ignore[arg-type]
        required=reader.boolean("required"),
        readonly=reader.boolean("readonly"),
        max_length=reader.integer("max_length"),
        minimum=reader.real("minimum"),
        maximum=reader.real("maximum"),
        options=tuple(_read_option(path, w, t) for w, t in reader.tables("options")),
        help=reader.label("help"),
        default=default,
    )


def _read_cell(path: Path, where: str, table: dict[str, Any]) -> Cell:
    reader = _Reader(path, table, where, _CELL_KEYS)
    span = reader.integer("span")
    return Cell(
        field=reader.string("field"),
        text=reader.label("text"),
        span=1 if span is None else span,
        label=reader.string("label") or "left",
        min_height=reader.real("min_height"),
        sign=reader.strings("sign"),
    )


def _read_row(path: Path, where: str, table: dict[str, Any]) -> Row:
    reader = _Reader(path, table, where, {"cells"})
    cells = reader.tables("cells")
    if not cells:
        raise reader.error("cells", "a row needs at least one cell")
    return Row(cells=tuple(_read_cell(path, w, t) for w, t in cells))


def _read_column(path: Path, where: str, table: dict[str, Any]) -> Column:
    reader = _Reader(path, table, where, _COLUMN_KEYS)
    width = reader.real("width")
    return Column(field=reader.string("field", required=True) or "", width=1.0 if width is None else width)


def _read_copy(path: Path, where: str, table: dict[str, Any]) -> Copy:
    reader = _Reader(path, table, where, _COPY_KEYS)
    return Copy(caption=reader.label("caption", required=True))  # type: ignore[arg-type]


def parse_definition(path: Path, data: dict[str, Any]) -> FormDef:
    """Build a :class:`FormDef` from an already-parsed TOML document, checking shape only."""
    reader = _Reader(path, data, "", _TOP_KEYS)
    slug = reader.string("slug") or path.stem
    if slug != path.stem:
        raise reader.error("slug", f"is {slug!r} but the file is named {path.name!r}; they must match")
    grid_columns = reader.integer("grid_columns")

    def many(name: str, read: Callable[[Path, str, dict[str, Any]], Any]) -> tuple[Any, ...]:
        return tuple(read(path, where, table) for where, table in reader.tables(name))

    return FormDef(
        slug=slug,
        code=reader.string("code", required=True) or "",
        source=reader.string("source", required=True) or "",
        kind=reader.string("kind", required=True) or "",
        title=reader.label("title", required=True),  # type: ignore[arg-type]
        fields=many("fields", _read_field),
        orientation=reader.string("orientation") or "portrait",
        grid_columns=4 if grid_columns is None else grid_columns,
        rows=many("rows", _read_row),
        columns=many("columns", _read_column),
        copies=many("copies", _read_copy),
        signatures=reader.strings("signatures"),
        notes=reader.label("notes"),
        footer=reader.label("footer"),
        design_note=reader.string("design_note"),
    )


def load_file(path: Path) -> FormDef:
    """Read, shape-check and meaning-check one definition file (not cached).

    Raises:
        FormDefError: the file cannot be read, is not valid TOML, or breaks a rule of the format.
    """
    from desktop.formspec.checker import check_form  # the checker imports this module's error class

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise FormDefError(path, "", f"cannot be read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FormDefError(path, "", f"is not valid TOML ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise FormDefError(path, "", "is not UTF-8 text") from exc
    form = parse_definition(path, data)
    check_form(form, path)
    return form


def _resolve(forms_dir: Path | str | None) -> Path:
    return Path(forms_dir) if forms_dir is not None else paths.forms_dir()


@cache
def _load_form_cached(directory: Path, slug: str) -> FormDef:
    path = directory / f"{slug}.toml"
    if not path.is_file():
        raise UnknownFormError(slug)
    return load_file(path)


@cache
def _load_all_cached(directory: Path) -> dict[str, FormDef]:
    return {path.stem: _load_form_cached(directory, path.stem) for path in sorted(directory.glob("*.toml"))}


def load_form(slug: str, forms_dir: Path | str | None = None) -> FormDef:
    """The definition ``forms/<slug>.toml`` (cached).

    Args:
        slug: the form's file name without ``.toml``, e.g. ``problem_sheet``.
        forms_dir: folder to read instead of :func:`desktop.paths.forms_dir` (tests).

    Raises:
        UnknownFormError: no such file (a :class:`~desktop.errors.UserError`).
        FormDefError: the file is broken.
    """
    if not _SLUG.fullmatch(slug or ""):
        # Not a file name a form could have (a path, a 300-character word): no need to ask the disk.
        raise UnknownFormError(slug)
    return _load_form_cached(_resolve(forms_dir), slug)


def load_all(forms_dir: Path | str | None = None) -> dict[str, FormDef]:
    """Every definition in the forms folder, by slug in alphabetical order (cached; do not mutate).

    Raises:
        FormDefError: the first broken file found.
    """
    return _load_all_cached(_resolve(forms_dir))


def clear_cache() -> None:
    """Forget every definition read so far, so the next load reads the files again."""
    _load_form_cached.cache_clear()
    _load_all_cached.cache_clear()
