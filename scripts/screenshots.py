"""Regenerate the README screenshots (docs/screenshots/<name>-{zh,en}.png) from the real windows, offscreen.

Usage::

    .venv/bin/python scripts/screenshots.py                      # everything, both languages
    .venv/bin/python scripts/screenshots.py --only sheets-detail --only today --lang en
    .venv/bin/python scripts/screenshots.py --out /tmp/shots      # somewhere else
    .venv/bin/python scripts/screenshots.py --list                # the names it knows

Each language gets a fresh demo database in a temporary folder (a copy of one ``fill_demo`` at a fixed Monday
morning, a FixedClock standing there, so due and overdue states are the same on every run; plus one sheet
filed and taken two steps, for the detail with its history), the bundled CJK font and
the language installed the way ``desktop.app`` does it, and the real :class:`MainWindow` at 1280×800. Pages
are grabbed with ``QWidget.grab()``; a dialog is grabbed by itself; a popup (the customer lookup, a menu) is
painted onto its window's grab where it sits. The user folders (settings, window.ini, logs) point into the
temporary folder too, so the desk's own set-up is neither read nor touched.

Exit code 0 when every screenshot asked for was written, 1 when one could not be taken (it says which).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
WINDOW_SIZE = (1280, 800)
# Before Qt or platformdirs is imported: no screen needed, and nothing of the real user's is read or written.
_HOME = Path(tempfile.mkdtemp(prefix="frontdesk-screenshots-"))
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    # The offscreen screen is 800×600 unless told otherwise, and dialogs shrink to fit the screen they are on.
    _SCREEN = _HOME / "offscreen-screen.json"
    _SCREEN.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "screenshots",
                        "x": 0,
                        "y": 0,
                        "width": WINDOW_SIZE[0],
                        "height": WINDOW_SIZE[1],
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
for _var, _sub in (
    ("XDG_DATA_HOME", "data"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_CACHE_HOME", "cache"),
):
    os.environ[_var] = str(_HOME / _sub)
os.environ.pop("FRONTDESK_DB", None)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QMessageLogContext, QPoint, QRect, Qt, QtMsgType, qInstallMessageHandler  # noqa: E402, TID251
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402, TID251
from PySide6.QtTest import QTest  # noqa: E402, TID251
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402, TID251

from desktop import app as desktop_app  # noqa: E402
from desktop import i18n  # noqa: E402
from desktop.models.database import close_database, open_database  # noqa: E402
from desktop.services import demo  # noqa: E402
from desktop.services.clock import FixedClock  # noqa: E402
from desktop.views import messages, ops  # noqa: E402

#: The demo's "now": a Monday morning, so the Today board has overdue, due-today and upcoming items.
NOW = datetime(2026, 11, 23, 9, 40)
#: What the status bar says the database is (the real one sits in a random temporary folder).
SHOWN_DB_PATH = "~/.local/share/FrontDesk/frontdesk.sqlite3"
#: Language → file-name suffix.
LANGUAGES = {"zh_CN": "zh", "en": "en"}
#: The on-duty desk in the demo office (a receptionist) and who files the sheet shown with its history.
ON_DUTY_NO = "KF002"
HANDLER_NO = "GC001"

#: Texts of the sheet filed for the detail screenshot, per language.
SHEET_TEXTS = {
    "zh_CN": {
        "description": "3号电梯停靠5楼时有异响,关门慢",
        "plan": "明早检查门机皮带,必要时更换",
    },
    "en": {
        "description": "Lift 3 makes a noise stopping at floor 5, doors close slowly",
        "plan": "Check the door belt tomorrow morning; replace it if worn",
    },
}


W = TypeVar("W", bound=QWidget)


# --- the session -------------------------------------------------------------------------------------------


@dataclass
class Session:
    """One language's run: the app, the demo database, the main window once built, what was written."""

    app: QApplication
    lang: str
    out: Path
    folder: Path
    db_path: Path | None = None
    window: Any = None
    staff: dict[str, int] = field(default_factory=dict)
    history_sheet: Any = None
    demo_error: str | None = None
    open_widgets: list[QWidget] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return LANGUAGES[self.lang]


def settle(ms: int = 60) -> None:
    """Let Qt lay out, paint and run its zero timers."""
    QApplication.processEvents()
    QTest.qWait(ms)
    QApplication.processEvents()


