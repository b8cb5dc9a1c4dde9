"""Export a record kind to CSV/XLSX for managers, and import rows back — all of them or none.

The spreadsheet columns are the form's field keys (signature fields are left out: nothing is stored for them)
and each cell holds the field type's CSV text (:mod:`desktop.formspec.types`), so an export imports back
unchanged. CSV is written as UTF-8 with a BOM, which Excel needs to open Chinese text correctly; XLSX cells are
all text, plus a second sheet listing each key's labels.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a leading apostrophe
on export (CSV injection); import removes exactly that apostrophe again.

An import parses and validates every row before anything is written. One bad row refuses the whole file with
every problem listed by line ("line 7: mobile: …"), because a half-imported register is worse than none.

A CSV may come from any Excel: "CSV UTF-8" (with a BOM), plain UTF-8, or the plain "CSV" of a Chinese Windows,
which is GBK / GB18030; the encoding is recognised rather than refused. Rows already there — every column of
the file equal to a record's — are skipped and reported, so importing the same file twice adds nothing, unless
the desk allows duplicates. Tens of thousands of rows take a while: the import reports its progress (checking,
then writing in chunks, all in one transaction) to whoever shows it, and may be cancelled from there.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from desktop.errors import UserError, ValidationError
from desktop.formspec.loader import load_form
from desktop.formspec.model import FormDef
from desktop.formspec.types import parse_record, type_of, validate_record
from desktop.i18n import _
from desktop.models.base import db
from desktop.paths import display_name
from desktop.services import audit
from desktop.services.authz import requires
from desktop.services.records import get_store

#: First characters a spreadsheet treats as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: How many problems an import error lists before summarising the rest.
MAX_LISTED_PROBLEMS = 20
#: How many skipped lines a report names before "…".
MAX_LISTED_SKIPPED = 10
#: Rows written per step of an import (one transaction for all; progress is reported after each step).
WRITE_CHUNK = 500
_FORMATS = (".csv", ".xlsx")

# Stages an import reports progress for.
CHECKING = "checking"
WRITING = "writing"

#: ``progress(stage, done, total)``: after every chunk of rows checked or written. It may raise (e.g.
#: :class:`ImportCancelledError`) to stop the import: nothing is written then.
Progress = Callable[[str, int, int], None]


class ImportCancelledError(UserError):
    """The desk stopped the import; nothing was imported."""

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was imported."))


@dataclass(frozen=True)
class ImportReport:
    """What an import did.

    Attributes:
        added: records created.
        skipped_lines: line numbers of rows skipped because the same record is there already.
        encoding: how the file was read: ``utf-8-sig``, ``utf-8``, ``gb18030`` or ``xlsx``.
    """

    added: int
    skipped_lines: tuple[int, ...] = ()
    encoding: str = ""

    @property
    def skipped(self) -> int:
        """How many rows were already there."""
        return len(self.skipped_lines)

    def skipped_text(self) -> str:
        """ "Skipped as already there (same values): 3 (line 2, 5, 9)." ("" when none)."""
        if not self.skipped_lines:
            return ""
        lines = ", ".join(str(line) for line in self.skipped_lines[:MAX_LISTED_SKIPPED])
        if self.skipped > MAX_LISTED_SKIPPED:
            lines += ", …"
        return _("Skipped as already there (same values): {count} (line {lines}).").format(
            count=self.skipped, lines=lines
        )


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: a leading apostrophe when it could start a formula.

    Text already starting with apostrophes before such a character gets one more, so :func:`restore` can
    always remove exactly one and an export imports back unchanged.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def export_keys(form: FormDef) -> list[str]:
    """The spreadsheet columns of ``form``: every field key except signature lines, in entry order."""
    return [field.key for field in form.fields if field.type != "signature"]


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise UserError(_("Use a .csv or .xlsx file, not {name}.").format(name=display_name(path)))
    return suffix


@requires("data.export")
def export_records(slug: str, path: Path | str, *, by: int | None, now: datetime) -> int:
    """Write every record of form ``slug`` to ``path`` (.csv or .xlsx); returns the number of rows.

    The export is recorded in the audit trail (the file may carry personal data). The file appears
    complete or not at all: it is written beside the target and renamed into place.

    Raises:
        UserError: unknown form, a form without records, an unsupported file type, or a file that
            cannot be written.
    """
    path = Path(path)
    suffix = _format_of(path)
    form = load_form(slug)
    store = get_store(slug)
    keys = export_keys(form)
    records = store.list_values()
    table = [
        [neutralise(type_of(form.field(key)).to_csv(record.get(key))) for key in keys] for record in records
    ]
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".csv":
            _write_csv(partial, keys, table)
        else:
            _write_xlsx(partial, form, keys, table)
        with db.atomic():
            audit.record_event(
                action=audit.EXPORT,
                record_type=slug,
                record_id=None,
                summary=f"{len(table)} rows to {display_name(path)}",
                by=by,
                now=now,
            )
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(
            _("Could not write {name}: {reason}").format(name=display_name(path), reason=exc.strerror or exc)
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    return len(table)


def _write_csv(path: Path, keys: list[str], table: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(keys)
        writer.writerows(table)


def _write_xlsx(path: Path, form: FormDef, keys: list[str], table: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(form.slug[:31])
    data.append(keys)
    for row in table:
        # Validated text cannot hold these, but a stray one must not make the whole export fail.
        data.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    labels = workbook.create_sheet("fields")
    labels.append(["key", "zh", "en", "type"])
    for key in keys:
        field = form.field(key)
        labels.append([field.key, field.label.zh, field.label.en, field.type])
    workbook.save(path)


@requires("data.import")
def import_records(slug: str, path: Path | str, *, by: int | None, now: datetime) -> int:
    """Add the rows of a .csv or .xlsx file to form ``slug``'s records; returns how many were added.

    :func:`import_file` with the defaults (rows already there skipped); see there.
    """
    return import_file(slug, path, by=by, now=now).added


@requires("data.import")
def import_file(
    slug: str,
    path: Path | str,
    *,
    by: int | None,
    now: datetime,
    allow_duplicates: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Add the rows of a .csv or .xlsx file to form ``slug``'s records, all in one transaction.

    The first row holds field keys (any order; optional columns may be left out). Blank rows are skipped. Every
    row is parsed and validated first; if any is wrong nothing is imported. A row whose every column equals an
    existing record's is skipped (and named in the report) unless ``allow_duplicates``.

    Raises:
        UserError: unknown form or no records for it, a file that cannot be read, an unknown, repeated or
            missing required column, or bad rows (the message lists them by line number).
        ImportCancelledError: ``progress`` stopped it.
    """
    path = Path(path)
    suffix = _format_of(path)
    form = load_form(slug)
    store = get_store(slug)
    encoding, lines = _read_csv(path) if suffix == ".csv" else ("xlsx", _read_xlsx(path))
    table = list(lines)
    if not table:
        raise UserError(_("{name} is empty.").format(name=display_name(path)))
    header = _check_header(form, [cell.strip() for cell in table[0][1]])
    body = table[1:]
    report = progress or (lambda _stage, _done, _total: None)
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[str] = []
    for checked, (line, cells) in enumerate(body, start=1):
        if checked % WRITE_CHUNK == 0:
            report(CHECKING, checked, len(body))
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            problems.append(
                _("line {line}: {count} cells but only {columns} columns").format(
                    line=line, count=len(cells), columns=len(header)
                )
            )
            continue
        raw = {key: restore(cells[index]) if index < len(cells) else "" for index, key in enumerate(header)}
        values, errors = _parse_row(form, raw)
        rows.append((line, values))
        problems.extend(
            _("line {line}: {column}: {message}").format(line=line, column=key, message=errors[key])
            for key in header
            if key in errors
        )
    report(CHECKING, len(body), len(body))
    if problems:
        listed = problems[:MAX_LISTED_PROBLEMS]
        if len(problems) > MAX_LISTED_PROBLEMS:
            listed.append(_("… and {count} more").format(count=len(problems) - MAX_LISTED_PROBLEMS))
        raise UserError(
            _("Nothing was imported from {name}:").format(name=display_name(path)) + "\n" + "\n".join(listed)
        )
    skipped: list[int] = []
    if not allow_duplicates and rows:
        present = _present_keys(form, header, store.list_values())
        kept = []
        for line, values in rows:
            if _key(form, header, values) in present:
                skipped.append(line)
            else:
                kept.append((line, values))
        rows = kept
    added = 0
    if not rows:
        report(WRITING, 0, 0)  # nothing left to write: done
    with db.atomic():
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = [values for _line, values in rows[start : start + WRITE_CHUNK]]
            added += store.import_rows(chunk, by=by, now=now)
            report(WRITING, start + len(chunk), len(rows))
    return ImportReport(added=added, skipped_lines=tuple(skipped), encoding=encoding)


