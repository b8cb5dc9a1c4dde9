"""The complaint register and its handling reports (seed-spec 2.3)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class ComplaintsPage(PlaceholderPage):
    """Complaints page: an empty state until its records arrive."""

    key = "complaints"
    title = N_("Complaints")
    icon_name = "complaints"
    kinds = ("complaint",)
    sentence = N_("Complaints will be listed here with their reply deadlines, handlers and results.")


PAGE = ComplaintsPage