def delete_later(widget: QWidget | None) -> None:
    """Hide ``widget`` without asking anything (no "discard changes?") and delete it."""
    if widget is None:
        return
    widget.hide()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def close_open_widgets(session: Session) -> None:
    while session.open_widgets:
        delete_later(session.open_widgets.pop())
    # Anything a capture opened as its own window (a detail, a preview) goes too; the main window stays.
    for widget in QApplication.topLevelWidgets():
        if widget is not session.window and widget.isVisible() and widget.isWindow():
            delete_later(widget)
    settle(10)


def _quiet_qt_warnings() -> None:
    """Drop the offscreen plugin's "does not support raise()/propagateSizeHints()" chatter; keep the rest."""

    def handle(kind: QtMsgType, _context: QMessageLogContext, text: str) -> None:
        if "This plugin does not support" in text:
            return
        print(text, file=sys.stderr)

    qInstallMessageHandler(handle)


def _quiet_messages() -> list[str]:
    """Message boxes become lines on stderr: a modal box would wait forever with no one to click it."""
    shown: list[str] = []

    def show(_parent: Any, text: str, **kwargs: Any) -> None:
        shown.append(text)
        print(
            f"  (message box: {text.splitlines()[0] if text else kwargs.get('title', '')})", file=sys.stderr
        )

    messages.show = show  # type: ignore[assignment]
    return shown


def with_popup(base: QWidget, popup: QWidget | None) -> QPixmap:
    """``base`` grabbed, with ``popup`` (a separate top-level window) painted where it sits on screen."""
    picture = base.grab()
    if popup is None or not popup.isVisible():
        return picture
    offset = popup.mapToGlobal(QPoint(0, 0)) - base.mapToGlobal(QPoint(0, 0))
    popup_picture = popup.grab()
    area = QRect(QPoint(0, 0), picture.size()).united(QRect(offset, popup_picture.size()))
    canvas = QPixmap(area.size())
    canvas.setDevicePixelRatio(picture.devicePixelRatio())
    canvas.fill(QColor("#dcdcdc"))
    painter = QPainter(canvas)
    painter.drawPixmap(-area.topLeft(), picture)
    painter.drawPixmap(offset - area.topLeft(), popup_picture)
    painter.setPen(QColor("#8a8a8a"))
    painter.drawRect(QRect(offset - area.topLeft(), popup_picture.size()).adjusted(0, 0, -1, -1))
    painter.end()
    return canvas


def shown(session: Session, widget: W, ms: int = 80) -> W:
    """Show ``widget`` (a dialog or window), remember to close it, let it paint."""
    session.open_widgets.append(widget)
    if not widget.isVisible():
        widget.show()
    fit_on_screen(widget)
    widget.activateWindow()  # the customer lookup only opens under a field that has the focus
    settle(ms)
    return widget


def fit_on_screen(widget: QWidget) -> None:
    """A dialog larger than the 1280×800 screen is made to fit, as a window manager would."""
    width, height = WINDOW_SIZE
    if widget.width() > width or widget.height() > height:
        widget.resize(min(widget.width(), width), min(widget.height(), height))


# --- databases ---------------------------------------------------------------------------------------------


def use_language(session: Session) -> None:
    desktop_app.install_language(session.app, session.lang)


def open_fresh(session: Session, name: str) -> Path:
    """Close whatever database is open and open a new, empty one in the session's folder."""
    close_database()
    path = session.folder / f"{name}-{session.tag}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path)
    return path


def open_demo(session: Session) -> None:
    """A fresh demo database at :data:`NOW`, the desk on duty chosen, and one sheet with two steps taken.

    ``fill_demo`` takes a while (its complaints go through the real services) and writes the same records in
    either screen language, so it runs once per run and each language works on a copy of that file.
    """
    from desktop.services import office, sheets

    ops.set_clock(FixedClock(NOW))
    template = _HOME / "demo-template.sqlite3"
    if not template.exists():
        filling = _HOME / "demo-filling.sqlite3"
        close_database()
        open_database(filling)
        demo.fill_demo(now=NOW)
        close_database()  # the last connection checkpoints the WAL: the file alone holds everything
        filling.rename(template)
    close_database()
    session.db_path = session.folder / f"demo-{session.tag}.sqlite3"
    shutil.copyfile(template, session.db_path)
    open_database(session.db_path)
    session.staff = {row.employee_no: row.id for row in office.list_staff(active_only=False)}
    ops._session.staff_id = None
    ops.set_staff_on_duty(session.staff[ON_DUTY_NO])
    session.history_sheet = file_history_sheet(session, sheets)


