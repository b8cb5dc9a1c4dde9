"""Keys as generic record kinds (export, import, print) and every key printout.

Record stores (:mod:`desktop.services.records`) for the four key forms: ``key_loan`` (P02, every loan),
``key_log`` (P01, the loans of public and plant-room keys), ``key_handover`` (P03) and ``key_receipt`` (P04).
Printing: the loan register and the key log by day or for one key, the hand-over sheet, the count report with
its discrepancies, an owner's receipt, and tag label sheets (:mod:`desktop.pdf.tags`). Printing reads only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.key import KeyCount, KeyLoan, KeyReceipt, KeySet
from desktop.rules import keys as rules
from desktop.services import audit, printing, records
from desktop.services.key_counts import COUNT, HANDOVER, CountRow, get_count
from desktop.services.key_issues import RECEIPT_PATTERN, RECEIPT_SCHEME, receipt_values
from desktop.services.key_loans import LOG_SLUG, NUMBER_SCHEME, SLUG, LoanRow, get_loan, list_loans
from desktop.services.keys import KeyRow, get_key
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

HANDOVER_SLUG = "key_handover"
RECEIPT_SLUG = "key_receipt"


def _empty(value: str) -> str | None:
    return value or None


def _document(loan: LoanRow) -> str | None:
    if loan.approver and loan.document:
        return f"{loan.document} / {loan.approver}"
    return _empty(loan.document or loan.approver)


def loan_values(loan: LoanRow) -> dict[str, Any]:
    """A loan as key_loan (P02) form values."""
    return {
        "number": loan.number,
        "loan_date": loan.out_at.date(),
        "borrower_type": "external" if rules.is_external(loan.borrower_type) else "internal",
        "borrower": loan.borrower,
        "borrower_unit": _empty(loan.department),
        "id_number": _empty(loan.id_document),
        "key_tag": loan.key_label,
        "quantity": loan.quantity,
        "purpose": loan.purpose,
        "document": _document(loan),
        "issued_by": _empty(loan.issued_by),
        "returned_at": loan.returned_at,
        "received_by": _empty(loan.received_by),
        "damage_note": _empty(_return_note(loan)),
    }


def _return_note(loan: LoanRow) -> str:
    if loan.returned_at is not None and loan.quantity_mismatch and loan.returned_quantity is not None:
        counted = f"{loan.returned_quantity}/{loan.quantity}"
        return f"{counted} {loan.damage_note}".strip()
    return loan.damage_note


def log_values(loan: LoanRow) -> dict[str, Any]:
    """A loan of a public or plant-room key as key_log (P01) form values."""
    return {
        "number": loan.number,
        "log_date": loan.out_at.date(),
        "key_tag": loan.key_label,
        "key_category": loan.key_category,
        "quantity": loan.quantity,
        "purpose": loan.purpose,
        "borrower": loan.borrower,
        "department": _empty(loan.department),
        "taken_at": loan.out_at.time(),
        "returned_at": loan.returned_at,
        "keeper": _empty(loan.issued_by),
        "approved_by": _empty(loan.approver),
        "remarks": _empty(_return_note(loan)),
    }


def handover_values(count: CountRow, lang: str | None = None) -> dict[str, Any]:
    """A hand-over as key_handover (P03) form values; the key list one line per set."""
    gettext = i18n.gettext_for(lang or i18n.ui_language())
    lines = []
    for item in count.items:
        found = "—" if item.counted is None else str(item.counted)
        condition = gettext(rules.CONDITIONS.get(item.condition, rules.CONDITIONS[rules.CONDITION_OK]))
        line = f"{item.label}  {found}/{item.expected}  {condition}"
        if item.discrepancy:
            line += f"  ({gettext(rules.DISCREPANCY_KINDS[item.discrepancy])})"
        lines.append(line)
    return {
        "number": count.number,
        "handover_date": count.counted_at.date(),
        "reason": count.reason or "deputy",
        "from_party": count.from_party,
        "to_party": count.to_party,
        "key_list": "\n".join(lines) or count.remarks,
        "total_quantity": count.total_counted,
        "remaining_count": count.total_counted,
        "condition_ok": not count.discrepancies,
        "function_tested": count.function_tested,
        "remarks": _empty(count.remarks),
    }


# ---- record stores -----------------------------------------------------------------------------------------


def _loan_ids(*, since: datetime | None, work_log_only: bool) -> list[LoanRow]:
    rows = list_loans(work_log_only=work_log_only)
    if since is not None:
        changed = {
            loan_id for (loan_id,) in KeyLoan.select(KeyLoan.id).where(KeyLoan.updated_at >= since).tuples()
        }
        rows = [row for row in rows if row.id in changed]
    return rows


def _loan_by_number(number: str, *, work_log_only: bool) -> LoanRow | None:
    loan_id = KeyLoan.select(KeyLoan.id).where(KeyLoan.number == (number or "").strip()).scalar()
    if loan_id is None:
        return None
    loan = get_loan(int(loan_id))
    if work_log_only and not rules.is_work_log_entry(loan.key_category):
        return None
    return loan


def _import_loans(rows: list[dict[str, Any]], *, date_key: str, by: int | None, now: datetime) -> int:
    """Paper loans as returned loans (history): each row names a registered key by its tag."""
    with db.atomic():
        for row in rows:
            tag = str(row.get("key_tag") or "").strip()
            key = KeySet.get_or_none(KeySet.label == tag)
            if key is None:
                raise UserError(
                    _("There is no key labelled {label}; register it first. Nothing was imported.").format(
                        label=tag
                    )
                )
            number = str(row.get("number") or "").strip()
            if number and KeyLoan.select().where(KeyLoan.number == number).exists():
                raise UserError(
                    _("Record number {number} is taken already; nothing was imported.").format(number=number)
                )
            day = row.get(date_key) or now.date()
            taken = row.get("taken_at")
            out_at = (
                datetime.combine(day, taken)
                if taken
                else datetime.combine(day, datetime.min.time()).replace(hour=9)
            )
            returned = row.get("returned_at") or out_at
            external = row.get("borrower_type") == "external"
            quantity = int(row.get("quantity") or 1)
            loan_id = KeyLoan.insert(
                number=number
                or next_number(NUMBER_SCHEME, pattern=get_setting("numbering.key_loan"), now=out_at),
                key_set=key.id,
                borrower_type=rules.OTHER if external else rules.STAFF,
                borrower=str(row.get("borrower") or ""),
                department=str(row.get("borrower_unit") or row.get("department") or ""),
                id_document=str(row.get("id_number") or ""),
                purpose=str(row.get("purpose") or ""),
                quantity=quantity,
                approver=str(row.get("approved_by") or ""),
                document=str(row.get("document") or ""),
                for_work=rules.is_work_log_entry(key.category),
                out_at=out_at,
                due_at=out_at,
                issued_by=str(row.get("issued_by") or row.get("keeper") or ""),
                returned_at=returned,
                returned_quantity=quantity,
                return_condition=rules.CONDITION_OK,
                received_by=str(row.get("received_by") or ""),
                damage_note=str(row.get("damage_note") or row.get("remarks") or ""),
                created_at=now,
                updated_at=now,
                version=1,
            ).execute()
            audit.record_event(
                action=audit.IMPORT, record_type=SLUG, record_id=loan_id, summary=tag, by=by, now=now
            )
    return len(rows)


class KeyLoanStore:
    """:class:`desktop.services.records.RecordStore` of form ``key_loan`` (P02): every loan."""

    slug = SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every loan (or those changed at or after ``since``), in the order they went out."""
        return [loan_values(loan) for loan in _loan_ids(since=since, work_log_only=False)]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The loan numbered ``number``, or None."""
        loan = _loan_by_number(number, work_log_only=False)
        return loan_values(loan) if loan else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The loans that went out in the period, as the Keys page prints the day's register."""
        return loan_register_rows(day=start, date_to=end)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Paper loans, imported as returned loans of registered keys (one transaction)."""
        return _import_loans(rows, date_key="loan_date", by=by, now=now)


class KeyLogStore:
    """:class:`desktop.services.records.RecordStore` of form ``key_log`` (P01): public and plant-room keys."""

    slug = LOG_SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every loan of a public or plant-room key, in the order they went out."""
        return [log_values(loan) for loan in _loan_ids(since=since, work_log_only=True)]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The log line numbered ``number``, or None."""
        loan = _loan_by_number(number, work_log_only=True)
        return log_values(loan) if loan else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The work-log lines of the period, as the Keys page prints the day's log."""
        return log_register_rows(day=start, date_to=end)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Paper log lines, imported as returned loans of registered keys (one transaction)."""
        return _import_loans(rows, date_key="log_date", by=by, now=now)


class KeyHandoverStore:
    """:class:`desktop.services.records.RecordStore` of form ``key_handover`` (P03)."""

    slug = HANDOVER_SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every hand-over, oldest first."""
        query = KeyCount.select(KeyCount.id).where(KeyCount.kind == HANDOVER).order_by(KeyCount.id)
        if since is not None:
            query = query.where(KeyCount.updated_at >= since)
        return [handover_values(get_count(count_id)) for (count_id,) in query.tuples()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The hand-over numbered ``number`` (its key list in the screens' language), or None."""
        return self.printed_values(number, lang=i18n.ui_language())

    def printed_values(self, number: str, *, lang: str) -> dict[str, Any] | None:
        """The hand-over numbered ``number`` with its key list worded in ``lang``, or None."""
        count_id = (
            KeyCount.select(KeyCount.id)
            .where((KeyCount.number == (number or "").strip()) & (KeyCount.kind == HANDOVER))
            .scalar()
        )
        return handover_values(get_count(int(count_id)), lang) if count_id is not None else None

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Paper hand-overs, kept with their key list as written (one transaction)."""
        with db.atomic():
            for row in rows:
                number = str(row.get("number") or "").strip()
                if number and KeyCount.select().where(KeyCount.number == number).exists():
                    raise UserError(
                        _("Record number {number} is taken already; nothing was imported.").format(
                            number=number
                        )
                    )
                day = row.get("handover_date") or now.date()
                at = datetime.combine(day, datetime.min.time()).replace(hour=9)
                count_id = KeyCount.insert(
                    number=number
                    or next_number("key_count_handover", pattern="JJ{date:%Y%m%d}-{serial:02d}", now=at),
                    kind=HANDOVER,
                    reason=row.get("reason") or "deputy",
                    counted_at=at,
                    from_party=str(row.get("from_party") or ""),
                    to_party=str(row.get("to_party") or ""),
                    function_tested=bool(row.get("function_tested")),
                    remarks="\n".join(str(row.get(key) or "") for key in ("key_list", "remarks")).strip()[
                        :1000
                    ],
                    created_at=now,
                    updated_at=now,
                    version=1,
                ).execute()
                audit.record_event(
                    action=audit.IMPORT, record_type="key_handover", record_id=count_id, by=by, now=now
                )
        return len(rows)


class KeyReceiptStore:
    """:class:`desktop.services.records.RecordStore` of form ``key_receipt`` (P04)."""

    slug = RECEIPT_SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every receipt, oldest first."""
        query = KeyReceipt.select().order_by(KeyReceipt.id)
        if since is not None:
            query = query.where(KeyReceipt.updated_at >= since)
        return [receipt_values(receipt) for receipt in query]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The receipt numbered ``number``, or None."""
        receipt = KeyReceipt.get_or_none(KeyReceipt.number == (number or "").strip())
        return receipt_values(receipt) if receipt else None

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Paper receipts of registered owner sets (one transaction); each set is marked issued."""
        with db.atomic():
            for row in rows:
                unit = str(row.get("unit") or "").strip()
                key = KeySet.get_or_none(KeySet.label == unit)
                if key is None:
                    raise UserError(
                        _(
                            "There is no key labelled {label}; register it first. Nothing was imported."
                        ).format(label=unit)
                    )
                number = str(row.get("number") or "").strip()
                if number and KeyReceipt.select().where(KeyReceipt.number == number).exists():
                    raise UserError(
                        _("Record number {number} is taken already; nothing was imported.").format(
                            number=number
                        )
                    )
                day = row.get("receipt_date") or now.date()
                receipt_id = KeyReceipt.insert(
                    number=number
                    or next_number(
                        RECEIPT_SCHEME,
                        pattern=RECEIPT_PATTERN,
                        now=datetime.combine(day, datetime.min.time()),
                    ),
                    key_set=key.id,
                    receipt_date=day,
                    unit=unit,
                    owner_name=str(row.get("owner_name") or ""),
                    id_checked=bool(row.get("id_checked")),
                    **{field: int(row.get(field) or 0) for field in rules.RECEIPT_FIELDS.values()},
                    issued_by=str(row.get("issued_by") or ""),
                    remarks=str(row.get("remarks") or ""),
                    created_at=now,
                    updated_at=now,
                    version=1,
                ).execute()
                KeySet.update(status=rules.ISSUED, updated_at=now).where(KeySet.id == key.id).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=RECEIPT_SLUG,
                    record_id=receipt_id,
                    summary=unit,
                    by=by,
                    now=now,
                )
        return len(rows)


records.register_store(KeyLoanStore())
records.register_store(KeyLogStore())
records.register_store(KeyHandoverStore())
records.register_store(KeyReceiptStore())


# ---- printing -------------------------------------------------------------------------------------------


def _period_suffix(day: date, date_to: date | None, lang: str) -> str:
    if date_to is None or date_to == day:
        return i18n.format_date(day, lang)
    return f"{i18n.format_date(day, lang)} – {i18n.format_date(date_to, lang)}"


def print_loan_register(
    *, lang: str, day: date | None = None, date_to: date | None = None, key_id: int | None = None
) -> bytes:
    """钥匙借用登记表 (P02) of one day (or ``day`` … ``date_to``) or of one key, for both sides to sign.

    Raises:
        ValueError: neither a day nor a key given (a programming error).
    """
    if day is None and key_id is None:
        raise ValueError("print the register of a day or of a key")
    suffix = get_key(key_id).label if key_id is not None else _period_suffix(day, date_to, lang)  # type: ignore[arg-type]
    return printing.print_register(
        SLUG, loan_register_rows(day=day, date_to=date_to, key_id=key_id), lang=lang, title_suffix=suffix
    )


def loan_register_rows(
    *, day: date | None = None, date_to: date | None = None, key_id: int | None = None
) -> list[dict[str, Any]]:
    """The lines of 钥匙借用登记表 (P02): the loans of ``day`` (… ``date_to``) or of one key, as they went out."""
    return [loan_values(loan) for loan in list_loans(key_id=key_id, day=day, date_to=date_to)]


def log_register_rows(
    *, day: date | None = None, date_to: date | None = None, key_id: int | None = None
) -> list[dict[str, Any]]:
    """The lines of 房屋钥匙管理记录表 (P01): public and plant-room keys taken for work, as they went out."""
    loans = list_loans(key_id=key_id, day=day, date_to=date_to, work_log_only=True)
    return [log_values(loan) for loan in loans]


def print_key_log(
    *, lang: str, day: date | None = None, date_to: date | None = None, key_id: int | None = None
) -> bytes:
    """房屋钥匙管理记录表 (P01): public and plant-room keys taken for work, of one day or of one key."""
    if day is None and key_id is None:
        raise ValueError("print the log of a day or of a key")
    suffix = get_key(key_id).label if key_id is not None else _period_suffix(day, date_to, lang)  # type: ignore[arg-type]
    return printing.print_register(
        LOG_SLUG, log_register_rows(day=day, date_to=date_to, key_id=key_id), lang=lang, title_suffix=suffix
    )


def print_handover(count_id: int, *, lang: str) -> bytes:
    """The hand-over sheet (P03) both parties sign."""
    count = get_count(count_id)
    if count.kind != HANDOVER:
        raise UserError(_("Record {number} is a count, not a hand-over.").format(number=count.number))
    return printing.print_record(HANDOVER_SLUG, count.number, lang=lang)


def print_count_report(count_id: int, *, lang: str) -> bytes:
    """The count report: the discrepancies first, then every key set counted, and the signatures."""
    from desktop.pdf.key_report import ReportTable, render_report

    gettext = i18n.gettext_for(lang)
    count = get_count(count_id)
    header = printing.office_header()

    def line(item: Any) -> tuple[str, ...]:
        found = "" if item.counted is None else str(item.counted)
        kind = gettext(rules.DISCREPANCY_KINDS[item.discrepancy]) if item.discrepancy else ""
        return (item.label, str(item.expected), found, kind)

    columns = (gettext("Key"), gettext("Registered"), gettext("Found"), gettext("Difference"))
    widths = (3.0, 1.0, 1.0, 2.0)
    title = gettext("Key count report") if count.kind == COUNT else gettext("Key hand-over count")
    meta = [
        (gettext("No."), count.number),
        (gettext("Counted"), i18n.format_datetime(count.counted_at, lang, "short")),
        (gettext("Key sets counted"), str(len(count.items))),
        (gettext("Discrepancies"), str(len(count.discrepancies))),
    ]
    if count.remarks:
        meta.append((gettext("Remarks"), count.remarks))
    tables = [
        ReportTable(
            heading=gettext("Discrepancies"),
            columns=columns,
            widths=widths,
            rows=tuple(line(item) for item in count.discrepancies),
            empty_text=gettext("None: every key is where the register says."),
        ),
        ReportTable(
            heading=gettext("All keys counted"),
            columns=columns,
            widths=widths,
            rows=tuple(line(item) for item in count.items),
        ),
    ]
    return render_report(
        title=title,
        office=header.name if header else "",
        meta=meta,
        tables=tables,
        signatures=(gettext("Counted by"), gettext("Checked by")),
    )


def print_receipt(number: str, *, lang: str) -> bytes:
    """An owner's key receipt (P04) for the owner to sign."""
    return printing.print_record(RECEIPT_SLUG, number, lang=lang)


def tag_caption(key: KeyRow, lang: str) -> str:
    """The small line under a tag's label: category and hook."""
    gettext = i18n.gettext_for(lang)
    category = gettext(rules.CATEGORIES.get(key.category, key.category))
    return f"{category} · {key.hook}" if key.hook else category


def print_tags(key_ids: Sequence[int], *, lang: str, skip: int = 0) -> bytes:
    """Tag label sheets (3 × 8 per A4 page) for the key sets ``key_ids``, in that order."""
    from desktop.pdf.tags import Tag, render_tags

    keys = [get_key(key_id) for key_id in key_ids]
    tags = [Tag(rules.tag_payload(key.id, key.label), key.label, tag_caption(key, lang)) for key in keys]
    return render_tags(tags, title=i18n.gettext_for(lang)("Key tags"), skip=skip)
