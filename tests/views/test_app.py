"""desktop.app.run: database refusal, first run, demo, language choice, bundled font."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop import app, i18n
from desktop.models.database import open_database
from desktop.services import office, settings
from desktop.services.clock import FixedClock
from desktop.views import messages, preferences
from desktop.views.first_run import FirstRunWizard
from desktop.views.main_window import MainWindow
from desktop.views.staff_editor import StaffDraft


@pytest.fixture
def shown_windows(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Run the app without entering the event loop; collect the windows it showed, then close them."""
    shown: list[Any] = []

    def fake_exec(_self: Any = None) -> int:
        shown.extend(w for w in QApplication.topLevelWidgets() if w.isVisible())
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs the crash hook
    locale = QLocale()
    yield shown
    for widget in shown:
        widget.close()
        widget.deleteLater()
    app.install_language(qapp, "en")
    QLocale.setDefault(locale)


def args(**values: Any) -> argparse.Namespace:
    return argparse.Namespace(**{"db": None, "lang": "en", "demo": False, "command": None, **values})


def test_an_unusable_database_is_one_dialog_and_exit_1(
    shown_windows: list[Any], shown_messages: list[Any], tmp_path: Path
) -> None:
    code = app.run(args(db=str(tmp_path / "missing" / "x.sqlite3")))
    assert code == 1
    (message,) = shown_messages
    assert message.kind is messages.Kind.ERROR
    assert message.text.startswith("The folder ") and "does not exist" in message.text
    assert message.extra.get("modal") is True  # shown before the event loop, so it waits
    assert shown_windows == []


def test_a_new_database_starts_the_wizard(shown_windows: list[Any], tmp_path: Path) -> None:
    assert app.run(args(db=str(tmp_path / "new.sqlite3"))) == 0
    assert [type(w) for w in shown_windows] == [FirstRunWizard]
    assert sys.excepthook is not sys.__excepthook__


def test_a_set_up_database_opens_the_main_window(
    shown_windows: list[Any], office_db: Any, db_path: Path
) -> None:
    assert app.run(args(db=str(db_path))) == 0
    (window,) = shown_windows
    assert isinstance(window, MainWindow)
    assert window.windowTitle().endswith("绿园物业服务中心")


def test_demo_fills_an_empty_demo_database(shown_windows: list[Any]) -> None:
    assert app.run(args(demo=True)) == 0
    (window,) = shown_windows
    assert isinstance(window, MainWindow)
    open_database(app.paths.demo_db_path())
    assert office.is_set_up()


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A desk PC started without LANG (Python then coerces LC_CTYPE to C.UTF-8)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LC_CTYPE", "C.UTF-8")
    return monkeypatch


def test_the_office_screen_language_is_used_without_lang(
    shown_windows: list[Any], office_db: Any, db_path: Path, clock: FixedClock, no_locale: pytest.MonkeyPatch
) -> None:
    settings.set_setting("ui.language", "en", by=None, now=clock.now())
    i18n.set_ui_language("zh_CN")
    app.run(args(db=str(db_path), lang=None))
    assert i18n.ui_language() == "en"
    assert QLocale().name() == "en_GB"


def test_an_office_set_up_in_chinese_keeps_chinese_on_a_computer_without_locale(
    qtbot: Any, shown_windows: list[Any], db: Any, db_path: Path, no_locale: pytest.MonkeyPatch
) -> None:
    i18n.set_ui_language("zh_CN")
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    assert wizard.office_page.language() == "zh_CN"
    wizard.office_page.form.name_edit.setText("绿园物业服务中心")
    wizard.staff_page.editor.model.append_row(
        StaffDraft(employee_no="001", name="张三", role="administrator")
    )
    wizard.accept()
    assert settings.get_setting("ui.language") == "zh_CN"
    i18n.set_ui_language("en")
    app.run(args(db=str(db_path), lang=None))
    assert i18n.ui_language() == "zh_CN"  # not English over all-Chinese data
    assert QLocale().name() == "zh_CN"


def test_the_screens_follow_the_computers_locale_and_then_the_persons_choice(
    shown_windows: list[Any], office_db: Any, db_path: Path, clock: FixedClock, no_locale: pytest.MonkeyPatch
) -> None:
    settings.set_setting("ui.language", "zh_CN", by=None, now=clock.now())
    no_locale.setenv("LANG", "en_US.UTF-8")
    app.run(args(db=str(db_path), lang=None))
    assert i18n.ui_language() == "en"
    preferences.set_screen_language("zh_CN")
    app.run(args(db=str(db_path), lang=None))
    assert i18n.ui_language() == "zh_CN"


def test_choosing_another_language_in_the_wizard_shows_it_again_in_that_language(
    qtbot: Any, qapp: QApplication, db: Any, db_path: Path
) -> None:
    locale = QLocale()
    i18n.set_ui_language("zh_CN")
    shell = app.Shell(qapp, db_path)
    shell.start()
    old = shell.wizard
    assert old is not None
    old.office_page.form.name_edit.setText("Green Park Service Centre")
    old.office_page.language_combo.setCurrentIndex(old.office_page.language_combo.findData("en"))
    qtbot.waitUntil(lambda: shell.wizard is not old)
    new = shell.wizard
    assert new is not None
    qtbot.addWidget(new)
    assert new.windowTitle() == "Set up FrontDesk"
    assert new.office_page.language() == "en"
    assert new.office_page.form.name_edit.text() == "Green Park Service Centre"  # nothing typed is lost
    new.close()
    QLocale.setDefault(locale)


def test_lang_overrides_the_office_setting(
    shown_windows: list[Any], office_db: Any, db_path: Path, clock: FixedClock
) -> None:
    settings.set_setting("ui.language", "en", by=None, now=clock.now())
    app.run(args(db=str(db_path), lang="zh_CN"))
    assert i18n.ui_language() == "zh_CN"
    assert QLocale().name() == "zh_CN"


def test_the_bundled_cjk_font_is_loaded_as_fallback(qapp: QApplication) -> None:
    families = app.load_bundled_font(qapp)
    assert any("WenQuanYi" in family for family in families)
    assert set(families) <= set(qapp.font().families())


def test_a_new_screen_language_rebuilds_the_main_window(
    qtbot: Any, qapp: QApplication, office_db: Any, db_path: Path
) -> None:
    locale = QLocale()
    shell = app.Shell(qapp, db_path)
    shell.start()
    old = shell.window
    assert isinstance(old, MainWindow)
    old.show_page("reports")
    old.save_geometry()
    shell.change_language("en")
    qtbot.waitUntil(lambda: shell.window is not old)
    new = shell.window
    assert new is not None and new.isVisible()
    qtbot.addWidget(new)
    assert i18n.ui_language() == "en"
    assert new.file_menu.title() == "&File"
    assert new.current_page_key() == "reports"
    new.close()
    QLocale.setDefault(locale)
