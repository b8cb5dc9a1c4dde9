"""The simple registers: visitors, document loans and the like (seed-spec 1.2 P10-P15)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class RegistersPage(PlaceholderPage):
    """Registers page: an empty state until its records arrive."""

    key = "registers"
    title = N_("Registers")
    icon_name = "registers"
    kinds = ("register",)
    sentence = N_("Visitor and document registers will be kept here, one line per visit or loan.")


PAGE = RegistersPage
