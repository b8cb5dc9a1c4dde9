"""Key management rules (钥匙管理, spec §2.5): who may take which key, when it is due back, what a count found.

Pure functions over plain values, so the services and the tests share one statement of the seed's rules:

* categories and the five owner key kinds (001:256-258, 276, 284);
* what a loan needs before the key leaves (001:264 no private loans, 001:1820-1824 internal purpose / external
  document signed by the responsible leader, 001:282-288 plant-room keys stay with engineering);
* copying a public or plant-room key needs the engineering manager's or supervisor's consent (001:286);
* the due-back moment: same day, i.e. the office's closing time (001:2102 "当天借当天还"), or a number of hours;
* when an unreturned loan escalates to the manager: the next opening after it fell due ("next morning");
* a return whose quantity differs is flagged (001:1816 "数量是否齐全");
* a count's discrepancies against the register (001:1818, 2118 "定期钥匙数量核对无误");
* the payload printed in a key tag's QR code and read back by a keyboard-wedge scanner.

Messages are English sources marked with ``N_``; the caller translates them where they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from desktop.i18n import N_
from desktop.rules.workcalendar import WorkCalendar

# ---- categories and kinds (001:256-258, 276, 284) ----------------------------------------------------------

OWNER = "owner"
PUBLIC = "public"
FACILITY = "facility"
#: Category → English label (the key_log form's options use the same keys).
CATEGORIES: dict[str, str] = {
    OWNER: N_("Owner's keys"),
    PUBLIC: N_("Public door / window"),
    FACILITY: N_("Facility / plant room"),
}

# seed 001:276: "客户的钥匙一般分为防盗铁门、单元门、室内门、电子对讲门和信报箱等五类钥匙".
IRON_DOOR = "iron_door"
UNIT_DOOR = "unit_door"
INTERIOR_DOOR = "interior_door"
INTERCOM = "intercom"
MAILBOX = "mailbox"
#: Owner key kind → English label, in the seed's order.
OWNER_KINDS: dict[str, str] = {
    IRON_DOOR: N_("Security door"),
    UNIT_DOOR: N_("Building entrance"),
    INTERIOR_DOOR: N_("Interior doors"),
    INTERCOM: N_("Intercom door"),
    MAILBOX: N_("Mailbox"),
}
#: Owner key kind → the key_receipt form field holding its quantity.
RECEIPT_FIELDS: dict[str, str] = {
    IRON_DOOR: "iron_door_keys",
    UNIT_DOOR: "unit_door_keys",
    INTERIOR_DOOR: "interior_door_keys",
    INTERCOM: "intercom_keys",
    MAILBOX: "mailbox_keys",
}

# ---- status of a key set ---------------------------------------------------------------------------------

IN = "in"
OUT = "out"
ISSUED = "issued"
LOST = "lost"
RETIRED = "retired"
STATUSES: dict[str, str] = {
    IN: N_("In"),
    OUT: N_("Out"),
    ISSUED: N_("Issued to owner"),
    LOST: N_("Lost"),
    RETIRED: N_("Retired"),
}

# ---- borrowers (001:1820-1824) -----------------------------------------------------------------------------

STAFF = "staff"
CONTRACTOR = "contractor"
RESIDENT = "resident"
OTHER = "other"
BORROWER_TYPES: dict[str, str] = {
    STAFF: N_("Staff"),
    CONTRACTOR: N_("Contractor"),
    RESIDENT: N_("Owner / tenant"),
    OTHER: N_("Other"),
}
#: Borrowers who are not office staff: they bring a document signed by the responsible leader (001:1824).
EXTERNAL_TYPES: frozenset[str] = frozenset({CONTRACTOR, RESIDENT, OTHER})

# ---- return condition (001:1816, 2110) ---------------------------------------------------------------------

CONDITION_OK = "ok"
CONDITION_DAMAGED = "damaged"
CONDITIONS: dict[str, str] = {CONDITION_OK: N_("Intact"), CONDITION_DAMAGED: N_("Damaged")}

# ---- due back ---------------------------------------------------------------------------------------------

#: seed 001:2102 "钥匙借用期限为一天,需当天借当天还": due back at the office's closing time the same day.
SAME_DAY = "same_day"
#: The due moment when a key leaves after closing or on a closed day: the end of that same day.
END_OF_DAY = time(23, 59)

#: The prefix of a key tag's QR payload; a scanner types it before the key's id.
TAG_PREFIX = "FDKEY:"


def is_external(borrower_type: str) -> bool:
    """Whether ``borrower_type`` is someone from outside the office (contractor, owner/tenant, other)."""
    return borrower_type in EXTERNAL_TYPES


@dataclass(frozen=True)
class LoanRequest:
    """What the desk knows about a loan before the key leaves.

    Attributes:
        category: the key set's category.
        key_status: the key set's status.
        set_quantity: keys in the set.
        quantity: keys to hand out.
        borrower_type: :data:`BORROWER_TYPES` key.
        borrower: the borrower's name.
        purpose: why the key is needed (must be work: 001:264 "非工作需要任何人不得以私人名义借出").
        id_document: the borrower's ID / document number (external borrowers).
        phone: how to reach the borrower while the key is out.
        approver: the responsible leader who signed the document (external borrowers, 001:1824).
        document: the document the external borrower brought (work order, contract …).
        department: the borrower's department (staff) or company (external).
    """

    category: str
    key_status: str
    set_quantity: int
    quantity: int
    borrower_type: str
    borrower: str
    purpose: str
    id_document: str = ""
    phone: str = ""
    approver: str = ""
    document: str = ""
    department: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the field it concerns and an ``N_`` message with ``{placeholders}``."""

    field: str
    message: str


