"""Reports: the monthly and quarterly statistics the seeds ask for (seed-spec 2.15)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class ReportsPage(PlaceholderPage):
    """Reports page: an empty state until its records arrive."""

    key = "reports"
    title = N_("Reports")
    icon_name = "reports"
    kinds = ("ticket", "callback", "complaint")
    sentence = N_(
        "Monthly and quarterly statistics will be shown here, ready to print for the office meeting."
    )


PAGE = ReportsPage
