"""Every dialog FrontDesk has is a kind the soak opens, each opens from the main window and is gone when closed.

"Gone" includes the widgets it made: a field made without a parent and never laid out (a hand-over field while
counting keys, the error line of a step without text) is a top-level widget of its own that outlives the dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QFrame, QMenu
from pytestqt.qtbot import QtBot

from desktop.models.database import close_database
from desktop.views import draft_keeper
from tests.soak import dialogs
from tests.soak.session import start_demo
from tests.soak.week import MONDAY


def test_every_dialog_class_has_an_opener() -> None:
    assert dialogs.undeclared_dialog_classes() == [], (
        "a new dialog: add its opener to tests/soak/dialogs.py so the soak opens it a thousand times"
    )
    assert len(dialogs.dialog_classes()) >= 38


@pytest.mark.slow
def test_each_dialog_kind_opens_as_itself_and_is_deleted_when_closed(qtbot: QtBot, tmp_path: Path) -> None:
    session = start_demo(tmp_path / "demo.sqlite3", MONDAY, before_window=dialogs.prepare)
    try:
        kinds = dialogs.dialog_kinds(session.window)
        assert {kind.dialog_class for kind in kinds} >= set(dialogs.dialog_classes()) - set(
            dialogs.BASES
        ) - set(dialogs.NOT_SOAKED)
        problems = []
        for kind in kinds:
            before = set(map(id, QApplication.topLevelWidgets()))
            try:
                dialog = kind.open(session.window)
            except Exception as exc:
                problems.append(f"{kind.name}: {type(exc).__name__}: {exc}")
                dialogs.close_all(session.window)
                continue
            if type(dialog) is not kind.dialog_class or not dialog.isVisible():
                problems.append(f"{kind.name}: opened {type(dialog).__name__}, visible {dialog.isVisible()}")
            dialogs.close_all(session.window)
            if shiboken6.isValid(dialog):
                problems.append(f"{kind.name}: still alive after closing (no WA_DeleteOnClose?)")
                dialog.deleteLater()
            left = [
                f"{type(widget).__name__} {widget.objectName()!r}"
                for widget in QApplication.topLevelWidgets()
                if id(widget) not in before and type(widget) not in (QFrame, QMenu)  # popups of combos
            ]
            if left:
                problems.append(f"{kind.name}: left parentless widgets behind: {left}")
        assert not problems, "\n".join(problems)
    finally:
        session.window.quit()
        session.window.deleteLater()
        dialogs.flush_deletes()
        draft_keeper.disable()
        close_database()
