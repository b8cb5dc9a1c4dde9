"""Key management: the keys kept at the desk and their loans (seed-spec 2.5)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.views.pages.base import PlaceholderPage


class KeysPage(PlaceholderPage):
    """Keys page: an empty state until its records arrive."""

    key = "keys"
    title = N_("Keys")
    icon_name = "keys"
    kinds = ("key",)
    sentence = N_(
        "Keys kept at the desk will be listed here, with who borrowed which key and when it is due back."
    )


PAGE = KeysPage
