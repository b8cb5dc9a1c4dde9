"""The GUI entry: QApplication, bundled font, translators, excepthook, database, wizard or main window.

``frontdesk`` without a command lands in :func:`run`. Order matters: the font and Qt's own translations are
installed before any widget exists; the database is opened before the language is final, because the office
may have chosen a screen language (setting ``ui.language``) that ``--lang`` overrides. A database that cannot
be opened is one clear dialog and exit code 1, as on the command line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_NAME, i18n, paths
from desktop.cli._common import database_path
from desktop.errors import UserError
from desktop.models.database import close_database, open_database
from desktop.services import demo, office, settings
from desktop.services.clock import SystemClock
from desktop.views import crash, messages, ops
from desktop.views.icons import icon
from desktop.views.idle_lock import IdleLock
from desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEM = 1

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

    def __init__(self, app: QApplication, db_path: Path) -> None:
        self.app = app
        self.db_path = db_path
        self.window: MainWindow | None = None
        self.wizard: QWidget | None = None
        self.idle_lock: IdleLock | None = None

    def start(self) -> None:
        """Show the wizard for a new database, else the main window."""
        if office.is_set_up():
            self.show_main_window()
            return
        from desktop.views.first_run import FirstRunWizard  # only a new database needs it

        wizard = FirstRunWizard()
        wizard.office_set_up.connect(self.show_main_window)
        wizard.rejected.connect(self.app.quit)
        self.wizard = wizard
        wizard.show()

    def show_main_window(self) -> None:
        """Build and show the main window (closing any wizard)."""
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None
        self.window = MainWindow(self.db_path)
        self.window.ui_language_changed.connect(self.change_language)
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


def run(args: argparse.Namespace) -> int:
    """Start the GUI and run until the last window closes; returns the exit code."""
    app = create_application()
    chosen = i18n.normalize_language(args.lang) if getattr(args, "lang", None) else None
    install_language(app, chosen or i18n.ui_language())
    crash.install()
    path = database_path(args)
    if not getattr(args, "db", None):
        path.parent.mkdir(parents=True, exist_ok=True)  # our own folder, ours to create
    try:
        open_database(path)
    except UserError as exc:
        messages.show(None, exc.message, kind=messages.Kind.ERROR, title=APP_NAME, modal=True)
        return EXIT_PROBLEM
    try:
        if chosen is None:
            stored = settings.get_setting("ui.language")
            install_language(app, stored or i18n.system_language())
        ops.set_clock(SystemClock())
        if getattr(args, "demo", False) and not demo.has_data():
            demo.fill_demo(now=ops.now())
        shell = Shell(app, path)
        shell.start()
        return int(app.exec())
    finally:
        close_database()