def loan_refusals(request: LoanRequest) -> list[Refusal]:
    """Everything that stops this key from leaving the desk; empty when the loan may go ahead.

    The order is the order the desk checks: the key, then the borrower, then the approval.
    """
    refusals: list[Refusal] = []
    status_messages = {
        OUT: N_("This key is out already; it must come back before it can be lent again."),
        ISSUED: N_("This key was issued to the owner; it is no longer kept at the desk."),
        LOST: N_("This key is reported lost."),
        RETIRED: N_("This key is retired."),
    }
    if request.key_status in status_messages:
        refusals.append(Refusal("key", status_messages[request.key_status]))
    if request.borrower_type not in BORROWER_TYPES:
        refusals.append(Refusal("borrower_type", N_("Choose who borrows the key.")))
    if not request.borrower.strip():
        refusals.append(Refusal("borrower", N_("Enter the borrower's name.")))
    # seed 001:264: no private loans; 001:1820: internal borrowers state the purpose.
    if not request.purpose.strip():
        refusals.append(
            Refusal("purpose", N_("State what the key is needed for: keys are lent only for work."))
        )
    if request.quantity < 1:
        refusals.append(Refusal("quantity", N_("Lend at least one key.")))
    elif request.quantity > request.set_quantity:
        refusals.append(
            Refusal("quantity", N_("The set has only {count} keys; you cannot lend more than that."))
        )
    if not request.phone.strip():
        refusals.append(
            Refusal("phone", N_("Enter a phone number to reach the borrower while the key is out."))
        )
    if is_external(request.borrower_type):
        if not request.id_document.strip():
            refusals.append(
                Refusal("id_document", N_("Enter the ID or document number of the external borrower."))
            )
        # seed 001:1824: "须持相应单据并经相关领导签字".
        if not request.approver.strip():
            refusals.append(
                Refusal(
                    "approver",
                    N_(
                        "An external borrower needs the approval of the responsible leader: enter who signed "
                        "the document before the key leaves."
                    ),
                )
            )
        if not request.document.strip():
            refusals.append(
                Refusal(
                    "document", N_("Enter the document the external borrower brought (signed by the leader).")
                )
            )
    return refusals


def is_work_log_entry(category: str) -> bool:
    """Whether a loan of a ``category`` key is also entered in 房屋钥匙管理记录表 (P01, seed 001:288)."""
    return category in (PUBLIC, FACILITY)


