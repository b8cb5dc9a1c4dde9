"""The GUI entry: QApplication, bundled font, translators, excepthook, database, wizard or main window.

``frontdesk`` without a command lands in :func:`run`. Order matters: the font and Qt's own translations are
installed before any widget exists; the database is opened before the language is final, because the office
has a language (setting ``ui.language``, chosen in the first-run wizard). The screens follow ``--lang``, else
the person's choice for this computer, else the computer's locale, else the office's language
(:func:`desktop.i18n.screen_language`). A database that cannot be opened is one clear dialog and exit code 1,
as on the command line.

Issue 9 (data safety), before the database opens: a network path is refused and a removable or cloud-synced
folder warned about (:mod:`desktop.services.location`); a lock file beside the database keeps a second
FrontDesk off it, offering read-only or another database instead (:mod:`desktop.services.instance_lock`).
Once running: entry dialogs keep drafts, which are offered back after a crash; an automatic backup is made
daily and on exit when something changed (:func:`desktop.services.backup.maybe_backup`). A crash no Python
hook sees still leaves a traceback file and a session marker (:mod:`desktop.crashtrace`): the next start says
when FrontDesk stopped, checks the database and offers the drafts back (issue 21).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_NAME, crashtrace, i18n, paths
from desktop.cli._common import database_path
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.database import (
    DamagedDatabaseError,
    close_database,
    open_database,
    open_database_read_only,
)
from desktop.services import backup, demo, instance_lock, location, office, recovery, settings
from desktop.services.clock import SystemClock
from desktop.views import (
    crash,
    damage_dialog,
    draft_keeper,
    drafts_dialog,
    instance_dialog,
    messages,
    ops,
    preferences,
    refcount_guard,
)
from desktop.views.icons import icon
from desktop.views.idle_lock import IdleLock
from desktop.views.main_window import MainWindow

if TYPE_CHECKING:
    from desktop.views.first_run import FirstRunWizard

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEM = 1
#: How often the app checks whether the daily automatic backup is due.
DAILY_BACKUP_CHECK_MS = 60 * 60 * 1000

_qt_translators: list[QTranslator] = []


def load_bundled_font(app: QApplication) -> list[str]:
    """Register the bundled CJK font and add it behind the default family, so Chinese never shows as boxes.

    Returns:
        The font's family names (empty when the file is missing or unreadable; logged).
    """
    font_id = QFontDatabase.addApplicationFont(str(paths.font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled font %s", paths.font_path())
        return []
    font = QFont(app.font())
    default = font.family()
    font.setFamilies([default, *[family for family in families if family != default]])
    app.setFont(font)
    # The printout's fallbacks (Uyghur, Hebrew, emoji) let Qt's own font fallback show what is typed, too.
    for path in paths.fallback_font_paths():
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load the fallback font %s", path)
    return list(families)


def install_language(app: QApplication, lang: str) -> None:
    """Use ``lang`` for FrontDesk's strings, Qt's own dialogs (``qtbase_<lang>.qm``) and number/date locale."""
    lang = i18n.normalize_language(lang)
    i18n.set_ui_language(lang)
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if lang != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
        else:
            log.warning("Qt's translations for %s are missing from %s", lang, folder)
    if lang == "zh_CN":
        QLocale.setDefault(QLocale("zh_CN"))
    else:
        QLocale.setDefault(QLocale("en_GB"))


def create_application() -> QApplication:
    """The QApplication (reused if one exists, e.g. in tests), named and with the bundled font."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(icon("frontdesk"))
    load_bundled_font(app)
    return app


