"""The page registry: order, identity, icons and empty states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.rules import office_types
from desktop.views import icons
from desktop.views.pages import PAGE_KEYS, page_classes
from desktop.views.pages.base import EmptyState


def test_registry_follows_the_office_type_books() -> None:
    assert PAGE_KEYS == office_types.BOOKS
    assert [page.key for page in page_classes()] == list(PAGE_KEYS)


@pytest.mark.parametrize("page_class", page_classes(), ids=lambda page: page.key)
def test_each_page_has_a_title_and_a_drawn_icon(page_class: Any) -> None:
    assert page_class.title
    assert Path(icons.icon_path(page_class.icon_name)).is_file()
    assert not icons.icon(page_class.icon_name).isNull()


def test_an_empty_state_says_what_will_be_there_and_offers_its_action(qtbot: QtBot) -> None:
    i18n.set_ui_language("en")
    state = EmptyState(
        "tickets", "No problem sheets yet", "Press Ctrl+N to file the first one.", "New sheet…"
    )
    qtbot.addWidget(state)
    assert state.heading_label.text() == "No problem sheets yet"
    assert state.sentence_label.text().endswith(".")
    assert not state.icon_label.pixmap().isNull()
    assert state.button is not None
    with qtbot.waitSignal(state.activated):
        state.button.click()