def _key(form: FormDef, header: list[str], values: dict[str, Any]) -> tuple[str, ...]:
    """A row as the file's columns would write it: what "the same values" compares."""
    return tuple(" ".join(type_of(form.field(key)).to_csv(values.get(key)).split()) for key in header)


def _present_keys(form: FormDef, header: list[str], existing: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {_key(form, header, record) for record in existing}


def _parse_row(form: FormDef, raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Values and every problem of one row: unreadable cells, then the record checks on what was read."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, text in raw.items():
        try:
            values.update(parse_record(form, {key: text}))
        except ValidationError as exc:
            errors.update(exc.errors)
    for key, message in validate_record(form, values).items():
        if key in raw and key not in errors:
            errors[key] = message
    return values, errors


def _check_header(form: FormDef, header: list[str]) -> list[str]:
    seen: set[str] = set()
    for column in header:
        if not column:
            raise UserError(_("A column has no name in the first row; it must hold field keys."))
        if not form.has_field(column):
            raise UserError(
                _(
                    "Column {column} is not a field of form {slug} (see: frontdesk forms --fields {slug})."
                ).format(column=column, slug=form.slug)
            )
        if column in seen:
            raise UserError(_("Column {column} appears twice.").format(column=column))
        seen.add(column)
    for field in form.fields:
        if field.required and not field.readonly and field.key not in seen:
            raise UserError(
                _("Column {column} is missing; form {slug} requires it.").format(
                    column=field.key, slug=form.slug
                )
            )
    return header


#: Encodings a CSV is read in, in the order tried: UTF-8 (Excel's "CSV UTF-8" has a BOM), then GB18030, the
#: superset of the GBK that Chinese Windows' Excel writes for plain "CSV".
CSV_ENCODINGS = ("utf-8", "gb18030")


def decode_csv(raw: bytes) -> tuple[str, str]:
    """``raw`` as text and the encoding it was in (``utf-8-sig``, ``utf-8`` or ``gb18030``).

    Raises:
        UnicodeDecodeError: none of :data:`CSV_ENCODINGS` reads it.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    error: UnicodeDecodeError | None = None
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    raise error


def _read_csv(path: Path) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The encoding found, and (line number of the row's first line, cells) per row; the header is line 1."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(
            _("Could not read {name}: {reason}").format(name=display_name(path), reason=exc.strerror or exc)
        ) from exc
    try:
        text, encoding = decode_csv(raw)
    except UnicodeDecodeError as exc:
        raise UserError(
            _(
                "{name} is neither UTF-8 nor GB18030 (GBK) text: is it a CSV file? In Excel, save it as "
                "“CSV UTF-8” or “CSV”."
            ).format(name=display_name(path))
        ) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""))
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise UserError(
                _("{name} is not a readable CSV file ({reason}).").format(name=display_name(path), reason=exc)
            ) from exc

    return encoding, rows()


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for the first sheet of a workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # Workbooks from other programs often lack styles openpyxl expects; that is not the desk's problem.
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserError(_("{name} is not an Excel .xlsx workbook.").format(name=display_name(path))) from exc
    except OSError as exc:
        raise UserError(
            _("Could not read {name}: {reason}").format(name=display_name(path), reason=exc.strerror or exc)
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as the text the field types parse (Excel may have turned typed text into numbers or dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        # A date field reads "2026-03-16 00:00" as that day; a datetime field needs the time.
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