def file_history_sheet(session: Session, sheets: Any) -> Any:
    """File a sheet this morning, hand it to an engineer and record his plan: a detail with a history."""
    from desktop.models.customer import Customer

    texts = SHEET_TEXTS[session.lang]
    by = session.staff[ON_DUTY_NO]
    handler = session.staff[HANDLER_NO]
    person = Customer.select().where(Customer.organisation != "").order_by(Customer.id).first()
    values: dict[str, Any] = {"category": "technical", "description": texts["description"]}
    if person is not None:
        values.update(
            customer_name=person.name,
            mobile=person.mobile,
            site=person.organisation or "",
            address=person.address or "",
            customer_id=person.id,
        )
    else:
        values.update(customer_name="林晓梅", mobile="13912345678")
    sheet = sheets.file_sheet(values, by=by, now=NOW - timedelta(minutes=52))
    sheet = sheets.hand_over(sheet.id, staff_id=handler, by=by, now=NOW - timedelta(minutes=35))
    sheet = sheets.record_plan(sheet.id, plan=texts["plan"], by=handler, now=NOW - timedelta(minutes=10))
    return sheet


def build_window(session: Session) -> Any:
    """The real main window at 1280×800 on the demo database."""
    from desktop.views.main_window import MainWindow

    if session.window is not None:
        return session.window
    window = MainWindow(session.db_path or Path("frontdesk.sqlite3"))
    window.database_label.setText(i18n._("Database: {path}").format(path=SHOWN_DB_PATH))
    window.resize(*WINDOW_SIZE)
    window.show()
    window.resize(*WINDOW_SIZE)
    settle(150)
    session.window = window
    return window


def drop_window(session: Session) -> None:
    close_open_widgets(session)
    if session.window is not None:
        tray = getattr(session.window, "tray", None)
        icon = getattr(tray, "icon", None)
        if icon is not None:
            icon.hide()
        delete_later(session.window)
        session.window = None
    settle(10)


# --- captures ----------------------------------------------------------------------------------------------

Capture = Callable[[Session], QPixmap]

#: name → (needs the demo main window?, capture). Filled by :func:`capture` in the order they run.
CAPTURES: dict[str, tuple[bool, Capture]] = {}


def capture(name: str, *, demo_window: bool = True) -> Callable[[Capture], Capture]:
    def register(func: Capture) -> Capture:
        CAPTURES[name] = (demo_window, func)
        return func

    return register


def page(session: Session, key: str, tab: Callable[[Any], None] | None = None) -> QPixmap:
    """The main window on page ``key`` (and ``tab`` chosen on it)."""
    window = session.window
    window.show_page(key)
    if window.current_page_key() != key:
        raise RuntimeError(f"page {key!r} is not shown for this office type")
    if tab is not None:
        tab(window.pages[key])
    settle(120)
    return window.grab()


# The first-run wizard: a new, empty database (its own, not the demo's).


def _wizard(session: Session) -> Any:
    from desktop.views.first_run import FirstRunWizard

    drop_window(session)
    open_fresh(session, "first-run")
    wizard = FirstRunWizard()
    return shown(session, wizard, 120)


@capture("first-run", demo_window=False)
def first_run(session: Session) -> QPixmap:
    return _wizard(session).grab()


@capture("first-run-staff", demo_window=False)
def first_run_staff(session: Session) -> QPixmap:
    from desktop.rules import roles
    from desktop.views.first_run import PAGE_STAFF
    from desktop.views.staff_editor import StaffDraft

    wizard = _wizard(session)
    form = wizard.office_page.form
    form.name_edit.setText(demo.OFFICE["name"])
    form.address_edit.setText(demo.OFFICE["address"])
    form.phone_edit.setText(demo.OFFICE["phone"])
    for _step in range(2):
        wizard.next()
        settle(30)
    if wizard.currentId() != PAGE_STAFF:
        raise RuntimeError(f"the wizard stopped on page {wizard.currentId()}, not on the staff page")
    departments = wizard.departments_page.editor.names()
    first = departments[0] if departments else ""
    wizard.staff_page.editor.model.set_rows(
        [
            StaffDraft(employee_no=number, name=name, role=role, department=first)
            for number, name, role, _department in demo.STAFF[:4]
        ]
        or [StaffDraft(role=roles.ADMINISTRATOR, department=first)]
    )
    settle(80)
    return wizard.grab()


