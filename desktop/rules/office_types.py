"""Office-type presets: which books the navigation shows and which rules an office starts with.

Spec §5 (gaps 3 and 5): the seeds describe a hotline (seed 000), a property-management service centre (seed 001)
and generic customer service; limits conflict between them, so each office type starts from its own seed's
defaults and the office may change them in Settings. A clinic's front desk (导医台, §2.12) keeps no key
cabinet, nor does a hotline, so both hide the keys book.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.i18n import N_

#: Every book (navigation page) in display order.
BOOKS: tuple[str, ...] = (
    "today",
    "tickets",
    "callbacks",
    "complaints",
    "keys",
    "registers",
    "reports",
    "settings",
)

PROPERTY = "property"
CLINIC = "clinic"
HOTLINE = "hotline"


@dataclass(frozen=True)
class OfficeType:
    """A preset: label, the books shown, and setting defaults applied when the office picks this type.

    Attributes:
        key: stored in ``office.office_type`` and the ``office.type`` setting.
        label: English label marked with ``N_``; translate where shown.
        books: keys of :data:`BOOKS` the navigation shows, in display order.
        defaults: setting key → value written when the type is chosen (the office may change them later).
    """

    key: str
    label: str
    books: tuple[str, ...]
    defaults: dict[str, Any] = field(default_factory=dict)


def _without(*hidden: str) -> tuple[str, ...]:
    return tuple(book for book in BOOKS if book not in hidden)


OFFICE_TYPES: dict[str, OfficeType] = {
    PROPERTY: OfficeType(
        key=PROPERTY,
        label=N_("Property-management service centre"),
        books=BOOKS,
        # seed 001:1822, 2116: a key loan comes back the same day; 001:1686 unresolved complaint: callback every
        # 2 days. The 000 sheet rules (2 working hours / 2 working days) are kept for repair sheets too.
        defaults={"deadline.handover_hours": 2, "deadline.result_working_days": 2},
    ),
    CLINIC: OfficeType(
        key=CLINIC,
        label=N_("Clinic"),
        books=_without("keys"),  # spec §5: a clinic's guide desk lends no keys
        defaults={"deadline.handover_hours": 2, "deadline.result_working_days": 2},
    ),
    HOTLINE: OfficeType(
        key=HOTLINE,
        label=N_("Service hotline"),
        books=_without("keys"),  # spec §5: a hotline has no key cabinet
        # seed 000:95 problem sheet to the handler within 2 working hours, result within 2 working days.
        defaults={"deadline.handover_hours": 2, "deadline.result_working_days": 2},
    ),
}

DEFAULT_OFFICE_TYPE = PROPERTY


def office_type(key: str | None) -> OfficeType:
    """The preset for ``key``; the default (property) for None or an unknown key, so old data still opens."""
    return OFFICE_TYPES.get(key or DEFAULT_OFFICE_TYPE, OFFICE_TYPES[DEFAULT_OFFICE_TYPE])


def shows_book(office_type_key: str | None, book: str) -> bool:
    """True when an office of this type shows ``book`` in its navigation."""
    return book in office_type(office_type_key).books
