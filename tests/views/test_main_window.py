"""The main window: navigation by click and Ctrl+N, pages per office type, status bar, menus, geometry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services import office
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.main_window import MainWindow
from desktop.views.pages import PAGE_KEYS

ALL_PAGES = list(PAGE_KEYS)


def click_item(qtbot: QtBot, navigation: QListWidget, key: str) -> None:
    item = next(
        navigation.item(row)
        for row in range(navigation.count())
        if navigation.item(row).data(Qt.ItemDataRole.UserRole) == key
    )
    rect = navigation.visualItemRect(item)
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_main_window_opens_in_both_languages(qtbot: QtBot, office_db: Any, db_path: Path, lang: str) -> None:
    i18n.set_ui_language(lang)
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "FrontDesk 前台登记簿 — 绿园物业服务中心"
    assert window.visible_page_keys() == ALL_PAGES
    assert window.current_page_key() == "today"
    assert str(db_path) in window.database_label.text()


def test_every_navigation_entry_switches_pages_with_a_click(qtbot: QtBot, main_window: MainWindow) -> None:
    for key in reversed(ALL_PAGES):
        click_item(qtbot, main_window.navigation, key)
        assert main_window.current_page_key() == key
        assert main_window.stack.currentWidget() is main_window.pages[key]


@pytest.mark.parametrize(("number", "key"), list(enumerate(ALL_PAGES, start=1)))
def test_ctrl_number_switches_pages(qtbot: QtBot, main_window: MainWindow, number: int, key: str) -> None:
    main_window.show_page("settings" if key != "settings" else "today")
    main_window.activateWindow()
    qtbot.keyClick(main_window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == key


def test_view_menu_lists_every_page_with_its_shortcut(main_window: MainWindow) -> None:
    shortcuts = [action.shortcut().toString() for action in main_window.view_menu.actions()]
    assert shortcuts == [f"Ctrl+{n}" for n in range(1, 9)]


def test_a_clinic_shows_no_keys_page(qtbot: QtBot, main_window: MainWindow, clock: FixedClock) -> None:
    main_window.show_page("keys")
    ops.run(
        lambda by, now: office.save_office({"office_type": "clinic"}, by=by, now=now),
        parent=None,
        kind="office",
    )
    assert "keys" not in main_window.visible_page_keys()
    assert main_window.current_page_key() != "keys"
    # Ctrl+N follows the navigation as shown: the fifth entry is now Registers.
    qtbot.keyClick(main_window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "registers"


def test_title_follows_the_office_name(main_window: MainWindow) -> None:
    ops.run(
        lambda by, now: office.save_office({"name": "Green Garden"}, by=by, now=now),
        parent=None,
        kind="office",
    )
    assert main_window.windowTitle() == "FrontDesk 前台登记簿 — Green Garden"


def test_staff_on_duty_combo_lists_active_staff(main_window: MainWindow) -> None:
    combo = main_window.staff_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["001 张三", "002 李四"]
    assert ops.staff_on_duty() == combo.itemData(0)


def test_choosing_who_is_on_duty_is_what_saves_record(qtbot: QtBot, main_window: MainWindow) -> None:
    combo = main_window.staff_combo
    with qtbot.waitSignal(record_events().staff_on_duty_changed) as blocker:
        combo.setCurrentIndex(1)
    li = next(row for row in office.list_staff() if row.name == "李四")
    assert blocker.args == [li.id]
    assert ops.staff_on_duty() == li.id
    seen: dict[str, Any] = {}
    ops.run(lambda by, now: seen.update(by=by), parent=None)
    assert seen["by"] == li.id


def test_new_staff_appear_in_the_on_duty_combo(main_window: MainWindow, clock: FixedClock) -> None:
    ops.run(
        lambda by, now: office.add_staff(
            {"employee_no": "004", "name": "赵六", "role": "receptionist"}, by=by, now=now
        ),
        parent=None,
        kind="staff",
    )
    texts = [main_window.staff_combo.itemText(i) for i in range(main_window.staff_combo.count())]
    assert texts == ["001 张三", "002 李四", "004 赵六"]


def test_menus_have_the_commands(main_window: MainWindow) -> None:
    assert main_window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert main_window.backup_action in main_window.file_menu.actions()
    assert main_window.forms_menu.objectName() == "forms_menu"
    assert main_window.forms_menu.actions() == []  # filled the first time it opens
    main_window.forms_menu.aboutToShow.emit()
    filled = main_window.forms_menu.actions()
    assert filled
    main_window.forms_menu.aboutToShow.emit()
    assert main_window.forms_menu.actions() == filled  # once
    assert main_window.about_action in main_window.help_menu.actions()


def test_about_names_version_database_and_font_licence(
    main_window: MainWindow, shown_messages: list[Any], db_path: Path
) -> None:
    main_window.about_action.trigger()
    (message,) = shown_messages
    assert "0.1.0" in message.text
    assert str(db_path) in message.informative
    assert "WenQuanYi Micro Hei" in message.informative
    assert "Apache" in message.informative


def test_backup_writes_a_checked_copy(
    main_window: MainWindow, shown_messages: list[Any], tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    main_window.backup_to(target)
    assert target.exists()
    (message,) = shown_messages
    assert str(target) in message.text


def test_settings_page_edit_opens_the_settings_dialog(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.show_page("settings")
    page = main_window.pages["settings"]
    assert page.name_value.text() == "绿园物业服务中心"
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = main_window.settings_dialog
    assert dialog.isVisible()
    assert dialog.office_form.name_edit.text() == "绿园物业服务中心"
    dialog.reject()


def test_window_remembers_size_and_page(qtbot: QtBot, main_window: MainWindow, db_path: Path) -> None:
    main_window.resize(700, 500)
    main_window.show_page("reports")
    main_window.close()
    again = MainWindow(db_path)
    qtbot.addWidget(again)
    assert again.current_page_key() == "reports"
    assert (again.width(), again.height()) == (700, 500)


def test_no_two_actions_share_a_shortcut(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Two live QActions with the same key make the key go dead (Qt calls it ambiguous).

    A shortcut is live when its action is window-wide and sits on a visible widget: Ctrl+N may mean "new
    sheet" on one page and "new complaint" on another, but never two things on the page in front of the desk.
    """
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from desktop.views.idle_lock import IdleLock
    from desktop.views.main_window import MainWindow

    window = MainWindow(Path(db.database))
    qtbot.addWidget(window)
    lock = IdleLock(window)  # the app adds the screen lock and its Ctrl+Shift+L to every window
    window.show()
    window_wide = (
        Qt.ShortcutContext.WindowShortcut,
        Qt.ShortcutContext.ApplicationShortcut,
        Qt.ShortcutContext.WidgetWithChildrenShortcut,  # live while focus is on the page: clashes too
    )
    for page_key in window.visible_page_keys():
        window.show_page(page_key)
        seen: dict[str, str] = {}
        for action in window.findChildren(QAction):
            holders = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
            live = any(w.isVisible() for w in holders)  # enabled or not: a selection may enable it
            if action.shortcutContext() not in window_wide or not live:
                continue
            for sequence in action.shortcuts():
                key = sequence.toString()
                name = action.objectName() or action.text()
                assert key not in seen, f"on {page_key}: {key} is used by {seen[key]!r} and {name!r}"
                seen[key] = name
    assert lock is not None