# The main window, page by page.


@capture("main-window")
def main_window(session: Session) -> QPixmap:
    """The window as it opens (Today), with the Forms menu dropped down."""
    window = session.window
    window.show_page("today")
    settle(60)
    window.ensure_forms_menu()
    menu = window.forms_menu
    bar = window.menuBar()
    geometry = bar.actionGeometry(menu.menuAction())
    menu.popup(bar.mapToGlobal(geometry.bottomLeft()))
    settle(120)
    try:
        return with_popup(window, menu)
    finally:
        menu.hide()
        settle(10)


@capture("today")
def today(session: Session) -> QPixmap:
    return page(session, "today")


def _tickets_tab(name: str) -> Callable[[Any], None]:
    def choose(tickets: Any) -> None:
        panel = getattr(tickets, name)
        if panel is None:
            raise RuntimeError(f"the problem-sheet page has no {name}")
        tickets.tabs.setCurrentWidget(panel)

    return choose


@capture("sheets-list")
def sheets_list(session: Session) -> QPixmap:
    return page(session, "tickets", _tickets_tab("sheets_panel"))


@capture("sheets-inquiries")
def sheets_inquiries(session: Session) -> QPixmap:
    return page(session, "tickets", _tickets_tab("inquiries_panel"))


@capture("sheets-intake")
def sheets_intake(session: Session) -> QPixmap:
    return page(session, "tickets", _tickets_tab("intake_panel"))


@capture("callbacks")
def callbacks_page(session: Session) -> QPixmap:
    return page(session, "callbacks")


@capture("complaints-register")
def complaints_register(session: Session) -> QPixmap:
    return page(session, "complaints", lambda p: p.tabs.setCurrentWidget(p.register_panel))


@capture("complaints-ratings")
def complaints_ratings(session: Session) -> QPixmap:
    return page(session, "complaints", lambda p: p.tabs.setCurrentWidget(p.ratings_panel))


def _out_only(checked: bool) -> Callable[[Any], None]:
    def choose(keys: Any) -> None:
        keys.clear_filters()
        if checked:
            keys.out_check.setChecked(True)
            keys.apply_filters()

    return choose


@capture("keys-register")
def keys_register(session: Session) -> QPixmap:
    return page(session, "keys", _out_only(False))


@capture("keys-closing-time")
def keys_closing_time(session: Session) -> QPixmap:
    try:
        return page(session, "keys", _out_only(True))
    finally:
        session.window.pages["keys"].clear_filters()


def _register_tab(name: str) -> Callable[[Any], None]:
    return lambda registers: registers.tabs.setCurrentWidget(getattr(registers, name))


REGISTER_TABS = {
    "registers-visitors": "visitors_panel",
    "registers-loans": "loans_panel",
    "registers-archive": "archive_panel",
    "registers-disposals": "disposals_panel",
    "registers-notices": "notices_tabs",
    "registers-tally": "tally_panel",
}


def _page_with_tab(key: str, choose: Callable[[Any], None]) -> Capture:
    def take(session: Session) -> QPixmap:
        return page(session, key, choose)

    return take


for _name, _attribute in REGISTER_TABS.items():
    capture(_name)(_page_with_tab("registers", _register_tab(_attribute)))

#: Reports tab key (desktop.views.pages.reports.register_report_tab) → screenshot name.
REPORT_TABS = {
    "complaint_rates": "reports-rates",
    "ratings": "reports-ratings",
    "call_tally": "reports-calls",
}


def _report_tab(key: str) -> Callable[[Any], None]:
    def choose(reports: Any) -> None:
        widget = reports.tab_widgets.get(key)
        if widget is None:
            raise RuntimeError(f"the Reports page has no tab {key!r}")
        reports.tabs.setCurrentWidget(widget)

    return choose


for _key, _name in REPORT_TABS.items():
    capture(_name)(_page_with_tab("reports", _report_tab(_key)))


@capture("settings")
def settings_page(session: Session) -> QPixmap:
    return page(session, "settings")


# Dialogs and windows opened from the pages.


