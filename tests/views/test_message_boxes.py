"""A message box the desk has read is gone: kept as a hidden child of its window, one more was left behind for
every message of a week (found by the full-count soak: 683 boxes)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.views import messages


def test_a_closed_message_box_is_deleted(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    for kind in (messages.Kind.INFO, messages.Kind.WARNING, messages.Kind.QUESTION):
        box = messages.show(window, "Saved.", kind=kind)
        assert box.isVisible()
        box.reject()
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(box), kind
    assert window.findChildren(QMessageBox) == []


def test_the_answer_to_a_question_still_arrives(qtbot: QtBot) -> None:
    answered: list[str] = []
    box = messages.show(None, "Discard?", kind=messages.Kind.QUESTION, on_yes=lambda: answered.append("yes"))
    yes = next(button for button in box.buttons() if button.text() == "Yes")
    yes.click()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert answered == ["yes"]
    assert not shiboken6.isValid(box)
