"""A working week in compressed time: FrontDesk on the demo database from Monday 08:00 to Saturday 00:05.

``python -m tests.soak.week [--dialog-opens N] [--previews N] [--page-visits N]`` runs the week in this process
and prints one JSON line with what it did and measured (``tests/soak/test_week.py`` runs it as a child process,
so the process figures are FrontDesk's own and an abort cannot take the test runner down).

The clock is a :class:`~desktop.services.clock.FixedClock` moved by the driver; everything else is the app as
a desk runs it (:mod:`tests.soak.session`). Each of the five days has 120 reminder ticks: every 5 minutes from
08:00 to 17:45, then 23:55 and 00:05, across midnight into the next day. On each tick the reminder timer fires
(the board is recomputed and shown, the tray decides on a digest) and the session heartbeat is written; between
ticks of office hours the desk opens and closes dialogs — every kind in turn (:mod:`tests.soak.dialogs`) — opens
print previews of every form and of a filled sheet, switches pages and searches. Every hour on the hour (08:00 to
17:00) the screen is locked and the administrator logs in again, the app's hourly backup check runs and the desk
reads a message box (Help → About).

Measured (:mod:`tests.soak.probe`) after the first hour, at the end of each day and at the end: ``None``'s
reference count, RSS, live Qt wrappers, widgets and QObjects, open files; every dialog is checked to be deleted
once closed; every warning logged (Python or Qt) is kept.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6
from PySide6.QtWidgets import QApplication, QFrame, QMenu, QMessageBox

from desktop import app as gui
from desktop import crashtrace
from desktop.models.database import close_database
from desktop.views import refcount_guard
from desktop.views.listing import SearchBox
from tests.soak import dialogs, probe
from tests.soak.session import DemoSession, start_demo

#: The counts issue 21 names for a working week.
TICKS_PER_DAY = 120
DAYS = 5
DIALOG_OPENS = 1_000
PREVIEWS = 500
PAGE_VISITS = 200
#: Monday morning; the demo's data is filled at this moment.
MONDAY = datetime(2026, 3, 16, 8, 0)
SEARCHES = ("王", "空调", "2026", "KF", "zzzz", "")


def day_ticks(day: int) -> list[tuple[datetime, bool]]:
    """The tick moments of ``day`` (0 = Monday): ``(moment, in office hours)``."""
    morning = MONDAY + timedelta(days=day)
    office = [(morning + timedelta(minutes=5 * k), True) for k in range(TICKS_PER_DAY - 2)]
    evening = morning.replace(hour=23, minute=55)
    return [*office, (evening, False), (evening + timedelta(minutes=10), False)]


def spread(total: int, slots: int) -> list[int]:
    """``total`` actions over ``slots`` as evenly as whole numbers allow."""
    return [(i + 1) * total // slots - i * total // slots for i in range(slots)]


def front_loaded(total: int, slots: int, first: int) -> list[int]:
    """:func:`spread`, with ``first`` of the actions (at most ``total``) all in the first slot."""
    first = min(first, total)
    counts = spread(total - first, slots)
    counts[0] += first
    return counts


class Week:
    """The driver; see the module docstring."""

    def __init__(self, session: DemoSession, *, dialog_opens: int, previews: int, page_visits: int) -> None:
        self.session = session
        self.window = session.window
        self.kinds = dialogs.dialog_kinds(self.window)
        self.dialog_opens = dialog_opens
        self.previews = previews
        self.page_visits = page_visits
        self.done: Counter[str] = Counter()
        self.opened_by_kind: Counter[str] = Counter()
        self.not_deleted: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.seconds: dict[str, float] = defaultdict(float)
        self.midnights: list[str] = []
        self._kind_cycle = itertools.cycle(self.kinds)
        self.window.ensure_forms_menu()
        self._previewers: list[tuple[str, Callable[[], Any]]] = [
            (action.objectName(), action.trigger) for action in self.window.forms_menu.actions()
        ]
        self._previewers.append(("filled problem sheet", self._print_a_sheet))
        self._preview_cycle = itertools.cycle(self._previewers)
        self._page_cycle = itertools.cycle(self.window.visible_page_keys())
        self._search_cycle = itertools.cycle(SEARCHES)

    # --- what happens ----------------------------------------------------------------------------------------

    def tick(self) -> None:
        started = time.perf_counter()
        self.window.tray.timer.timeout.emit()  # the reminder timer fires
        QApplication.processEvents()
        self.done["ticks"] += 1
        self.seconds["ticks"] += time.perf_counter() - started

    def open_dialogs(self, count: int) -> None:
        started = time.perf_counter()
        for _ in range(count):
            kind = next(self._kind_cycle)
            try:
                dialog = kind.open(self.window)
            except Exception as exc:  # a broken opener is reported by name, the week goes on
                self.failed[f"{kind.name}: {type(exc).__name__}: {exc}"] += 1
                dialogs.close_all(self.window)
                continue
            if not isinstance(dialog, kind.dialog_class) or not dialog.isVisible():
                self.failed[f"{kind.name}: opened {type(dialog).__name__}, visible {dialog.isVisible()}"] += 1
            dialogs.close_all(self.window)
            if shiboken6.isValid(dialog):
                self.not_deleted[kind.name] += 1
                dialog.deleteLater()  # counted; keep the week's figures about the other kinds
                dialogs.flush_deletes()
            self.opened_by_kind[kind.name] += 1
            self.done["dialog opens"] += 1
        self.seconds["dialogs"] += time.perf_counter() - started

    def open_previews(self, count: int) -> None:
        started = time.perf_counter()
        for _ in range(count):
            name, preview = next(self._preview_cycle)
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            preview()
            QApplication.processEvents()
            if not any(id(w) not in before for w in QApplication.topLevelWidgets() if w.isVisible()):
                self.failed[f"preview {name}: no window"] += 1
            dialogs.close_all(self.window)
            self.done["print previews"] += 1
        self.seconds["previews"] += time.perf_counter() - started

    def _print_a_sheet(self) -> None:
        panel = cast(Any, self.window.pages["tickets"]).sheets_panel
        self.window.show_page("tickets")
        panel.clear_filters()
        panel.view.setCurrentIndex(panel.model.index(0, 0))
        panel.print_selected()

    def visit_pages(self, count: int) -> None:
        started = time.perf_counter()
        for _ in range(count):
            key = next(self._page_cycle)
            self.window.show_page(key)
            for box in self.window.pages[key].findChildren(SearchBox):
                if box.isVisibleTo(self.window.pages[key]):
                    box.setText(next(self._search_cycle))
                    box.settle_timer.timeout.emit()  # the typing pause, without waiting for it
            QApplication.processEvents()
            self.done["page switches and searches"] += 1
        self.seconds["pages"] += time.perf_counter() - started

    def lock_and_unlock(self) -> None:
        started = time.perf_counter()
        lock = self.session.shell.idle_lock
        assert lock is not None
        lock.lock_action.trigger()  # Ctrl+Shift+L, or the idle timer
        if not lock.locked:
            self.failed["lock: the screen did not lock"] += 1
            return
        self.session.log_in()
        self.done["locks and unlocks"] += 1
        self.seconds["locks"] += time.perf_counter() - started

    def read_a_message(self) -> None:
        """Help → About FrontDesk: a message box, read and closed (each must be gone afterwards)."""
        self.window.about_action.trigger()
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            self.failed["About: no message box"] += 1
        dialogs.close_all(self.window)
        if any(shiboken6.isValid(box) for box in boxes):
            self.not_deleted["message box"] += 1
        self.done["message boxes"] += 1

    def hourly_backup_check(self) -> None:
        started = time.perf_counter()
        gui.backup_if_due(self.window)
        self.done["hourly backup checks"] += 1
        self.seconds["backups"] += time.perf_counter() - started

    # --- the week --------------------------------------------------------------------------------------------

    def run(self, heartbeat: Callable[[], None]) -> dict[str, Any]:
        office_slots = DAYS * (TICKS_PER_DAY - 2)
        # Monday at 08:00 the desk opens every dialog, preview and page once (counted in the totals), so the
        # first-hour figures hold what the week will hold: a tab or form cache built later is not a leak.
        pages = len(self.window.visible_page_keys())
        opens = front_loaded(self.dialog_opens * len(self.kinds), office_slots, len(self.kinds))
        previews = front_loaded(self.previews, office_slots, len(self._previewers))
        visits = front_loaded(self.page_visits, office_slots, pages)
        figures: dict[str, Any] = {}
        daily: list[dict[str, Any]] = []
        slot = 0
        for day in range(DAYS):
            for moment, office_hours in day_ticks(day):
                self.session.clock.set(moment)
                self.tick()
                heartbeat()
                if office_hours:
                    self.open_dialogs(opens[slot])
                    self.open_previews(previews[slot])
                    self.visit_pages(visits[slot])
                    if moment.minute == 0:  # every hour, from the morning's first login on
                        self.lock_and_unlock()
                        self.hourly_backup_check()
                        self.read_a_message()
                    slot += 1
                    if day == 0 and moment.hour == 8 and moment.minute == 55:
                        figures["hour 1"] = probe.measure().as_dict()
                elif moment.hour == 0:
                    self._check_midnight(moment)
            daily.append(
                {
                    "day": (MONDAY + timedelta(days=day)).date().isoformat(),
                    **probe.measure().as_dict(),
                    "other windows": self._other_windows(),
                }
            )
        figures["end"] = probe.measure().as_dict()
        return {"figures": figures, "daily": daily}

    def _other_windows(self) -> list[str]:
        """Top-level widgets alive besides the main window and menus (what a failed bound was about)."""
        return sorted(
            f"{type(w).__name__}:{w.objectName()}{'' if w.isVisible() else ' (hidden)'}"
            for w in QApplication.topLevelWidgets()
            if w is not self.window and type(w) not in (QFrame, QMenu)  # menus and the combo boxes' popups
        )

    def _check_midnight(self, moment: datetime) -> None:
        today: Any = self.window.pages["today"]
        board = today.board
        if board is not None and board.now.date() == moment.date():
            self.midnights.append(today.heading.text())
        else:
            self.failed[f"midnight {moment:%Y-%m-%d}: the board still shows {board and board.now}"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialog-opens", type=int, default=DIALOG_OPENS, help="opens of each dialog kind")
    parser.add_argument("--previews", type=int, default=PREVIEWS)
    parser.add_argument("--page-visits", type=int, default=PAGE_VISITS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-week-"))
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(folder / variable.lower())  # never the real user's folders
    trap = probe.WarningTrap().install()
    trace = crashtrace.start(versions=refcount_guard.versions())
    session = start_demo(folder / "demo.sqlite3", MONDAY, before_window=dialogs.prepare)
    trace.set_database(folder / "demo.sqlite3")
    setup_seconds = time.perf_counter() - started
    week = Week(session, dialog_opens=args.dialog_opens, previews=args.previews, page_visits=args.page_visits)
    measured = week.run(trace.heartbeat)
    result = {
        "versions": refcount_guard.versions(),
        "counts": dict(week.done),
        "dialog kinds": len(week.kinds),
        "opens per kind": {
            "min": min(week.opened_by_kind.values()),
            "max": max(week.opened_by_kind.values()),
        },
        "midnights": week.midnights,
        "not deleted": dict(week.not_deleted),
        "failed": dict(week.failed),
        "warnings": trap.records[:50],
        "warning count": len(trap.records),
        "seconds": {"setup": round(setup_seconds, 1), **{k: round(v, 1) for k, v in week.seconds.items()}},
        **measured,
    }
    result["seconds"]["total"] = round(time.perf_counter() - started, 1)
    session.window.quit()
    close_database()
    trace.end()
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