@capture("sheets-entry")
def sheets_entry(session: Session) -> QPixmap:
    """A new problem sheet with the customer lookup open under a one-character surname."""
    from desktop.views.sheet_dialog import SheetDialog

    session.window.show_page("tickets")
    dialog: Any = shown(session, SheetDialog(parent=session.window), 120)
    edit = dialog.editor("customer_name").line_edit()
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    settle(30)
    for surname in _surnames():
        edit.setText(surname)
        edit.textEdited.emit(surname)  # what typing does; setText alone does not look anybody up
        QTest.qWait(350)  # the lookup waits for the typing to pause
        settle(60)
        if dialog._customers:
            break
    completer = dialog._completers["customer_name"]
    popup = completer.popup()
    if not dialog._customers or popup is None or not popup.isVisible():
        raise RuntimeError("the customer lookup did not open")
    try:
        return with_popup(dialog, popup)
    finally:
        popup.hide()


def _surnames() -> list[str]:
    """Surnames to try, most useful first: several customers each, few enough for one popup."""
    from desktop.models.customer import Customer

    counts: dict[str, int] = {}
    for customer in Customer.select(Customer.name):
        surname = str(customer.name)[:1]
        counts[surname] = counts.get(surname, 0) + 1
    fitting = sorted(((count, surname) for surname, count in counts.items() if 3 <= count <= 8), reverse=True)
    return [surname for _count, surname in fitting][:5] or ["王"]


@capture("sheets-detail")
def sheets_detail(session: Session) -> QPixmap:
    from desktop.services import sheets
    from desktop.views.sheet_detail import SheetDetail

    sheet = sheets.get_sheet(session.history_sheet.id, now=ops.now())
    detail = shown(session, SheetDetail(sheet, session.window), 150)
    return detail.grab()


@capture("sheets-print")
def sheets_print(session: Session) -> QPixmap:
    """The print preview of the sheet with history, in the screen's language."""
    from desktop.views.sheet_print import open_sheet_preview

    preview = open_sheet_preview(session.history_sheet.number, session.lang, session.window)
    if preview is None:
        raise RuntimeError("the sheet could not be rendered")
    shown(session, preview, 200)
    # QPdfView renders pages as it paints them: give it a few rounds.
    for _round in range(6):
        preview.view.viewport().update()
        settle(120)
    return preview.grab()


@capture("callbacks-dialog")
def callbacks_dialog(session: Session) -> QPixmap:
    from desktop.services.callback_list import CallbackQuery, list_callbacks
    from desktop.services.callback_rows import PENDING
    from desktop.views.callback_dialog import open_callback

    session.window.show_page("callbacks")
    rows = list_callbacks(CallbackQuery(status=PENDING), now=ops.now(), limit=5)
    if not rows:
        raise RuntimeError("the demo has no pending callback")
    dialog = open_callback(rows[0].id, session.window)
    if dialog is None:
        raise RuntimeError("the callback dialog did not open")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return shown(session, dialog, 120).grab()


@capture("keys-loan-dialog")
def keys_loan_dialog(session: Session) -> QPixmap:
    from desktop.rules import keys as key_rules
    from desktop.services.keys import KeyQuery, list_keys

    session.window.show_page("keys")
    keys_page = session.window.pages["keys"]
    found = list_keys(KeyQuery(status=key_rules.IN), now=ops.now(), limit=20)
    if not found:
        raise RuntimeError("the demo has no key in the cabinet")
    key = next((row for row in found if row.category != "owner"), found[0])
    keys_page.select_key(key.id)
    return shown(session, keys_page.lend(key), 120).grab()


@capture("registers-visitor-entry")
def registers_visitor_entry(session: Session) -> QPixmap:
    from desktop.views import register_dialogs

    session.window.show_page("registers")
    registers = session.window.pages["registers"]
    registers.tabs.setCurrentWidget(registers.visitors_panel)
    dialog = register_dialogs.open_visitor_dialog(registers)
    return shown(session, dialog, 120).grab()


@capture("complaints-new")
def complaints_new(session: Session) -> QPixmap:
    session.window.show_page("complaints")
    dialog = session.window.pages["complaints"].register_panel.new_complaint()
    return shown(session, dialog, 120).grab()


