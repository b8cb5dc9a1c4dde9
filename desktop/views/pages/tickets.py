"""The problem-sheet book: every problem-handling sheet taken at the desk (seed 000 F01, 001 repair forms)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class TicketsPage(PlaceholderPage):
    """Problem sheets page: an empty state until its records arrive."""

    key = "tickets"
    title = N_("Problem sheets")
    icon_name = "tickets"
    kinds = ("ticket",)
    sentence = N_(
        "Problem-handling sheets taken at the desk will be listed here, newest first, with who handles each and by when."
    )


PAGE = TicketsPage
