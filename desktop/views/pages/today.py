"""The Today page: what the desk must do today (deadlines, callbacks due, keys out)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class TodayPage(PlaceholderPage):
    """Today page: an empty state until its records arrive."""

    key = "today"
    title = N_("Today")
    icon_name = "today"
    kinds = ("ticket", "callback", "complaint", "key")
    sentence = N_(
        "What needs doing today will be listed here: replies and callbacks due, keys still out, and overdue sheets."
    )


PAGE = TodayPage
