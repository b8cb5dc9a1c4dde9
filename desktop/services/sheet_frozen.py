"""Problem sheets are frozen once signed (issue 9): reviewed by the 审核人 (000:124-128), or closed.

Registers the sheet kind with :mod:`desktop.services.amendments`; :func:`desktop.services.sheets.update_sheet`
refuses a signed sheet, and a correction is an amendment. Reopening (a workflow step) makes a sheet editable
again: the reason is in its history.
"""

from __future__ import annotations

from desktop.i18n import N_
from desktop.rules.sheet_workflow import CLOSED, REVIEWED
from desktop.services import amendments
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


amendments.register_kind(
    amendments.FrozenKind(
        kind=SLUG,
        label=N_("sheet"),
        signed=signed_state,
        values=lambda sheet_id: form_values(load_sheet(sheet_id)),
        number=lambda sheet_id: load_sheet(sheet_id).number,
        fields=AMENDABLE,
    )
)
