"""What :class:`DeskDialog` counts as typed: its own inputs, not those of a dialog opened over it."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from desktop.views import messages
from desktop.views.desk_dialog import DeskDialog
from tests.views.conftest import ShownMessage


def test_a_list_closes_without_asking_when_only_the_dialog_over_it_was_typed_in(
    qtbot: QtBot, shown_messages: list[ShownMessage]
) -> None:
    listing = DeskDialog()  # e.g. the key copy requests, with a consent opened over one of them
    qtbot.addWidget(listing)
    listing.show()
    over = DeskDialog(listing)
    QVBoxLayout(over).addWidget(QLineEdit("冯建国", over))
    over.show()
    over.findChild(QLineEdit).setText("冯建国 同意")
    assert over.has_changes()
    assert not listing.has_changes()
    over.discard()
    listing.reject()
    assert not listing.isVisible()
    assert [m for m in shown_messages if m.kind is messages.Kind.QUESTION] == []
