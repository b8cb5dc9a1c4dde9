"""Problem sheets are frozen once signed (issue 9): reviewed by the 审核人 (000:124-128), or closed.

Registers the sheet kind with :mod:`desktop.services.amendments`; :func:`desktop.services.sheets.update_sheet`
refuses a signed sheet, and a correction is an amendment. Reopening (a workflow step) makes a sheet editable
again: the reason is in its history.
"""

from __future__ import annotations

from typing import Any

from desktop.errors import ValidationError
from desktop.formspec.loader import load_form
from desktop.formspec.types import validate_record
from desktop.i18n import N_, _
from desktop.rules.sheet_workflow import CLOSED, REVIEWED
from desktop.services import amendments
from desktop.services.settings import get_setting
from desktop.services.sheet_records import form_values, load_sheet

SLUG = "problem_sheet"
#: The typed fields an amendment may correct (the workflow fields are the steps' own).
AMENDABLE: tuple[str, ...] = (
    "category",
    "customer_name",
    "contact_person",
    "mobile",
    "office_phone",
    "site",
    "address",
    "description",
    "intake_by",
    "intake_date",
    "plan",
    "result",
)


def signed_state(sheet_id: int) -> amendments.FrozenState | None:
    """Reviewed (or closed after review): signed by the reviewer; closed without review: by the desk."""
    sheet = load_sheet(sheet_id)
    if sheet.status == REVIEWED or (sheet.status == CLOSED and sheet.review_date is not None):
        return amendments.FrozenState(at=sheet.review_date or sheet.closed_at, how=N_("reviewed"))
    if sheet.status == CLOSED and sheet.closed_at is not None:
        return amendments.FrozenState(at=sheet.closed_at, how=N_("closed"))
    return None


def validate_corrections(changes: dict[str, Any]) -> None:
    """Check corrected values as the entry form checks them (required, length, choices, dates …).

    Only the changed fields are checked: an amendment answers for what it changes, not for the rest of a form
    signed long ago.

    Raises:
        ValidationError: field → message for each corrected value that is wrong.
    """
    errors = validate_record(load_form(SLUG), changes)
    wrong = {key: message for key, message in errors.items() if key in changes and key != "category"}
    if "category" in changes:
        # The office's list in Settings, not the definition's (as when the sheet is filed).
        known = {item["key"] for item in get_setting("sheet.categories")}
        if changes["category"] not in known:
            wrong["category"] = _("{value} is not one of the problem categories in Settings.").format(
                value=changes["category"]
            )
    if wrong:
        raise ValidationError(wrong)


amendments.register_kind(
    amendments.FrozenKind(
        kind=SLUG,
        label=N_("sheet"),
        signed=signed_state,
        values=lambda sheet_id: form_values(load_sheet(sheet_id)),
        number=lambda sheet_id: load_sheet(sheet_id).number,
        fields=AMENDABLE,
        validate=validate_corrections,
    )
)
