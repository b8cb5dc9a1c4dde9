"""The callback list: calls back to customers after a sheet is closed (seed-spec 2.2)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class CallbacksPage(PlaceholderPage):
    """Callbacks page: an empty state until its records arrive."""

    key = "callbacks"
    title = N_("Callbacks")
    icon_name = "callbacks"
    kinds = ("callback",)
    sentence = N_(
        "Callbacks to customers will be listed here: who to call, about what, and when the call is due."
    )


PAGE = CallbacksPage
