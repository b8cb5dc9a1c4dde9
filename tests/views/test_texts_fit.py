"""Placeholders, labels, buttons and combo texts fit their widget on every page and dialog, in both languages.

Issue 13: the keys search placeholder needed 307 px and got 220; a warning was cut mid-line. The walk covers
every page of the main window (at the size the window opens with) and every dialog of :mod:`tests.views.screens`,
in Chinese and in English.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.views.pages import PAGE_KEYS, page_classes
from tests.views import screens
from tests.views.conftest import ShownMessage

#: The page area of the main window at its first size (1100 × 720 less the navigation, menu and status bar).
PAGE_SIZE = (900, 640)


def visible_descendants(root: QWidget) -> Iterator[QWidget]:
    for widget in root.findChildren(QWidget):
        if widget.isVisibleTo(root) and widget.width() > 0:
            yield widget


def placeholder_room(edit: QLineEdit) -> int:
    """The width a line edit leaves for its text (frame, text margins and the clear button taken off)."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    rect = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    room = rect.width() - margins.left() - margins.right() - 4  # Qt's own horizontal margin inside the frame
    if edit.isClearButtonEnabled():
        room -= edit.height()  # the clear button is a square as high as the edit, shown once there is text
    return room


def combo_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    rect = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return rect.width() - (4 if combo.isEditable() else 0)


def problems_in(root: QWidget) -> list[str]:
    """Every text on ``root`` that does not fit its widget."""
    found = []
    for widget in visible_descendants(root):
        where = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
        if isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.isReadOnly():
            needed = widget.fontMetrics().horizontalAdvance(widget.placeholderText())
            room = placeholder_room(widget)
            if needed > room:
                found.append(
                    f"{where}: placeholder {widget.placeholderText()!r} needs {needed} px, has {room}"
                )
        elif isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() and not widget.pixmap():
            if (
                widget.width() < widget.minimumSizeHint().width()
                or widget.height() < widget.sizeHint().height() - 2
            ):
                found.append(f"{where}: label {widget.text()!r} cut to {widget.width()}×{widget.height()} px")
        elif isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{where}: wrapped text {widget.text()[:40]!r} cut to {widget.height()} px high")
        elif isinstance(widget, QComboBox) and widget.count():
            room = combo_room(widget)
            metrics = widget.fontMetrics()
            for index in range(widget.count()):
                text = widget.itemText(index)
                if metrics.horizontalAdvance(text) > room:
                    found.append(
                        f"{where}: choice {text!r} needs {metrics.horizontalAdvance(text)} px, has {room}"
                    )
        elif (
            isinstance(widget, QAbstractButton)
            and widget.text()
            and widget.width() < widget.minimumSizeHint().width()
        ):
            found.append(f"{where}: button {widget.text()!r} cut to {widget.width()} px")
    return found


def settle() -> None:
    """Let timers that fill a screen after it opens (lookups, warnings) run, and the layouts follow."""
    QTest.qWait(250)
    for _round in range(3):
        QApplication.processEvents()


def show_every_tab(root: QWidget) -> Iterator[None]:
    """Yield once per tab of every tab widget, so each tab's contents are laid out and checked."""
    tabs = [tab for tab in root.findChildren(QTabWidget) if tab.isVisibleTo(root)]
    settle()
    yield
    for tab_widget in tabs:
        for index in range(tab_widget.count()):
            tab_widget.setCurrentIndex(index)
            settle()
            yield


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_fits_its_texts(
    qtbot: QtBot, demo_screens: screens.Demo, key: str, lang: str, shown_messages: list[ShownMessage]
) -> None:
    i18n.set_ui_language(lang)
    page_class = next(cls for cls in page_classes() if cls.key == key)
    page = page_class()
    qtbot.addWidget(page)
    page.resize(*PAGE_SIZE)
    page.show()
    qtbot.waitExposed(page)
    found: list[str] = []
    for _tab in show_every_tab(page):
        found += problems_in(page)
    assert sorted(set(found)) == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("name", screens.dialog_names())
def test_every_dialog_fits_its_texts(
    qtbot: QtBot, demo_screens: screens.Demo, name: str, lang: str, shown_messages: list[ShownMessage]
) -> None:
    i18n.set_ui_language(lang)
    found: list[str] = []
    for dialog in screens.build(name, demo_screens):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for _tab in show_every_tab(dialog):
            found += [f"{dialog.windowTitle()}: {problem}" for problem in problems_in(dialog)]
    assert sorted(set(found)) == []
