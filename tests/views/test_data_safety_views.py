"""Data-safety glue on screen: drafts kept and offered back, restore dialog, in-use database, audit check."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import app as app_module
from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.models.base import db as db_proxy
from desktop.models.database import close_database, is_read_only_connection
from desktop.services import backup, customers, drafts, instance_lock, location
from desktop.services.clock import FixedClock
from desktop.views import draft_keeper, drafts_dialog, instance_dialog
from desktop.views.form_dialog import FormDialog
from desktop.views.restore_dialog import RestoreDialog
from tests.views.conftest import ShownMessage


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield
    draft_keeper.disable()


def _dialog(qtbot: QtBot, values: dict[str, Any] | None = None) -> FormDialog:
    dialog = FormDialog(load_form("visitor_register"), values, lang="en")
    qtbot.addWidget(dialog)
    return dialog


def _first_text_key(dialog: FormDialog) -> str:
    return next(key for key in dialog.editable_keys() if dialog.form.field(key).type in ("text", "person"))


def test_a_dialog_keeps_a_draft_after_each_change_and_forgets_it_when_closed(
    qtbot: QtBot, db_path: Path
) -> None:
    draft_keeper.enable(db_path)
    dialog = _dialog(qtbot)
    assert dialog.draft_keeper is not None
    key = _first_text_key(dialog)
    dialog.editor(key).set_value("访客 王五")
    dialog.editor(key).changed.emit()
    qtbot.waitUntil(lambda: drafts.load_draft(dialog.draft_keeper.draft_id) is not None, timeout=3000)
    (pending,) = drafts.pending_drafts(db_path=db_path)
    assert pending.values[key] == "访客 王五" and pending.form_slug == "visitor_register"
    dialog.discard()
    assert drafts.pending_drafts(db_path=db_path) == []


def test_without_drafts_enabled_no_draft_is_written(qtbot: QtBot) -> None:
    assert _dialog(qtbot).draft_keeper is None


def test_drafts_left_by_a_crash_are_offered_and_can_be_discarded(
    qtbot: QtBot, db_path: Path, shown_messages: list[ShownMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts.save_draft("visitor_register", None, {"visitor_name": "王五"}, db_path=db_path)
    dialog = drafts_dialog.offer_drafts(None, db_path)  # type: ignore[arg-type]
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert shown_messages[0].text == "FrontDesk was closed before 1 forms were saved. Open them again now?"
    assert dialog.draft_list.count() == 1
    monkeypatch.setattr(
        drafts_dialog.messages, "show", lambda *_args, on_yes=None, **_kwargs: on_yes() if on_yes else None
    )
    dialog.discard_current()
    assert drafts.pending_drafts(db_path=db_path) == []


def test_a_reopened_draft_of_an_edit_is_shown_read_only(qtbot: QtBot, db_path: Path) -> None:
    draft = drafts.save_draft(
        "visitor_register",
        None,
        {"visitor_name": "王五"},
        draft_id="visitor_register-edit-V1",
        db_path=db_path,
    )
    opened = drafts_dialog.open_generic(draft, None)  # type: ignore[arg-type]
    assert opened is not None
    qtbot.addWidget(opened)
    assert isinstance(opened, FormDialog)
    assert opened.editor("visitor_name").is_read_only()
    assert opened.editor("visitor_name").value() == "王五"


def test_restore_dialog_lists_backups_refuses_a_wrong_file_and_restores_a_good_one(
    qtbot: QtBot,
    office_db: peewee.SqliteDatabase,
    db_path: Path,
    clock: FixedClock,
    tmp_path: Path,
    shown_messages: list[ShownMessage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    made = backup.maybe_backup(now=clock.now(), reason="exit")
    assert made is not None
    customers.add_customer({"name": "李四"}, by=None, now=clock.now())
    dialog = RestoreDialog(db_path)
    qtbot.addWidget(dialog)
    assert dialog.backup_list.count() == 1
    assert "on closing FrontDesk" in dialog.backup_list.item(0).text()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    dialog.ask_and_restore(empty)
    assert shown_messages[-1].text == f"The file {empty} is empty: it is not a FrontDesk backup."
    with qtbot.waitSignal(dialog.database_restored):
        dialog.restore_now(made)
    assert [row.name for row in customers.list_customers()] == ["王芳"]


def test_main_window_checks_the_audit_trail(main_window: Any, shown_messages: list[ShownMessage]) -> None:
    assert main_window.restore_action in main_window.file_menu.actions()
    assert main_window.audit_action in main_window.help_menu.actions()
    main_window.audit_action.trigger()
    assert shown_messages[-1].text.startswith("The audit trail is intact: ")
    db_proxy.execute_sql("UPDATE audit_event SET summary = 'x' WHERE id = 1")
    main_window.audit_action.trigger()
    assert shown_messages[-1].text.startswith("The audit trail is broken")
    assert shown_messages[-1].informative.startswith("Event 1 (")


def test_a_database_held_by_another_frontdesk_opens_read_only_when_asked(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.models.database import open_database

    open_database(db_path)
    close_database()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        instance_lock.acquire(db_path, pid=holder.pid)
        asked: list[tuple[str, int]] = []

        def answer(host: str, pid: int, _path: Path, _parent: Any = None) -> instance_dialog.InUseChoice:
            asked.append((host, pid))
            return instance_dialog.InUseChoice.READ_ONLY

        monkeypatch.setattr(instance_dialog, "ask_in_use", answer)
        opened = app_module.open_for_gui(db_path)
        assert opened is not None
        assert opened[1:3] == (None, True)
        assert asked == [(instance_lock.this_host(), holder.pid)]
        assert is_read_only_connection()
    finally:
        close_database()
        holder.kill()
        holder.wait()


def test_switching_to_another_database_takes_its_lock(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance_lock.acquire(db_path, host="reception-2", pid=1)
    other = tmp_path / "other.sqlite3"
    monkeypatch.setattr(instance_dialog, "ask_in_use", lambda *_a, **_k: instance_dialog.InUseChoice.SWITCH)
    monkeypatch.setattr(instance_dialog, "choose_database", lambda *_a, **_k: other)
    opened = app_module.open_for_gui(db_path)
    try:
        assert opened is not None
        path, lock, read_only, _warnings = opened
        assert (path, read_only) == (other, False)
        assert lock is not None and instance_lock.holder(other) == (instance_lock.this_host(), lock.pid)
        lock.release()
    finally:
        close_database()


def test_a_network_path_is_refused_before_anything_opens(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[ShownMessage]
) -> None:
    monkeypatch.setattr(location, "is_network_path", lambda *_a, **_k: True)
    assert app_module.open_for_gui(db_path) is None
    assert "is on a network drive" in shown_messages[0].text
    assert not db_path.exists() and not instance_lock.lock_path(db_path).exists()


def test_retention_dialog_lists_records_past_their_period_and_purges_the_ticked_ones(
    qtbot: QtBot,
    office_db: peewee.SqliteDatabase,
    shown_messages: list[ShownMessage],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.services import retention
    from desktop.views.retention_dialog import RetentionDialog

    office_db.execute_sql("CREATE TABLE visit (id INTEGER PRIMARY KEY, number TEXT, left_at TIMESTAMP)")
    for number, left in (
        ("V1", "2020-01-02 10:00:00"),
        ("V2", "2021-05-06 10:00:00"),
        ("V3", "2026-01-02 10:00:00"),
    ):
        office_db.execute_sql("INSERT INTO visit (number, left_at) VALUES (?, ?)", (number, left))
    kind = retention.PurgeableKind("visit", "Visits", "visit", "left_at", "number", default_years=2)
    retention.register_purgeable(kind)
    try:
        dialog = RetentionDialog()
        qtbot.addWidget(dialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("visit"))
        assert dialog.record_list.count() == 2
        assert dialog.record_list.item(0).text().startswith("V1 — since ")
        dialog.record_list.item(1).setCheckState(Qt.CheckState.Unchecked)
        monkeypatch.setattr(
            "desktop.views.retention_dialog.messages.show",
            lambda *_a, on_yes=None, **_k: (
                on_yes() if on_yes else shown_messages.append(ShownMessage(_a[1], _k.get("kind")))
            ),
        )
        with qtbot.waitSignal(dialog.purged):
            dialog.purge_button.click()
        assert [row[0] for row in office_db.execute_sql("SELECT number FROM visit ORDER BY id")] == [
            "V2",
            "V3",
        ]
        assert dialog.record_list.count() == 1
    finally:
        retention._KINDS.pop("visit", None)
