"""Icons drawn for FrontDesk: one hand-written SVG per navigation page in ``resources/icons/``.

SVG keeps them sharp at any screen scale and small in the installer; Qt renders them through its ``qsvgicon``
plugin, which ships with PySide6-Essentials.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from desktop import paths

#: Every icon name there is a file for.
NAMES = (
    "today",
    "tickets",
    "callbacks",
    "complaints",
    "keys",
    "registers",
    "reports",
    "settings",
    "frontdesk",
)


def icon_path(name: str) -> str:
    """The file behind icon ``name``."""
    return str(paths.resources_dir() / "icons" / f"{name}.svg")


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (e.g. ``"keys"``); an empty icon for an unknown name."""
    if name not in NAMES:
        return QIcon()
    return QIcon(icon_path(name))
