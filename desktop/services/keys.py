"""The key register (钥匙管理, spec §2.5): the key sets kept at the desk, searched, filtered and looked up by tag.

A key set is a labelled ring on one hook (001:262-276): owner keys by unit, with a count per owner key kind;
public door/window keys by floor; facility/plant-room keys by equipment, held by engineering (001:284). This
module owns the register itself; lending and returning are :mod:`desktop.services.key_loans`, issuing to owners
and copy requests :mod:`desktop.services.key_issues`, counts, hand-overs and losses
:mod:`desktop.services.key_counts`, printing and the record stores :mod:`desktop.services.key_store`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.key import KeyLoan, KeySet
from desktop.models.search import every_word_somewhere
from desktop.models.site import Site
from desktop.rules import keys as rules
from desktop.rules.sites import looks_like_unit_label, parse_unit_label
from desktop.services import audit
from desktop.services.authz import requires

#: record_type of audit events and the record-events kind of the views.
RECORD_TYPE = "key"
SORT_KEYS: tuple[str, ...] = ("label", "category", "building", "quantity", "hook", "custodian", "status")
#: Custodian of facility keys unless said otherwise (001:284 "工程部保管").
ENGINEERING = "工程部"

_TEXT_LIMITS = {"label": 100, "description": 200, "hook": 40, "custodian": 60, "note": 300, "building": 20}


@dataclass(frozen=True)
class KeyRow:
    """One key set as the register shows it.

    Attributes:
        kind_counts: owner sets: keys per owner key kind (:data:`desktop.rules.keys.OWNER_KINDS`).
        loan_id, borrower, borrower_phone, due_at, overdue: the open loan, when the set is out.
    """

    id: int
    label: str
    category: str
    building: str
    floor: int | None
    description: str
    kind_counts: dict[str, int]
    quantity: int
    hook: str
    custodian: str
    status: str
    note: str
    version: int
    loan_id: int | None = None
    loan_number: str = ""
    borrower: str = ""
    borrower_phone: str = ""
    lent_quantity: int = 0
    out_at: datetime | None = None
    due_at: datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class KeyQuery:
    """Filters and order of the register (every filter optional, combined with AND).

    Attributes:
        text: every blank-separated word must occur in the label, description, hook, custodian or borrower.
        out_only: only keys that are out now; ``overdue_only`` only those past their due moment.
    """

    category: str | None = None
    status: str | None = None
    building: str | None = None
    text: str = ""
    out_only: bool = False
    overdue_only: bool = False
    sort_key: str = "label"
    descending: bool = False


def _counts(text: str) -> dict[str, int]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {kind: int(data.get(kind, 0) or 0) for kind in rules.OWNER_KINDS if data.get(kind)}


def _select() -> peewee.ModelSelect:
    return (
        KeySet.select(
            KeySet,
            KeyLoan.id.alias("loan_id"),
            KeyLoan.number.alias("loan_number"),
            KeyLoan.borrower.alias("borrower"),
            KeyLoan.phone.alias("borrower_phone"),
            KeyLoan.quantity.alias("lent_quantity"),
            KeyLoan.out_at.alias("out_at"),
            KeyLoan.due_at.alias("due_at"),
        )
        .join(
            KeyLoan,
            peewee.JOIN.LEFT_OUTER,
            on=((KeyLoan.key_set == KeySet.id) & KeyLoan.returned_at.is_null()),
        )
        .objects()
    )


def _row(key: Any, now: datetime | None) -> KeyRow:
    def attr(name: str) -> Any:
        return getattr(key, name, None)

    due_at = attr("due_at")
    return KeyRow(
        id=key.id,
        label=key.label,
        category=key.category,
        building=key.building,
        floor=key.floor,
        description=key.description,
        kind_counts=_counts(key.kind_counts),
        quantity=key.quantity,
        hook=key.hook,
        custodian=key.custodian,
        status=key.status,
        note=key.note,
        version=key.version,
        loan_id=attr("loan_id"),
        loan_number=attr("loan_number") or "",
        borrower=attr("borrower") or "",
        borrower_phone=attr("borrower_phone") or "",
        lent_quantity=attr("lent_quantity") or 0,
        out_at=attr("out_at"),
        due_at=due_at,
        overdue=bool(due_at is not None and now is not None and now > due_at),
    )


def _conditions(query: KeyQuery, now: datetime) -> list[peewee.Node]:
    conditions: list[peewee.Node] = []
    if query.category:
        conditions.append(KeySet.category == query.category)
    if query.status:
        conditions.append(KeySet.status == query.status)
    if query.building:
        conditions.append(KeySet.building == query.building)
    if query.out_only or query.overdue_only:
        conditions.append(KeyLoan.id.is_null(False))
    if query.overdue_only:
        conditions.append(KeyLoan.due_at < now)
    columns = (KeySet.label, KeySet.description, KeySet.hook, KeySet.custodian, KeyLoan.borrower)
    conditions += every_word_somewhere(columns, query.text)
    return conditions


def list_keys(query: KeyQuery, *, now: datetime, offset: int = 0, limit: int = 500) -> list[KeyRow]:
    """One page of the register, filtered and sorted in SQL (labels sort building by building)."""
    if query.sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {query.sort_key!r}")
    if query.sort_key == "label":
        # Natural order of the seed's labels: building, floor, then 1-1-101 before 1-1-1001.
        columns = [KeySet.building, KeySet.floor, peewee.fn.LENGTH(KeySet.label), KeySet.label]
        order = [column.desc() if query.descending else column.asc() for column in columns]
        order = [*order, KeySet.id]
    else:
        column = getattr(KeySet, query.sort_key)
        order = [column.desc() if query.descending else column.asc(), KeySet.label, KeySet.id]
    select = _select()
    conditions = _conditions(query, now)
    if conditions:
        select = select.where(*conditions)
    return [_row(key, now) for key in select.order_by(*order).offset(offset).limit(limit)]


def count_keys(query: KeyQuery, *, now: datetime) -> int:
    """How many key sets :func:`list_keys` would list without paging."""
    select = KeySet.select().join(
        KeyLoan, peewee.JOIN.LEFT_OUTER, on=((KeyLoan.key_set == KeySet.id) & KeyLoan.returned_at.is_null())
    )
    conditions = _conditions(query, now)
    return int((select.where(*conditions) if conditions else select).count())


def buildings() -> list[str]:
    """The buildings the register has keys for, for the filter."""
    rows = KeySet.select(KeySet.building).where(KeySet.building != "").distinct().tuples()
    return sorted((building for (building,) in rows), key=lambda b: (len(b), b))


def get_key(key_id: int, *, now: datetime | None = None) -> KeyRow:
    """The key set ``key_id``.

    Raises:
        UserError: there is no such key set.
    """
    key = _select().where(KeySet.id == key_id).first()
    if key is None:
        raise UserError(_("There is no key with id {id}.").format(id=key_id))
    return _row(key, now)


def find_by_tag(text: str, *, now: datetime | None = None) -> KeyRow | None:
    """The key set a scanned tag (``FDKEY:<id>:<label>``) or a typed label names, or None."""
    key_id = rules.parse_tag(text)
    if key_id is not None:
        key = _select().where(KeySet.id == key_id).first()
        return _row(key, now) if key is not None else None
    key = _select().where(KeySet.label == (text or "").strip()).first()
    return _row(key, now) if key is not None else None


# ---- writing ------------------------------------------------------------------------------------------------


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, limit in _TEXT_LIMITS.items():
        if key in values:
            text = " ".join(str(values[key] or "").split())
            if len(text) > limit:
                raise UserError(_("At most {count} characters.").format(count=limit), field=key)
            checked[key] = text
    if "label" in checked and not checked["label"]:
        raise UserError(
            _("Enter the label as on the tag: building-unit and floor-room, or the facility room's name."),
            field="label",
        )
    category = values.get("category")
    if category is not None:
        if category not in rules.CATEGORIES:
            raise UserError(_("Choose the kind of key."), field="category")
        checked["category"] = category
    if "floor" in values:
        floor = values["floor"]
        checked["floor"] = None if floor in (None, "") else int(floor)
    if "kind_counts" in values:
        counts = {kind: int(values["kind_counts"].get(kind, 0) or 0) for kind in rules.OWNER_KINDS}
        if any(count < 0 for count in counts.values()):
            raise UserError(_("A number of keys cannot be negative."), field="kind_counts")
        checked["kind_counts"] = json.dumps({k: v for k, v in counts.items() if v}, sort_keys=True)
        if category == rules.OWNER or values.get("quantity") in (None, ""):
            checked["quantity"] = rules.owner_total(counts)
    if "quantity" in values and "quantity" not in checked:
        quantity = values["quantity"]
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise UserError(_("A key set has at least one key."), field="quantity")
        checked["quantity"] = quantity
    if checked.get("quantity") == 0:
        raise UserError(_("A key set has at least one key."), field="quantity")
    if "site_id" in values:
        checked["site"] = values["site_id"]
    return checked


def _derived(checked: dict[str, Any]) -> None:
    """Building and floor from a unit label (3-2-1502), engineering as custodian of facility keys."""
    label = checked.get("label", "")
    if label and looks_like_unit_label(label) and not checked.get("building"):
        address = parse_unit_label(label)
        checked["building"] = address.building
        checked.setdefault("floor", address.floor)
    if checked.get("category") == rules.FACILITY and not checked.get("custodian"):
        checked["custodian"] = ENGINEERING
    if label and checked.get("site") is None and "site" not in checked:
        site_id = Site.select(Site.id).where(Site.label == label).scalar()
        if site_id is not None:
            checked["site"] = site_id


def _columns(key: KeySet) -> dict[str, Any]:
    return {
        field.name: getattr(key, getattr(field, "object_id_name", field.name))
        for field in KeySet._meta.sorted_fields
        if field.name not in ("created_at", "updated_at", "version")
    }


@requires("record.create")
def add_key_set(values: dict[str, Any], *, by: int | None, now: datetime) -> KeyRow:
    """Register a key set.

    Args:
        values: ``label``, ``category``, ``quantity`` (or ``kind_counts`` for owner sets), ``hook``,
            ``custodian``, ``description``, ``building``, ``floor``, ``note``, ``site_id``.

    Raises:
        UserError: a missing or malformed value, or a label already registered.
    """
    checked = _checked({"label": "", "category": None, **values})
    if "quantity" not in checked:
        raise UserError(_("A key set has at least one key."), field="quantity")
    _derived(checked)
    with db.atomic():
        if KeySet.select().where(KeySet.label == checked["label"]).exists():
            raise UserError(
                _("A key labelled {label} is registered already.").format(label=checked["label"]),
                field="label",
            )
        key_id = KeySet.insert(
            **checked, status=rules.IN, created_at=now, updated_at=now, version=1
        ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=RECORD_TYPE,
            record_id=key_id,
            changes=audit.diff({}, _columns(KeySet.get_by_id(key_id))),
            summary=checked["label"],
            by=by,
            now=now,
        )
    return get_key(int(key_id), now=now)


@requires("record.update")
def update_key_set(
    key_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> KeyRow:
    """Change a key set's label, hook, custodian, quantity … (not its status: loans and counts move that).

    Raises:
        ConflictError: another desk saved it after ``expected_version`` was read.
        UserError: no such key set or a value to correct.
    """
    with db.atomic():
        key = KeySet.get_or_none(KeySet.id == key_id)
        if key is None:
            raise UserError(_("There is no key with id {id}.").format(id=key_id))
        if key.version != expected_version:
            raise ConflictError(
                _("Key {label} was changed on another desk after you opened it. Nothing was saved.").format(
                    label=key.label
                )
            )
        checked = _checked({"category": key.category, **values})
        if "label" in checked and checked["label"] != key.label:
            taken = KeySet.select().where((KeySet.label == checked["label"]) & (KeySet.id != key_id)).exists()
            if taken:
                raise UserError(
                    _("A key labelled {label} is registered already.").format(label=checked["label"]),
                    field="label",
                )
        before = _columns(key)
        KeySet.update(**checked, updated_at=now, version=key.version + 1).where(KeySet.id == key_id).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type=RECORD_TYPE,
            record_id=key_id,
            changes=audit.diff(before, _columns(KeySet.get_by_id(key_id))),
            summary=key.label,
            by=by,
            now=now,
        )
    return get_key(key_id, now=now)


@requires("record.update")
def retire_key_set(key_id: int, *, by: int | None, now: datetime) -> KeyRow:
    """Take a key set out of use (the lock was changed, the unit demolished …); it stays in the history.

    Raises:
        UserError: no such key set, or it is out on loan.
    """
    with db.atomic():
        key = KeySet.get_or_none(KeySet.id == key_id)
        if key is None:
            raise UserError(_("There is no key with id {id}.").format(id=key_id))
        if key.status == rules.OUT:
            raise UserError(_("Key {label} is out on loan; take it back first.").format(label=key.label))
        set_status(key, rules.RETIRED, by=by, now=now)
    return get_key(key_id, now=now)


@requires("record.update")
def set_status(
    key: KeySet, status: str, *, by: int | None, now: datetime, quantity: int | None = None
) -> None:
    """Move ``key`` to ``status`` inside the caller's transaction, with its audit event (for sibling services)."""
    changes: dict[str, list[Any]] = {"status": [key.status, status]}
    values: dict[str, Any] = {"status": status}
    if quantity is not None and quantity != key.quantity:
        changes["quantity"] = [key.quantity, quantity]
        values["quantity"] = quantity
    KeySet.update(**values, updated_at=now, version=KeySet.version + 1).where(KeySet.id == key.id).execute()
    audit.record_event(
        action=audit.UPDATE,
        record_type=RECORD_TYPE,
        record_id=key.id,
        changes=changes,
        summary=key.label,
        by=by,
        now=now,
    )
