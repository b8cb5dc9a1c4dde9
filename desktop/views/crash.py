"""The crash dialog: what happens when a bug escapes into the event loop.

Qt calls :data:`sys.excepthook` for an exception raised in a slot or an overridden method and then carries on,
so :func:`install` replaces the hook with :func:`handle_exception`: it logs the traceback, tells the desk what
happened and where the log file is, and lets the app keep running (qutebrowser ``crashsignal.py``, without the
restart). Committed data is never lost: every save is one transaction, so a save that failed half-way was
rolled back as a whole.

A crash no hook sees (a C-level abort, a killed process, a power cut) leaves a traceback file and a session
marker (:mod:`desktop.crashtrace`); at the next start :func:`tell_unclean_shutdown` says when FrontDesk stopped,
that the database was checked and which unsaved forms were kept as drafts.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import crashtrace, i18n
from desktop.errors import UserError
from desktop.i18n import _
from desktop.logsetup import log_file_path
from desktop.models.database import damaged, is_damage
from desktop.services import drafts
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


def tell_unclean_shutdown(
    parent: QWidget | None,
    shutdowns: list[crashtrace.UncleanShutdown],
    *,
    database: Path,
    then: Callable[[], object] | None = None,
) -> QMessageBox | None:
    """Say that FrontDesk stopped unexpectedly last time, what was checked and what was kept; then ``then()``.

    The database the stopped session had open is checked (:func:`desktop.crashtrace.quick_check`): every save
    is one transaction, so a sound file means nothing saved was lost. Entry dialogs open at the time were kept
    as drafts (:mod:`desktop.views.draft_keeper`); ``then`` (offering them back) runs once the desk has read
    this. Without shutdowns ``then`` runs at once and nothing is shown.
    """
    if not shutdowns:
        if then is not None:
            then()
        return None
    last = shutdowns[-1]
    checked = last.database or database
    waiting = QApplication.instance() is not None
    if waiting:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # seconds on a million-sheet book
    try:
        problems = crashtrace.quick_check(checked)
    finally:
        if waiting:
            QApplication.restoreOverrideCursor()
    pending = drafts.pending_drafts(db_path=checked)
    log.warning(
        "FrontDesk (process %s) closed unexpectedly at %s; database %s %s; %d draft(s); traceback: %s",
        last.pid,
        last.ended_at,
        checked,
        "sound" if not problems else f"has problems: {problems[:3]}",
        len(pending),
        last.traceback or "none (the process was killed or the power went)",
    )
    for shutdown in shutdowns:
        crashtrace.forget(shutdown)
    lang = i18n.ui_language()
    moment = (
        i18n.format_time(last.ended_at.time(), lang)
        if last.ended_at.date() == datetime.now().date()
        else i18n.format_datetime(last.ended_at, lang, "short")
    )
    lines = []
    if problems:
        lines.append(
            _(
                "The database {path} was checked and has a problem: {problem}. Restore the latest backup "
                "(File → Restore from a backup…) before going on, and keep the damaged file for support."
            ).format(path=checked, problem=problems[0])
        )
    else:
        lines.append(
            _("No saved data was lost: the database {path} was checked and is sound.").format(path=checked)
        )
    if pending:
        lines.append(
            _(
                "{count} form(s) that were not saved yet were kept as drafts; you can open them again next."
            ).format(count=len(pending))
        )
    else:
        lines.append(_("No unsaved form was open."))
    if last.traceback is not None:
        lines.append(_("What happened is written in {path}.").format(path=last.traceback))
    box = messages.show(
        parent,
        _("FrontDesk closed unexpectedly at {time}.").format(time=moment),
        kind=messages.Kind.ERROR if problems else messages.Kind.WARNING,
        title=_("FrontDesk closed unexpectedly"),
        informative="\n\n".join(lines),
    )
    if then is not None:
        if box is not None and hasattr(box, "finished"):
            box.finished.connect(lambda _result: then())
        else:
            then()
    return box
