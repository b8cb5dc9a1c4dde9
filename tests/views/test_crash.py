"""The crash hook: a bug is logged and shown with the log file's place; the app keeps running."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest

from desktop.errors import UserError
from desktop.logsetup import log_file_path
from desktop.views import crash, messages


def raise_and_catch(exc: BaseException) -> tuple[Any, BaseException, Any]:
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_a_bug_shows_the_crash_dialog_and_is_logged(
    qapp: Any, shown_messages: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    info = raise_and_catch(ZeroDivisionError("division by zero"))
    with caplog.at_level(logging.ERROR):
        crash.handle_exception(*info)
    (message,) = shown_messages
    assert message.kind is messages.Kind.ERROR
    assert message.title == "Unexpected problem"
    assert "ZeroDivisionError" in message.text
    assert str(log_file_path()) in message.informative
    assert "Everything saved before is safe" in message.informative
    assert "raise_and_catch" in message.details  # the traceback rides along for a bug report
    (record,) = [r for r in caplog.records if r.name == "desktop.views.crash"]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_the_hook_is_installed_as_sys_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    crash.install()
    assert sys.excepthook is crash.handle_exception


def test_a_user_error_that_escaped_is_a_plain_warning(qapp: Any, shown_messages: list[Any]) -> None:
    crash.handle_exception(*raise_and_catch(UserError("The file is read-only.")))
    (message,) = shown_messages
    assert message.kind is messages.Kind.WARNING
    assert message.text == "The file is read-only."


def test_the_crash_dialog_opens_without_blocking(qapp: Any, qtbot: Any) -> None:
    crash.handle_exception(*raise_and_catch(RuntimeError("boom")))
    boxes = [w for w in qapp.topLevelWidgets() if w.objectName() == "message_error" and w.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    assert "RuntimeError" in box.text()
    # A second bug while the dialog is up is logged, not stacked.
    crash.handle_exception(*raise_and_catch(RuntimeError("again")))
    assert (
        len([w for w in qapp.topLevelWidgets() if w.objectName() == "message_error" and w.isVisible()]) == 1
    )
    box.done(0)
    assert not crash._showing
