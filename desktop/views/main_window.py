"""The main window: navigation on the left, one page at a time on the right, menus and a status bar.

The pages come from :mod:`desktop.views.pages` in their registered order; the office type's preset
(:mod:`desktop.rules.office_types`) decides which of them the navigation shows. Every command is one
``QAction`` (menu entry + shortcut): File (Backup…, Quit), View (one entry per shown page, Ctrl+1 … in
navigation order), Forms (filled by ``desktop.views.forms_menu.populate_forms_menu`` when that module exists,
the first time the menu opens), Help (About). The status bar shows the database file and who is on duty; the choice there is what every save
records as ``by``. Window size and place are kept per computer in the user config folder.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from desktop import __version__, paths
from desktop.i18n import _
from desktop.logsetup import log_file_path
from desktop.rules import office_types
from desktop.services import backup, office
from desktop.services.due import page_for
from desktop.views import allowed, messages, ops, reminder_banner
from desktop.views.events import record_events
from desktop.views.icons import icon
from desktop.views.pages import page_classes
from desktop.views.pages.base import Page

log = logging.getLogger(__name__)

#: The brand, shown the same in both languages.
BRAND = "FrontDesk 前台登记簿"


def window_settings() -> QSettings:
    """Per-computer window preferences (``window.ini`` in the user config folder)."""
    return QSettings(str(paths.user_config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """The FrontDesk window.

    Args:
        db_path: the open database file, shown in the status bar and the About box.

    Attributes:
        pages: page key → page widget, for every registered page (shown or not).

    Signals:
        ui_language_changed(str): the screen language was changed in Settings; the app rebuilds the window.
        database_replaced(): a backup was restored over the database; the app rebuilds the window.
    """

    ui_language_changed = Signal(str)
    database_replaced = Signal()

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowIcon(icon("frontdesk"))
        self.db_path = db_path
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setFixedWidth(190)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        self._items: dict[str, QListWidgetItem] = {}
        self._page_actions: dict[str, QAction] = {}
        self._page_action_group = QActionGroup(self)
        for page_class in page_classes():
            page = page_class()
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(icon(page.icon_name), _(page.title))
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setSizeHint(QSize(0, 40))
            self.navigation.addItem(item)
            self._items[page.key] = item
        self.database_label = QLabel(_("Database: {path}").format(path=db_path))
        self.database_label.setObjectName("database_label")
        self.database_label.setToolTip(_("The file where everything is stored. Back it up regularly."))
        self.staff_label = QLabel(_("On duty:"))
        self.staff_combo = QComboBox()
        self.staff_combo.setObjectName("staff_on_duty")
        self.staff_combo.setToolTip(_("Everything you save is recorded as done by this person."))
        self.staff_combo.setMinimumContentsLength(12)
        self._build_actions()
        self._build_menus()
        self._build_layout()
        self._connect_signals()
        self.refresh_office()
        self.refresh_staff()
        self._restore_geometry()
        self._install_reminders()
        importlib.import_module("desktop.views.tally_bar").install(self)  # issue 8: F5-F8 tally, Ctrl+Shift+V
        importlib.import_module("desktop.views.saved_notice").install(self)  # issue 13: "… saved."

    # --- building ----------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.restore_action = QAction(_("&Restore from a backup…"), self)
        self.restore_action.setObjectName("action_restore")
        self.restore_action.setStatusTip(_("Replace the database with a backup (the current one is kept)"))
        self.audit_action = QAction(_("Check the &audit trail"), self)
        self.audit_action.setObjectName("action_audit_verify")
        self.audit_action.setStatusTip(
            _("Check that no record or history entry was changed behind FrontDesk")
        )
        self.drafts_action = QAction(_("&Unsaved forms…"), self)
        self.drafts_action.setObjectName("action_drafts")
        self.retention_action = QAction(_("Records past &retention…"), self)
        self.retention_action.setObjectName("action_retention")
        self.retention_action.setStatusTip(
            _("List records kept longer than their retention period, to purge them")
        )
        self.import_action = QAction(_("&Import records…"), self)
        self.import_action.setObjectName("action_import")
        self.import_action.setStatusTip(_("Add the rows of a .csv or .xlsx file to a register"))
        self.backup_action = QAction(_("&Backup…"), self)
        self.backup_action.setObjectName("action_backup")
        self.backup_action.setStatusTip(_("Save a verified copy of the database"))
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setObjectName("action_quit")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.settings_action = QAction(icon("settings"), _("&Settings…"), self)
        self.settings_action.setObjectName("action_settings")
        self.about_action = QAction(_("&About FrontDesk"), self)
        self.about_action.setObjectName("action_about")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        # Not offered to a role that may not use them (issue 13); the services refuse them anyway.
        for action, permission in (
            (self.backup_action, "database.backup"),
            (self.restore_action, "database.restore"),
            (self.retention_action, "records.purge"),
            (self.import_action, "data.import"),
        ):
            allowed.offer(action, permission)
        self._page_action_group.setExclusive(True)
        for key, page in self.pages.items():
            action = QAction(icon(page.icon_name), _(page.title), self)
            action.setObjectName(f"action_page_{key}")
            action.setCheckable(True)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, key=key: self.show_page(key))
            self._page_action_group.addAction(action)
            self._page_actions[key] = action
            self.addAction(action)  # shortcuts work even while the menu bar is hidden

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("&File"))
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.drafts_action)
        self.file_menu.addAction(self.retention_action)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu(_("&View"))
        for action in self._page_actions.values():
            self.view_menu.addAction(action)
        self.forms_menu = bar.addMenu(_("F&orms"))
        self.forms_menu.setObjectName("forms_menu")
        # Filled when first opened: reading every form definition would delay the first paint (~0.1 s).
        self._forms_menu_filled = False
        self.forms_menu.aboutToShow.connect(self.ensure_forms_menu)
        self.help_menu = bar.addMenu(_("&Help"))
        self.help_menu.addAction(self.audit_action)
        self.help_menu.addAction(self.about_action)

    def _build_layout(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        status = self.statusBar()
        status.addWidget(self.database_label, 1)
        status.addPermanentWidget(self.staff_label)
        status.addPermanentWidget(self.staff_combo)

    def _connect_signals(self) -> None:
        self.navigation.currentItemChanged.connect(self._on_navigation_changed)
        self.backup_action.triggered.connect(self.backup)
        self.restore_action.triggered.connect(self.open_restore)
        self.import_action.triggered.connect(self.open_import)
        self.audit_action.triggered.connect(self.check_audit_trail)
        self.drafts_action.triggered.connect(self.open_drafts)
        self.retention_action.triggered.connect(self.open_retention)
        self.quit_action.triggered.connect(self.quit)
        self.settings_action.triggered.connect(self.open_settings)
        self.about_action.triggered.connect(self.show_about)
        self.staff_combo.currentIndexChanged.connect(self._on_staff_chosen)
        settings_page = self.pages.get("settings")
        if settings_page is not None and hasattr(settings_page, "edit_requested"):
            settings_page.edit_requested.connect(self.open_settings)
        record_events().records_changed.connect(self._on_records_changed)

    def ensure_forms_menu(self) -> None:
        """Fill the Forms menu once (it is filled lazily, the first time it opens)."""
        if not self._forms_menu_filled:
            self._forms_menu_filled = True
            populate_forms_menu(self.forms_menu, self)

    # --- pages -------------------------------------------------------------------------------------------

    def visible_page_keys(self) -> list[str]:
        """Keys of the pages the navigation shows, in order."""
        return [key for key, item in self._items.items() if not item.isHidden()]

    def current_page_key(self) -> str:
        """Key of the page on screen."""
        page = self.stack.currentWidget()
        return page.key if isinstance(page, Page) else ""

    def show_page(self, key: str) -> None:
        """Bring page ``key`` to the front (ignored for a page the office type hides)."""
        item = self._items.get(key)
        if item is None or item.isHidden():
            return
        self.navigation.setCurrentItem(item)

    def _on_navigation_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self.pages[key])
        self._page_actions[key].setChecked(True)

    def _apply_office_type(self, office_type: str | None) -> None:
        shown = set(office_types.office_type(office_type).books)
        for key, item in self._items.items():
            # A page the preset does not know (added later) is shown: hiding it would lose it silently.
            visible = key in shown or key not in office_types.BOOKS
            item.setHidden(not visible)
            self._page_actions[key].setVisible(visible)
        for number, key in enumerate(self.visible_page_keys(), start=1):
            self._page_actions[key].setShortcut(
                QKeySequence(f"Ctrl+{number}") if number <= 9 else QKeySequence()
            )
        for action in self._page_actions.values():
            if not action.isVisible():
                action.setShortcut(QKeySequence())
        current = self.navigation.currentItem()
        if current is None or current.isHidden():
            self.show_page(self.visible_page_keys()[0])

    # --- office and staff --------------------------------------------------------------------------------

    def refresh_office(self) -> None:
        """Title and shown pages from the office's name and type."""
        result = ops.query(office.get_office, parent=self)
        row = result.value if result.ok else None
        self.setWindowTitle(f"{BRAND} — {row.name}" if row else BRAND)
        self._apply_office_type(row.office_type if row else None)

    def refresh_staff(self) -> None:
        """Fill the on-duty combo with the active staff, keeping (or restoring) the person chosen."""
        result = ops.query(lambda: office.list_staff(active_only=True), parent=self)
        staff = result.value or []
        wanted = ops.staff_on_duty()
        if wanted is None:
            stored = window_settings().value("on_duty/staff_id")
            wanted = int(stored) if stored not in (None, "") else None
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        for person in staff:
            self.staff_combo.addItem(
                _("{number} {name}").format(number=person.employee_no, name=person.name), person.id
            )
        position = self.staff_combo.findData(wanted) if wanted is not None else -1
        self.staff_combo.setCurrentIndex(position if position >= 0 else (0 if staff else -1))
        self.staff_combo.blockSignals(False)
        self._on_staff_chosen(self.staff_combo.currentIndex())

    def _on_staff_chosen(self, _position: int) -> None:
        staff_id = self.staff_combo.currentData()
        ops.set_staff_on_duty(staff_id)
        if staff_id is not None:
            window_settings().setValue("on_duty/staff_id", staff_id)

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == "office":
            self.refresh_office()
        if kind in ("office", "staff"):
            self.refresh_staff()

    # --- commands ----------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Open the settings dialog (window-modal, with ``open()``)."""
        from desktop.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.ui_language_changed.connect(self.ui_language_changed)
        self.settings_dialog = dialog
        dialog.open()

    def backup(self) -> None:
        """Ask where to put a backup copy, then make and verify it."""
        suggested = backup.default_backup_path(ops.now())
        suggested.parent.mkdir(parents=True, exist_ok=True)
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Back up the database"), str(suggested), _("FrontDesk database (*.sqlite3)")
        )
        if target:
            self.backup_to(Path(target))

    def backup_to(self, target: Path) -> None:
        """Copy the database to ``target`` and say where it went."""
        result = ops.run(lambda by, now: backup.backup_database(target, now=now, by=by), parent=self)
        if result.ok:
            messages.show(
                self,
                _("The backup is saved and checked: {path}").format(path=result.value),
                kind=messages.Kind.INFO,
            )

    def open_restore(self) -> None:
        """Open the restore dialog (window-modal, with ``open()``)."""
        from desktop.views.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.db_path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.database_restored.connect(lambda _safety: self.database_replaced.emit())
        self.restore_dialog = dialog
        dialog.open()

    def open_import(self) -> QDialog:
        """Open the import dialog (window-modal, with ``open()``): a file's rows into a register, with progress."""
        from desktop.views.import_dialog import ImportDialog

        dialog = ImportDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(
            lambda _slug, report: self.statusBar().showMessage(
                _("{count} records imported.").format(count=report.added), 10_000
            )
        )
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def check_audit_trail(self) -> None:
        """Recompute the audit chain and say whether it is intact (``frontdesk audit verify`` on screen)."""
        from desktop.services import audit

        result = ops.query(audit.verify_report, parent=self)
        if not result.ok or result.value is None:
            return
        report = result.value
        if report.intact:
            messages.show(
                self,
                _("The audit trail is intact: {count} events, head {hash}.").format(
                    count=report.head.events, hash=report.head.short
                ),
                kind=messages.Kind.INFO,
            )
            return
        lines = []
        if report.first_break is not None:
            lines.append(
                _("Event {id} ({at}) was changed or removed outside FrontDesk.").format(
                    id=report.first_break.event_id, at=report.first_break.at
                )
            )
        lines += [
            _("{kind} {id}: changed outside FrontDesk.").format(kind=item.record_type, id=item.record_id)
            for item in report.mismatches[:10]
        ]
        messages.show(
            self,
            _("The audit trail is broken: records or their history were changed behind FrontDesk's back."),
            kind=messages.Kind.ERROR,
            informative="\n".join(lines),
        )

    def open_retention(self) -> None:
        """Open the list of records past their retention period (window-modal, with ``open()``)."""
        from desktop.views.retention_dialog import RetentionDialog

        dialog = RetentionDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.retention_dialog = dialog
        dialog.open()

    def open_drafts(self) -> None:
        """List the unsaved forms left by a crash (or say there are none)."""
        from desktop.services import drafts
        from desktop.views.drafts_dialog import DraftsDialog

        pending = drafts.pending_drafts(db_path=self.db_path)
        if not pending:
            messages.show(self, _("There are no unsaved forms."), kind=messages.Kind.INFO)
            return
        dialog = DraftsDialog(pending, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        """Version, database, log file and the font's licence."""
        messages.show(
            self,
            f"{BRAND} {__version__}",
            kind=messages.Kind.ABOUT,
            title=_("About FrontDesk"),
            informative=_(
                "Registers, reminders and printable forms for the front desk, working offline.\n\n"
                "Database: {path}\nLog file: {log}\n\n"
                "Chinese text is shown and printed with the font WenQuanYi Micro Hei, "
                "licensed under the Apache License 2.0."
            ).format(path=self.db_path, log=log_file_path()),
        )

    # --- geometry ----------------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = window_settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        page = settings.value("main_window/page")
        if isinstance(page, str):
            self.show_page(page)

    def save_geometry(self) -> None:
        """Remember size, place and the page on screen for next time."""
        settings = window_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/page", self.current_page_key())
        settings.sync()

    # --- reminders (issue 5: desktop.views.tray) -------------------------------------------------------------

    def _install_reminders(self) -> None:
        """The reminder timer and tray icon; the Today board's counts beside the navigation titles."""
        from desktop.views.tray import ReminderTray

        self._quitting = False
        self.tray = ReminderTray(self, window_settings())
        today = self.pages.get("today")
        if today is not None and hasattr(today, "board_changed"):
            today.board_changed.connect(self.show_due_counts)
            self.tray.board_updated.connect(today.show_board)
            if getattr(today, "board", None) is not None:
                self.show_due_counts(today.board)
        else:
            self.tray.board_updated.connect(self.show_due_counts)
        self.tray.show_requested.connect(self.show_again)
        self.tray.quit_action.triggered.connect(self.quit)
        # issue 13: on a desktop without a tray the digest shows in a banner in the window.
        self.reminder_banner = reminder_banner.install(self, self.tray, lambda: self.show_page("today"))
        # What fell due while the PC was off: one digest as soon as the window is up.
        QTimer.singleShot(0, self.tray.check)

    def show_due_counts(self, board: object) -> None:
        """Show how many items are overdue or due today beside "Today" and each kind's page (tooltip: which)."""
        counts = due_counts(board)
        for key, item in self._items.items():
            title = _(self.pages[key].title)
            overdue, today = counts.get(key, (0, 0))
            count = overdue + today
            item.setText(_("{title} ({count})").format(title=title, count=count) if count else title)
            item.setToolTip(
                _("{overdue} overdue, {today} due today").format(overdue=overdue, today=today)
                if count
                else ""
            )

    def show_again(self) -> None:
        """Bring the window back from the tray."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        """Close the window for real (not to the tray)."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        tray = getattr(self, "tray", None)
        if tray is not None and not self._quitting and tray.hides_on_close():
            # Reminders are on: keep running in the tray so the next callback is not missed.
            self.save_geometry()
            self.hide()
            event.ignore()
            return
        if (
            tray is not None
            and not self._quitting
            and event.spontaneous()
            and reminder_banner.reminders_stop_on_close(tray)
        ):
            # No tray to keep running in: the close button would end the reminders without a word (issue 13).
            event.ignore()
            reminder_banner.ask_before_closing(self, self.quit)
            return
        self.save_geometry()
        super().closeEvent(event)


def due_counts(board: object) -> dict[str, tuple[int, int]]:
    """Navigation page key → (overdue, due today) on ``board``; ``"today"`` counts every kind."""
    counts: dict[str, tuple[int, int]] = {}
    for position, group in enumerate(("overdue", "today")):
        for due in getattr(board, group, ()):
            for key in ("today", page_for(due.record_type)):
                if key:
                    pair = list(counts.get(key, (0, 0)))
                    pair[position] += 1
                    counts[key] = (pair[0], pair[1])
    return counts


def populate_forms_menu(menu: QMenu, window: QWidget) -> None:
    """Let ``desktop.views.forms_menu`` fill the Forms menu when that module exists; else leave it empty."""
    try:
        module = importlib.import_module("desktop.views.forms_menu")
    except ModuleNotFoundError as exc:
        if exc.name != "desktop.views.forms_menu":
            raise
        return
    module.populate_forms_menu(menu, window)