class Shell:
    """Owns the top-level window: the wizard until the office is set up, then the main window.

    A new screen language rebuilds the main window in place, so nobody has to restart.
    """

    def __init__(self, app: QApplication, db_path: Path, *, read_only: bool = False) -> None:
        self.app = app
        self.db_path = db_path
        self.read_only = read_only
        self.window: MainWindow | None = None
        self.wizard: FirstRunWizard | None = None
        self.idle_lock: IdleLock | None = None

    def start(self) -> None:
        """Show the wizard for a new database, else the main window."""
        if office.is_set_up():
            self.show_main_window()
            return
        self._show_wizard()

    def _show_wizard(self, office_values: dict[str, Any] | None = None) -> None:
        from desktop.views.first_run import FirstRunWizard  # only a new database needs it

        wizard = FirstRunWizard()
        if office_values is not None:
            wizard.office_page.form.set_values(office_values)
        wizard.office_set_up.connect(self.show_main_window)
        wizard.rejected.connect(self.app.quit)
        wizard.language_chosen.connect(self.change_wizard_language)
        self.wizard = wizard
        wizard.show()

    def change_wizard_language(self, lang: str) -> None:
        """Show the wizard again in ``lang``, keeping what was typed on its first page."""
        QTimer.singleShot(0, lambda: self._rebuild_wizard(lang))

    def _rebuild_wizard(self, lang: str) -> None:
        old = self.wizard
        if old is None:
            return
        values = old.office_page.form.values()
        install_language(self.app, lang)
        old.rejected.disconnect(self.app.quit)
        old.hide()
        old.deleteLater()
        self._show_wizard(values)

    def show_main_window(self) -> None:
        """Build and show the main window (closing any wizard)."""
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None
        self.window = MainWindow(self.db_path)
        self.window.ui_language_changed.connect(self.change_language)
        # After a restore the window is rebuilt on the restored database.
        self.window.database_replaced.connect(lambda: self.change_language(i18n.ui_language()))
        if self.read_only:
            self.window.database_label.setText(
                _("Database: {path} (read-only: another FrontDesk has it open)").format(path=self.db_path)
            )
        # Opens locked while the office requires logins; locks again when idle (issue 9).
        self.idle_lock = IdleLock(self.window)
        self.window.show()

    def change_language(self, lang: str) -> None:
        """Switch the screen language and rebuild the main window (after the settings dialog has closed)."""
        QTimer.singleShot(0, lambda: self._rebuild(lang))

    def _rebuild(self, lang: str) -> None:
        install_language(self.app, lang)
        old = self.window
        if old is not None:
            old.save_geometry()
        self.window = None
        self.show_main_window()
        if old is not None:
            old.hide()
            old.deleteLater()


def open_for_gui(path: Path) -> tuple[Path, instance_lock.Lock | None, bool, list[str]] | None:
    """Check the place, take the lock (or ask), open the database; None when the desk quits or it is refused.

    Returns:
        ``(database path, lock held or None, read-only?, warnings to show once the window is up)``.
    """
    while True:
        try:
            warnings = [warning.message for warning in location.check_database_location(path)]
        except UserError as exc:
            messages.show(None, exc.message, kind=messages.Kind.ERROR, title=APP_NAME, modal=True)
            return None
        lock: instance_lock.Lock | None = None
        try:
            lock = instance_lock.acquire(path)
        except instance_lock.InUse as busy:
            choice = instance_dialog.ask_in_use(busy.host, busy.pid, path)
            if choice is instance_dialog.InUseChoice.SWITCH:
                other = instance_dialog.choose_database(path.parent)
                if other is None:
                    return None
                path = other
                continue
            if choice is not instance_dialog.InUseChoice.READ_ONLY:
                return None
            try:
                open_database_read_only(path)
            except UserError as exc:
                messages.show(None, exc.message, kind=messages.Kind.ERROR, title=APP_NAME, modal=True)
                return None
            return path, None, True, warnings
        except OSError as exc:
            # A folder we cannot write a lock into: opening will say why (read-only) in the desk's words.
            log.warning("no lock file beside %s: %s", path, exc)
        try:
            database = open_database(path)
        except DamagedDatabaseError as exc:
            # issue 14: one screen with the newest verified backup and the button that restores it.
            restored = damage_dialog.offer_restore(recovery.assess(exc))
            if lock is not None:
                lock.release()
            if restored:
                continue
            return None
        except UserError as exc:
            if lock is not None:
                lock.release()
            messages.show(None, exc.message, kind=messages.Kind.ERROR, title=APP_NAME, modal=True)
            return None
        recovery.tidy(path)
        return path, lock, False, warnings + list(database.notices)


