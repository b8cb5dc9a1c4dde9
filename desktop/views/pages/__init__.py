"""The pages of the main window, one module each, listed here in navigation order.

A page module defines one :class:`~desktop.views.pages.base.Page` subclass and names it ``PAGE``. The page
class carries its ``key`` (what office-type presets list), its navigation ``title`` (marked with ``N_``) and
its icon name. To add a page, write ``pages/<key>.py`` and add ``<key>`` to :data:`PAGE_KEYS` where it belongs
in the navigation; the View menu's Ctrl+<n> shortcuts follow this order. To fill a page, replace the empty
state in its module: the key, title and registration stay.
"""

from __future__ import annotations

import importlib

from desktop.views.pages.base import Page

#: Navigation order; each key is also the module name.
PAGE_KEYS: tuple[str, ...] = (
    "today",
    "tickets",
    "callbacks",
    "complaints",
    "keys",
    "registers",
    "reports",
    "settings",
)


def page_classes() -> list[type[Page]]:
    """The page classes in navigation order."""
    classes = []
    for key in PAGE_KEYS:
        module = importlib.import_module(f"{__name__}.{key}")
        page_class: type[Page] = module.PAGE
        if page_class.key != key:
            raise RuntimeError(f"pages/{key}.py declares a page with key {page_class.key!r}")
        classes.append(page_class)
    return classes