def _complaint_with_history() -> Any:
    from desktop.services.complaint_list import ComplaintQuery, list_complaints

    rows = list_complaints(ComplaintQuery(), now=ops.now(), limit=50)
    if not rows:
        raise RuntimeError("the demo has no complaint")
    return rows[0]


@capture("complaints-detail")
def complaints_detail(session: Session) -> QPixmap:
    session.window.show_page("complaints")
    panel = session.window.pages["complaints"].register_panel
    detail = panel.open_complaint(_complaint_with_history().id)
    if detail is None:
        raise RuntimeError("the complaint detail did not open")
    detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return shown(session, detail, 150).grab()


@capture("complaints-report-form")
def complaints_report_form(session: Session) -> QPixmap:
    session.window.show_page("complaints")
    panel = session.window.pages["complaints"].register_panel
    detail = panel.open_complaint(_complaint_with_history().id)
    if detail is None:
        raise RuntimeError("the complaint detail did not open")
    detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    shown(session, detail, 60)
    report = detail.open_report()
    return shown(session, report, 150).grab()


@capture("settings-calendar")
def settings_calendar(session: Session) -> QPixmap:
    from desktop.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(session.window)
    dialog.tabs.setCurrentWidget(dialog.calendar)
    # Its opening size (760×560) scrolls the calendar tab; a desk would make it larger to read it all.
    dialog.resize(max(dialog.width(), 1100), max(dialog.height(), 760))
    return shown(session, dialog, 150).grab()


# --- running -----------------------------------------------------------------------------------------------


def run_language(session: Session, names: list[str], failures: list[str]) -> list[Path]:
    written: list[Path] = []
    use_language(session)
    for name in names:
        needs_window, func = CAPTURES[name]
        target = session.out / f"{name}-{session.tag}.png"
        started = time.monotonic()
        try:
            if needs_window and session.window is None:
                if session.demo_error is not None:
                    raise RuntimeError(f"no demo window ({session.demo_error})")
                try:
                    open_demo(session)
                    build_window(session)
                except Exception as exc:
                    session.demo_error = f"setting the demo up failed: {exc!r}"
                    raise
            picture = func(session)
            if picture.isNull():
                raise RuntimeError("the grab is empty")
            if not picture.save(str(target), "PNG"):
                raise RuntimeError(f"could not write {target}")
        except Exception:  # one screen that cannot be taken must not stop the others
            failures.append(f"{target.name}: {traceback.format_exc().strip().splitlines()[-1]}")
            traceback.print_exc()
        else:
            written.append(target)
            print(f"{target}  ({picture.width()}×{picture.height()}, {time.monotonic() - started:.1f} s)")
        finally:
            close_open_widgets(session)
            if not needs_window:
                drop_window(session)
    drop_window(session)
    close_database()
    return written


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="take only this screenshot (a name from --list, without -zh/-en and .png); repeatable",
    )
    parser.add_argument(
        "--lang", choices=[*LANGUAGES.values(), "all"], default="all", help="one language, or both (default)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "screenshots",
        help="folder for the PNGs (default: %(default)s)",
    )
    parser.add_argument("--list", action="store_true", help="print the screenshot names and stop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        print("\n".join(CAPTURES))
        return 0
    names = list(CAPTURES)
    if args.only:
        wanted = [name.removesuffix(".png").removesuffix("-zh").removesuffix("-en") for name in args.only]
        unknown = [name for name in wanted if name not in CAPTURES]
        if unknown:
            print(f"unknown screenshot name(s): {', '.join(unknown)}; see --list", file=sys.stderr)
            return 2
        names = [name for name in CAPTURES if name in wanted]
    # Screens that need no demo window first, so the demo window is built once per language.
    names.sort(key=lambda name: CAPTURES[name][0])
    args.out.mkdir(parents=True, exist_ok=True)
    _quiet_qt_warnings()
    app = desktop_app.create_application()
    _quiet_messages()
    languages = [lang for lang, tag in LANGUAGES.items() if args.lang in ("all", tag)]
    failures: list[str] = []
    written: list[Path] = []
    for lang in languages:
        folder = _HOME / f"db-{LANGUAGES[lang]}"
        folder.mkdir(parents=True, exist_ok=True)
        written += run_language(Session(app=app, lang=lang, out=args.out, folder=folder), names, failures)
    print(f"{len(written)} screenshot(s) written to {args.out}")
    if failures:
        print("could not be taken:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