def office_screen_language() -> str:
    """The screen language once the database is open: the person's, the computer's, else the office's."""
    return i18n.screen_language(
        personal=preferences.screen_language(), office=settings.get_setting("ui.language")
    )


def unsafe_qt_warning() -> str | None:
    """A warning when this PySide6 loses Python references (it would abort after hours open), else None."""
    drift = refcount_guard.drift()
    if drift.sound:
        return None
    log.error("%s loses references (None %+d, True %+d)", refcount_guard.versions(), drift.none, drift.true)
    return _(
        "This installation ({versions}) is known to stop unexpectedly after some hours open. Save your work "
        "often and ask for FrontDesk to be reinstalled (./scripts/run installs a safe combination)."
    ).format(versions=refcount_guard.versions())


def backup_on_exit() -> None:
    """The automatic backup when FrontDesk closes (if anything changed); a failure is told before quitting."""
    try:
        backup.maybe_backup(now=ops.now(), reason="exit", by=ops.staff_on_duty())
    except UserError as exc:
        messages.show(
            None,
            _("The automatic backup on closing could not be made: {reason}").format(reason=exc.message),
            kind=messages.Kind.WARNING,
            title=APP_NAME,
            modal=True,
        )


def backup_if_due(parent: QWidget | None) -> None:
    """The daily automatic backup, when a day has passed and something changed."""
    ops.run(lambda by, now: backup.maybe_backup(now=now, reason="daily", by=by), parent=parent)


def run(args: argparse.Namespace) -> int:
    """Start the GUI and run until the last window closes; returns the exit code."""
    app = create_application()
    chosen = i18n.normalize_language(args.lang) if getattr(args, "lang", None) else None
    # Until the database is open the office's language is unknown: the person's and the computer's choice.
    install_language(app, chosen or i18n.screen_language(personal=preferences.screen_language()))
    crash.install()
    shutdowns = crashtrace.unclean_shutdowns()
    session = crashtrace.start(versions=refcount_guard.versions())
    path = database_path(args)
    if not getattr(args, "db", None):
        path.parent.mkdir(parents=True, exist_ok=True)  # our own folder, ours to create
    opened = open_for_gui(path)
    if opened is None:
        session.end()
        return EXIT_PROBLEM
    path, lock, read_only, warnings = opened
    session.set_database(path)
    unsafe_qt = unsafe_qt_warning()
    if unsafe_qt:
        warnings.append(unsafe_qt)
    try:
        if chosen is None:
            install_language(app, office_screen_language())
        ops.set_clock(SystemClock())
        if getattr(args, "demo", False) and not read_only and not demo.has_data():
            demo.fill_demo(now=ops.now())
        draft_keeper.enable(path)
        if not read_only and settings.get_setting(backup.FOLDER_SETTING):
            same_disk = backup.same_disk_warning(path, backup.backup_folder())
            if same_disk:
                warnings.append(same_disk)
        shell = Shell(app, path, read_only=read_only)
        shell.start()
        parent = shell.window or shell.wizard
        for warning in warnings:
            messages.show(parent, warning, kind=messages.Kind.WARNING, title=APP_NAME)
        window = shell.window
        crash.tell_unclean_shutdown(
            parent,
            shutdowns,
            database=path,
            then=(lambda: drafts_dialog.offer_drafts(window, path)) if window is not None else None,
        )
        heartbeat = QTimer(app)
        heartbeat.setInterval(crashtrace.HEARTBEAT_SECONDS * 1000)
        heartbeat.timeout.connect(session.heartbeat)
        heartbeat.start()
        timer = QTimer(app)
        if not read_only:
            timer.setInterval(DAILY_BACKUP_CHECK_MS)
            timer.timeout.connect(lambda: backup_if_due(shell.window))
            timer.start()
            QTimer.singleShot(0, lambda: backup_if_due(shell.window))
        code = int(app.exec())
        timer.stop()
        heartbeat.stop()
        if not read_only and office.is_set_up():
            backup_on_exit()
        return code
    finally:
        draft_keeper.disable()
        close_database()
        if lock is not None:
            lock.release()
        session.end()  # last: a crash while closing still leaves its trace
