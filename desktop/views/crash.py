"""The crash dialog: what happens when a bug escapes into the event loop.

Qt calls :data:`sys.excepthook` for an exception raised in a slot or an overridden method and then carries on,
so :func:`install` replaces the hook with :func:`handle_exception`: it logs the traceback, tells the desk what
happened and where the log file is, and lets the app keep running (qutebrowser ``crashsignal.py``, without the
restart). Committed data is never lost: every save is one transaction, so a save that failed half-way was
rolled back as a whole.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from desktop.errors import UserError
from desktop.i18n import _
from desktop.logsetup import log_file_path
from desktop.models.database import damaged, is_damage
from desktop.views import messages

log = logging.getLogger(__name__)

_showing = False


def install() -> None:
    """Make :func:`handle_exception` the process's excepthook."""
    sys.excepthook = handle_exception


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and show the crash dialog; the application keeps running."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return
    if is_damage(exc):
        # issue 14: a damaged page met after the checks at the door: the damage screen, not a crash.
        _show_damage(exc)
        return
    if isinstance(exc, UserError):
        # A UserError that bypassed views.ops: still something the desk can fix, not a crash.
        log.warning("UserError outside ops: %s", exc.message, exc_info=(exc_type, exc, tb))
        messages.show(QApplication.activeWindow(), exc.message, kind=messages.Kind.WARNING)
        return
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if _showing:
        return  # an error while the dialog is up: logged, not stacked
    _showing = True
    try:
        box = messages.show(
            QApplication.activeWindow(),
            _(
                "FrontDesk ran into an unexpected problem ({error}). What you were doing was not completed."
            ).format(error=exc_type.__name__),
            kind=messages.Kind.ERROR,
            title=_("Unexpected problem"),
            informative=_(
                "Everything saved before is safe: each save is stored completely or not at all. You can keep "
                "working. The details are in the log file:\n{path}"
            ).format(path=log_file_path()),
            details="".join(traceback.format_exception(exc_type, exc, tb)),
        )
    except Exception:  # the dialog itself failed: never recurse into the hook
        log.exception("could not show the crash dialog")
        _showing = False
        return
    if box is not None and hasattr(box, "finished"):
        box.finished.connect(_dialog_closed)
    else:
        _showing = False


def _dialog_closed(_result: int = 0) -> None:
    global _showing
    _showing = False


def _show_damage(exc: BaseException) -> None:
    from desktop.models.base import db
    from desktop.services import recovery
    from desktop.views import damage_dialog

    log.warning("damaged database met while running: %s", exc)
    database = db.obj
    path = Path(str(database.database)) if database is not None else Path()
    damage_dialog.show_while_running(recovery.assess(damaged(path, exc)), QApplication.activeWindow())