def needs_copy_consent(category: str) -> bool:
    """Whether copying a key of ``category`` needs the engineering manager's or supervisor's consent (001:286).

    Owner keys belong to the owner; the seed's consent rule names public doors, windows and facility rooms.
    """
    return category in (PUBLIC, FACILITY)


#: Words that mark the engineering department in a department's name (工程部, 工程维修部, Engineering …).
ENGINEERING_MARKS = ("工程", "engineering")


def is_engineering_department(name: str | None) -> bool:
    """Whether a department of this name is the engineering department (工程部) that keeps facility keys.

    [design] Offices name their departments themselves (the wizard offers 工程部 / Engineering for a property
    service centre); any name containing 工程 or "engineering" counts.
    """
    folded = (name or "").casefold()
    return any(mark in folded for mark in ENGINEERING_MARKS)


def consent_refusal(department: str | None) -> Refusal | None:
    """Why someone of ``department`` may not consent to copying a key, or None (001:286).

    "公用门窗、设施设备房钥匙未经工程部经理或主管同意,任何人不得私配钥匙": the consent is the engineering
    department's — its manager or supervisor (the role is checked by the ``key.duplicate`` permission). The
    head of customer service or of HR holds that role too, and is refused here.
    """
    if is_engineering_department(department):
        return None
    return Refusal(
        "consented_by",
        N_(
            "Only the engineering department's manager or supervisor may consent to copying a public or plant-room "
            "key; {name} belongs to {department}."
        ),
    )


def copy_refusal(category: str, consented_by: str) -> Refusal | None:
    """Why a copy may not be made now, or None."""
    if needs_copy_consent(category) and not consented_by.strip():
        return Refusal(
            "consented_by",
            N_(
                "A public or plant-room key may not be copied without the consent of the engineering manager "
                "or supervisor."
            ),
        )
    return None


# ---- due back ---------------------------------------------------------------------------------------------


def closing_time(calendar: WorkCalendar, day: datetime) -> datetime | None:
    """When the office closes on ``day``'s date (end of its last interval), or None on a closed day."""
    intervals = calendar.working_intervals(day.date())
    return intervals[-1][1] if intervals else None


def due_back(out_at: datetime, calendar: WorkCalendar, loan_due: str | int = SAME_DAY) -> datetime:
    """When a key taken at ``out_at`` is due back.

    Args:
        out_at: when the key left.
        calendar: the office's calendar (its closing time).
        loan_due: :data:`SAME_DAY` (seed 001:2102, the default), or a number of hours.

    Same day means the office's closing time that day; a key taken after closing, or on a day the office is
    closed, is due at the end of that same day (:data:`END_OF_DAY`), still "当天还".
    """
    if loan_due != SAME_DAY:
        return out_at + timedelta(hours=int(loan_due))
    closing = closing_time(calendar, out_at)
    if closing is not None and out_at < closing:
        return closing
    return datetime.combine(out_at.date(), END_OF_DAY)


def escalation_at(due_at: datetime, calendar: WorkCalendar) -> datetime:
    """When an unreturned loan goes to the manager: the office's next opening after it fell due.

    Issue 7: "overdue loans escalate to the manager next morning" — next morning is the first opening after
    the due moment (a Friday loan escalates on Monday morning, or after the holiday).
    """
    moment = due_at + timedelta(minutes=1)
    opening = calendar.next_opening(moment)
    if opening.date() == due_at.date():
        # Due at lunch or mid-afternoon (hours mode): the next morning, not the same afternoon.
        opening = calendar.next_opening(datetime.combine(due_at.date() + timedelta(days=1), time(0, 0)))
    return opening


# ---- returns (001:1816 数量是否齐全, 001:2110 damage or loss) ---------------------------------------------------


def return_flags(lent: int, returned: int, condition: str) -> list[str]:
    """Problems a return shows (``N_`` messages with ``{lent}``/``{returned}``); empty when all is well."""
    flags: list[str] = []
    if returned < lent:
        flags.append(
            N_("{returned} of {lent} keys came back: the borrower explains the missing keys and signs.")
        )
    elif returned > lent:
        flags.append(N_("{returned} keys came back but only {lent} were lent: check the count."))
    if condition == CONDITION_DAMAGED:
        flags.append(N_("A key came back damaged: the borrower explains the cause and signs."))
    return flags


