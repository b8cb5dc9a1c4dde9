"""Counting keys: periodic counts (定期清点), custodian hand-overs (P03 钥匙交接表) and lost key reports.

seed 001:1814-1818: both parties present, condition and count checked, both sign; after each receipt or issue
the remaining keys are counted. 001:1826: a deputy takes over the keys with a hand-over when the keeper is
away. 001:2112, 2118: "定期钥匙数量核对无误". 001:1828: a loss is reported to the superior at once, who arranges
the remedy. A count and a hand-over are the same act — the keys in custody counted against the register — so
they share one table; the discrepancies come from :func:`desktop.rules.keys.discrepancies`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.key import KeyCount, KeyCountItem, KeyLoan, KeySet, LostKeyReport
from desktop.rules import keys as rules
from desktop.services import audit
from desktop.services.authz import requires
from desktop.services.keys import set_status
from desktop.services.numbering import next_number

COUNT = "count"
HANDOVER = "handover"
#: P03 交接类别 options plus the shift change the issue names.
HANDOVER_REASONS: tuple[str, ...] = ("receive", "issue", "deputy")
COUNT_SCHEME = "key_count"
#: 清点 / 交接 + day + serial.
NUMBER_PATTERNS = {COUNT: "QD{date:%Y%m%d}-{serial:02d}", HANDOVER: "JJ{date:%Y%m%d}-{serial:02d}"}
LOST_SCHEME = "key_lost"
LOST_PATTERN = "YS{date:%Y%m%d}-{serial:02d}"
LOST_RECORD_TYPE = "key_lost_report"


@dataclass(frozen=True)
class CountItemRow:
    """One key set in a count."""

    key_id: int
    label: str
    expected: int
    counted: int | None
    condition: str
    discrepancy: str


@dataclass(frozen=True)
class CountRow:
    """A count or hand-over with its lines and the discrepancies found."""

    id: int
    number: str
    kind: str
    reason: str
    counted_at: datetime
    from_party: str
    to_party: str
    function_tested: bool
    remarks: str
    items: tuple[CountItemRow, ...]

    @property
    def discrepancies(self) -> tuple[CountItemRow, ...]:
        """The lines that differ from the register."""
        return tuple(item for item in self.items if item.discrepancy)

    @property
    def total_counted(self) -> int:
        """Keys found."""
        return sum(item.counted or 0 for item in self.items)


@dataclass(frozen=True)
class LostRow:
    """A lost key report."""

    id: int
    number: str
    key_id: int
    key_label: str
    loan_id: int | None
    reported_at: datetime
    reported_by: str
    quantity: int
    circumstances: str
    reported_to: str
    actions: str
    closed_at: datetime | None


def expected_keys(*, category: str | None = None, custodian: str | None = None) -> list[rules.ExpectedKeys]:
    """The key sets in custody (on the hook or lent out) with how many keys should be on the hook now."""
    query = (
        KeySet.select(KeySet.id, KeySet.label, KeySet.quantity, KeySet.status, KeyLoan.quantity)
        .join(
            KeyLoan,
            peewee.JOIN.LEFT_OUTER,
            on=((KeyLoan.key_set == KeySet.id) & KeyLoan.returned_at.is_null()),
        )
        .where(KeySet.status.in_((rules.IN, rules.OUT)))
        .order_by(KeySet.building, KeySet.floor, peewee.fn.LENGTH(KeySet.label), KeySet.label)
    )
    if category:
        query = query.where(KeySet.category == category)
    if custodian:
        query = query.where(KeySet.custodian == custodian)
    return [
        rules.ExpectedKeys(key_id, label, rules.expected_in_store(quantity, status, lent or 0))
        for key_id, label, quantity, status, lent in query.tuples()
    ]


def _count_row(count: KeyCount) -> CountRow:
    items = tuple(
        CountItemRow(
            key_id=item.key_set_id,
            label=item.label,
            expected=item.expected,
            counted=item.counted,
            condition=item.condition,
            discrepancy=item.discrepancy,
        )
        for item in KeyCountItem.select().where(KeyCountItem.count == count.id).order_by(KeyCountItem.id)
    )
    return CountRow(
        id=count.id,
        number=count.number,
        kind=count.kind,
        reason=count.reason,
        counted_at=count.counted_at,
        from_party=count.from_party,
        to_party=count.to_party,
        function_tested=count.function_tested,
        remarks=count.remarks,
        items=items,
    )


def get_count(count_id: int) -> CountRow:
    """The count or hand-over ``count_id``; UserError when there is none."""
    count = KeyCount.get_or_none(KeyCount.id == count_id)
    if count is None:
        raise UserError(_("There is no key count with id {id}.").format(id=count_id))
    return _count_row(count)


def list_counts(*, kind: str | None = None, limit: int = 100) -> list[CountRow]:
    """Counts and hand-overs, newest first."""
    query = KeyCount.select().order_by(KeyCount.counted_at.desc(), KeyCount.id.desc()).limit(limit)
    if kind:
        query = query.where(KeyCount.kind == kind)
    return [_count_row(count) for count in query]


@requires("record.create")
def record_count(
    counted: dict[int, int | None],
    *,
    kind: str = COUNT,
    category: str | None = None,
    custodian: str | None = None,
    from_party: str = "",
    to_party: str = "",
    reason: str = "",
    conditions: dict[int, str] | None = None,
    function_tested: bool = False,
    remarks: str = "",
    by: int | None,
    now: datetime,
) -> CountRow:
    """Record a count (or a hand-over) of the keys in custody against the register.

    Args:
        counted: key set id → keys found (None: not counted). Sets in custody missing here are "not counted".
        kind: :data:`COUNT` or :data:`HANDOVER` (both parties named, both sign the printed P03).
        category, custodian: count only part of the register (e.g. the engineering department's keys).
        conditions: key set id → :data:`desktop.rules.keys.CONDITIONS` key (default intact).

    Returns:
        The count with its lines; :attr:`CountRow.discrepancies` is the discrepancy report.

    Raises:
        ValidationError: a hand-over without both parties or with an unknown reason, a negative count.
    """
    if kind not in (COUNT, HANDOVER):
        raise ValueError(f"unknown count kind {kind!r}")
    errors: dict[str, str] = {}
    giver = " ".join((from_party or "").split())
    taker = " ".join((to_party or "").split())
    if kind == HANDOVER:
        if not giver:
            errors["from_party"] = _("Enter who hands the keys over.")
        if not taker:
            errors["to_party"] = _("Enter who takes the keys over.")
        if reason not in HANDOVER_REASONS:
            errors["reason"] = _("Choose what kind of hand-over this is.")
    if any(value is not None and value < 0 for value in counted.values()):
        errors["counted"] = _("A number of keys cannot be negative.")
    if errors:
        raise ValidationError(errors)
    conditions = conditions or {}
    with db.atomic():
        expected = expected_keys(category=category, custodian=custodian)
        found = {item.key_id: item for item in rules.discrepancies(expected, counted)}
        number = next_number(COUNT_SCHEME + "_" + kind, pattern=NUMBER_PATTERNS[kind], now=now)
        count_id = KeyCount.insert(
            number=number,
            kind=kind,
            reason=reason if kind == HANDOVER else "",
            counted_at=now,
            from_party=giver[:200],
            to_party=taker[:200],
            function_tested=function_tested,
            discrepancy_count=len(found),
            remarks=" ".join((remarks or "").split())[:1000],
            created_at=now,
            updated_at=now,
            version=1,
        ).execute()
        if expected:
            KeyCountItem.insert_many(
                [
                    {
                        "count": count_id,
                        "key_set": item.key_id,
                        "label": item.label,
                        "expected": item.expected,
                        "counted": counted.get(item.key_id),
                        "condition": conditions.get(item.key_id, rules.CONDITION_OK),
                        "discrepancy": found[item.key_id].kind if item.key_id in found else "",
                    }
                    for item in expected
                ]
            ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=f"key_{kind}",
            record_id=count_id,
            changes={
                "keys": [None, len(expected)],
                "discrepancies": [None, [f"{d.label}: {d.kind}" for d in found.values()]],
            },
            summary=number,
            by=by,
            now=now,
        )
    return get_count(int(count_id))


# ---- lost keys (001:1828, 2110) ------------------------------------------------------------------------------


def _lost_row(report: LostKeyReport) -> LostRow:
    key = KeySet.get_by_id(report.key_set_id)
    return LostRow(
        id=report.id,
        number=report.number,
        key_id=key.id,
        key_label=key.label,
        loan_id=report.loan_id,
        reported_at=report.reported_at,
        reported_by=report.reported_by,
        quantity=report.quantity,
        circumstances=report.circumstances,
        reported_to=report.reported_to,
        actions=report.actions,
        closed_at=report.closed_at,
    )


@requires("record.create")
def report_lost(
    key_id: int,
    *,
    quantity: int,
    reported_by: str,
    circumstances: str,
    reported_to: str,
    actions: str = "",
    by: int | None,
    now: datetime,
) -> LostRow:
    """Report lost keys of set ``key_id`` to the superior; a key lost while lent closes its loan.

    The set keeps the keys that are left (back on the hook); when none are left it is marked lost.

    Raises:
        ValidationError: no reporter, no circumstances, no superior told, a quantity outside the set.
        UserError: no such key set.
    """
    errors: dict[str, str] = {}
    reporter = " ".join((reported_by or "").split())
    told = " ".join((reported_to or "").split())
    if not reporter:
        errors["reported_by"] = _("Enter who reports the loss.")
    if not (circumstances or "").strip():
        errors["circumstances"] = _("Write down how the key was lost; the borrower signs it.")
    if not told:
        errors["reported_to"] = _("Enter the superior the loss was reported to.")
    with db.atomic():
        key = KeySet.get_or_none(KeySet.id == key_id)
        if key is None:
            raise UserError(_("There is no key with id {id}.").format(id=key_id))
        if not 1 <= quantity <= key.quantity:
            errors["quantity"] = _("Between 1 and {count} keys of this set can be lost.").format(
                count=key.quantity
            )
        if errors:
            raise ValidationError(errors)
        loan = KeyLoan.get_or_none((KeyLoan.key_set == key_id) & KeyLoan.returned_at.is_null())
        if loan is not None:
            KeyLoan.update(
                returned_at=now.replace(second=0, microsecond=0),
                returned_quantity=max(0, loan.quantity - quantity),
                return_condition=rules.CONDITION_OK,
                quantity_mismatch=True,
                received_by=reporter[:60],
                damage_note=circumstances.strip()[:300],
                updated_at=now,
                version=loan.version + 1,
            ).where(KeyLoan.id == loan.id).execute()
        number = next_number(LOST_SCHEME, pattern=LOST_PATTERN, now=now)
        report_id = LostKeyReport.insert(
            number=number,
            key_set=key_id,
            loan=loan.id if loan is not None else None,
            reported_at=now,
            reported_by=reporter[:100],
            quantity=quantity,
            circumstances=circumstances.strip(),
            reported_to=told[:100],
            actions=(actions or "").strip(),
            created_at=now,
            updated_at=now,
            version=1,
        ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=LOST_RECORD_TYPE,
            record_id=report_id,
            changes={"key": [None, key.label], "quantity": [None, quantity], "reported_to": [None, told]},
            summary=number,
            by=by,
            now=now,
        )
        left = key.quantity - quantity
        set_status(key, rules.LOST if left == 0 else rules.IN, by=by, now=now, quantity=left or key.quantity)
    return _lost_row(LostKeyReport.get_by_id(report_id))


@requires("record.update")
def follow_up_lost(
    report_id: int, *, actions: str, close: bool = False, by: int | None, now: datetime
) -> LostRow:
    """Write what is being done about a loss (lock changed, key re-cut …) and close the report when done."""
    with db.atomic():
        report = LostKeyReport.get_or_none(LostKeyReport.id == report_id)
        if report is None:
            raise UserError(_("There is no lost key report with id {id}.").format(id=report_id))
        values: dict[str, Any] = {"actions": (actions or "").strip()}
        if close and report.closed_at is None:
            values["closed_at"] = now
        LostKeyReport.update(**values, updated_at=now, version=report.version + 1).where(
            LostKeyReport.id == report_id
        ).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type=LOST_RECORD_TYPE,
            record_id=report_id,
            changes={key: [getattr(report, key), value] for key, value in values.items()},
            summary=report.number,
            by=by,
            now=now,
        )
    return _lost_row(LostKeyReport.get_by_id(report_id))


def lost_reports(*, open_only: bool = False) -> list[LostRow]:
    """Lost key reports, newest first."""
    query = LostKeyReport.select().order_by(LostKeyReport.id.desc())
    if open_only:
        query = query.where(LostKeyReport.closed_at.is_null())
    return [_lost_row(report) for report in query]
