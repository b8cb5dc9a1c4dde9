"""FrontDesk's GUI in a child process, for the crash tests: ``python -m tests.views.crash_child MODE DB``.

The app starts exactly as ``frontdesk --db DB`` does (:func:`desktop.cli.main`); only what happens once its
event loop would start differs:

- ``typing``: open a new problem sheet, type a customer's name, let the draft keeper write the draft, print
  ``READY`` and run the event loop until the parent kills the process (SIGABRT or SIGKILL);
- ``report``: print every message box the start-up showed as one JSON line (``{"text", "informative"}``),
  answering none of them, then close cleanly — what the desk would read after the crash.

The parent reads the child's output while it runs (TECH-NOTES: a full pipe would block it).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import cli
from desktop.views import messages
from desktop.views.main_window import MainWindow

TYPED_NAME = "崩溃前客户"


def _window() -> MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())


def _type_then_wait() -> None:
    window = _window()
    dialog = window.pages["tickets"].sheets_panel.new_sheet()
    dialog.editor("customer_name").set_value(TYPED_NAME)
    dialog.editor("customer_name").changed.emit()
    assert dialog.draft_keeper is not None, "drafts are on in the app"
    dialog.draft_keeper.save_now()
    print("READY", flush=True)


def _report(_parent: Any, text: str, **kwargs: Any) -> None:
    print(json.dumps({"text": text, "informative": kwargs.get("informative", "")}), flush=True)


def main(mode: str, db: str) -> int:
    original_exec = QApplication.exec

    def exec_then(_self: Any = None) -> int:
        if mode == "typing":
            QTimer.singleShot(0, _type_then_wait)
            return int(original_exec())
        QApplication.processEvents()
        return 0

    QApplication.exec = exec_then  # type: ignore[method-assign]
    if mode == "report":
        messages.show = _report  # type: ignore[assignment]
    return cli.main(["--db", db, "--lang", "en"])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