# ---- counts and hand-overs (001:1814-1818, 2112, 2118) -------------------------------------------------------

SHORT = "short"
SURPLUS = "surplus"
MISSING = "missing"
NOT_COUNTED = "not_counted"
DISCREPANCY_KINDS: dict[str, str] = {
    SHORT: N_("Fewer keys than registered"),
    SURPLUS: N_("More keys than registered"),
    MISSING: N_("Not found"),
    NOT_COUNTED: N_("Not counted"),
}


@dataclass(frozen=True)
class ExpectedKeys:
    """What the register says should be on the hook: ``expected`` keys of set ``key_id``."""

    key_id: int
    label: str
    expected: int


@dataclass(frozen=True)
class Discrepancy:
    """One difference between the register and the count.

    Attributes:
        kind: :data:`SHORT`, :data:`SURPLUS`, :data:`MISSING` or :data:`NOT_COUNTED`.
        counted: None when the set was not counted at all.
    """

    key_id: int
    label: str
    expected: int
    counted: int | None
    kind: str

    @property
    def difference(self) -> int:
        """Counted minus expected (0 for a set not counted)."""
        return 0 if self.counted is None else self.counted - self.expected


def expected_in_store(quantity: int, status: str, lent: int) -> int:
    """Keys of a set that should be on its hook: all of them when in, the rest when some are lent out."""
    if status == IN:
        return quantity
    if status == OUT:
        return max(0, quantity - lent)
    return 0


def discrepancies(expected: Iterable[ExpectedKeys], counted: Mapping[int, int | None]) -> list[Discrepancy]:
    """Compare a count with the register, in the register's order.

    Args:
        expected: each key set kept at the desk with how many keys should be there.
        counted: key set id → keys found; a set missing from the mapping (or None) was not counted.
    """
    found: list[Discrepancy] = []
    for item in expected:
        count = counted.get(item.key_id)
        if count is None:
            found.append(Discrepancy(item.key_id, item.label, item.expected, None, NOT_COUNTED))
        elif count == item.expected:
            continue
        elif count == 0:
            found.append(Discrepancy(item.key_id, item.label, item.expected, 0, MISSING))
        elif count < item.expected:
            found.append(Discrepancy(item.key_id, item.label, item.expected, count, SHORT))
        else:
            found.append(Discrepancy(item.key_id, item.label, item.expected, count, SURPLUS))
    return found


# ---- tags ----------------------------------------------------------------------------------------------------


def tag_payload(key_id: int, label: str) -> str:
    """What a key tag's QR code holds: ``FDKEY:<id>:<label>``, or ``FDKEY:<id>`` for a label that is not ASCII.

    A keyboard-wedge scanner types the code as key presses on a US keyboard layout: it cannot type Chinese
    (``配电房`` would arrive as garbage or nothing), so only a plain ASCII label rides along for a person reading
    the raw text; the id alone finds the key.
    """
    printable = label.isascii() and label.isprintable() and " " not in label
    return f"{TAG_PREFIX}{key_id}:{label}" if label and printable else f"{TAG_PREFIX}{key_id}"


def parse_tag(text: str) -> int | None:
    """The key id in a scanned tag, or None when ``text`` is not a FrontDesk key tag.

    Tolerant of what keyboard-wedge scanners add or change: surrounding blanks, a lower-case prefix, a missing
    label part.
    """
    stripped = (text or "").strip()
    if stripped[: len(TAG_PREFIX)].upper() != TAG_PREFIX:
        return None
    rest = stripped[len(TAG_PREFIX) :]
    number = rest.split(":", 1)[0].strip()
    return int(number) if number.isdigit() and int(number) > 0 else None


def owner_total(kind_counts: Mapping[str, int]) -> int:
    """Keys in an owner set: the sum over the five kinds."""
    return sum(int(kind_counts.get(kind, 0) or 0) for kind in OWNER_KINDS)
