"""The frozen dataclasses a form definition is loaded into.

A form is either a *sheet* (one record fills a page: rows of boxed cells laid out like the paper original) or a
*register* (one row per record: a table that continues over pages with its header repeated). Labels are always
given in both languages; choices are stored by invariant key, so renaming a label or printing in the other
language never rewrites data.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

#: Field types a definition may use; ``desktop.formspec.types`` implements each one.
FIELD_TYPES = (
    "text",  # one line
    "multiline",  # paragraphs; printed wrapped, continued on a following page when long
    "date",
    "datetime",
    "time",
    "choice",  # one of ``options`` (stored as the option key)
    "checkboxes",  # any of ``options`` (stored as a list of keys)
    "bool",
    "person",  # a staff member (stored as the staff name as printed; services may also keep the id)
    "phone",
    "number",
    "percentage",
    "signature",  # nothing typed: a line to sign on paper (name and date lines beside it)
)

SHEET = "sheet"
REGISTER = "register"


@dataclass(frozen=True)
class Label:
    """A text in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text for ``lang`` (``zh_CN``/``zh`` → Chinese, anything else → English)."""
        return self.zh if lang.lower().startswith("zh") else self.en


@dataclass(frozen=True)
class Option:
    """One choice: an invariant ``key`` stored in the database and its label."""

    key: str
    label: Label


@dataclass(frozen=True)
class FieldDef:
    """One field of a form.

    Attributes:
        key: invariant name, also the CSV header and the record attribute; ``number`` is the record number.
        type: one of :data:`FIELD_TYPES`.
        required: the record cannot be saved without it.
        readonly: filled by FrontDesk (numbers, computed values); shown but not typed.
        max_length: for text-like types, the most characters accepted.
        minimum, maximum: for ``number`` and ``percentage``.
        options: for ``choice`` and ``checkboxes``.
        help: a hint shown under the field in the entry dialog.
        default: the value a new record starts with (a string in the type's CSV form; ``today``/``now`` for dates).
    """

    key: str
    type: str
    label: Label
    required: bool = False
    readonly: bool = False
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    options: tuple[Option, ...] = ()
    help: Label | None = None
    default: str | None = None

    def option(self, key: str) -> Option | None:
        """The option with ``key``, or None."""
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Cell:
    """One boxed cell of a sheet layout row.

    Attributes:
        field: key of the field shown in the box, or None for a box of fixed ``text``.
        text: fixed text printed in the box (headings, notes).
        span: how many of the sheet's grid columns the box takes.
        label: where the field's label goes: ``left`` (label then value in one box), ``top`` (label above the
            value), ``side`` (a narrow column with the label written vertically, as paper forms do for long
            sections), ``none``.
        min_height: the box's least height in millimetres (long text grows it and may continue on the next page).
        sign: field keys printed as "label: value" signature lines at the bottom right of the box
            (e.g. ``["plan_by", "plan_date"]`` → 拟案人: ____ 年 月 日).
    """

    field: str | None = None
    text: Label | None = None
    span: int = 1
    label: str = "left"
    min_height: float | None = None
    sign: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """A row of boxed cells whose spans add up to the sheet's ``grid_columns``."""

    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    """One column of a register table: the field shown and its relative width."""

    field: str
    width: float = 1.0


@dataclass(frozen=True)
class Copy:
    """One copy (联) of a sheet, printed on its own page with its caption."""

    caption: Label


@dataclass(frozen=True)
class FormDef:
    """A whole printable form.

    Attributes:
        slug: file name without ``.toml``; the CLI and the database refer to the form by it.
        code: the form's id in the seed digest (``F01``, ``P02`` …) or the office's form number.
        source: where in the seeds the form comes from (``000:95-128``).
        kind: :data:`SHEET` or :data:`REGISTER`.
        title: printed title.
        orientation: ``portrait`` or ``landscape`` (A4 either way).
        fields: in entry (tab) order.
        grid_columns: number of grid columns a sheet's rows are divided into.
        rows: a sheet's layout.
        columns: a register's table columns.
        copies: the copies (联) a sheet prints as; none means one unlabelled copy.
        signatures: field keys printed as a signature block under the form (registers, sheets' footers).
        notes: small print under the form (e.g. who keeps which copy).
        footer: printed at the foot of every page; ``{office}`` is replaced with the office name.
        design_note: for forms the seeds only name, how the fields were designed and why.
    """

    slug: str
    code: str
    source: str
    kind: str
    title: Label
    fields: tuple[FieldDef, ...]
    orientation: str = "portrait"
    grid_columns: int = 4
    rows: tuple[Row, ...] = ()
    columns: tuple[Column, ...] = ()
    copies: tuple[Copy, ...] = ()
    signatures: tuple[str, ...] = ()
    notes: Label | None = None
    footer: Label | None = None
    design_note: str | None = None
    _by_key: dict[str, FieldDef] = dataclass_field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update({f.key: f for f in self.fields})

    def field(self, key: str) -> FieldDef:
        """The field with ``key``; KeyError names the form when it has none."""
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"form {self.slug!r} has no field {key!r}") from None

    def has_field(self, key: str) -> bool:
        """Whether the form defines ``key``."""
        return key in self._by_key

    @property
    def keys(self) -> tuple[str, ...]:
        """Field keys in entry order (also the CSV header)."""
        return tuple(f.key for f in self.fields)
