"""File ▸ Import records…: a GBK CSV from Excel imported with a progress bar, cancelled, refused to a receptionist."""

from __future__ import annotations

from pathlib import Path

import peewee
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.models.register import Visitor
from desktop.services import office
from desktop.views import ops
from desktop.views.import_dialog import ImportDialog


def gbk_visitors(path: Path, count: int) -> Path:
    """What a Chinese Windows Excel saves as plain "CSV": GBK, no BOM, CRLF."""
    lines = ["visitor_name,visit_date,arrived_at,purpose,receptionist"]
    lines += [f"访客{index},2026-03-16,09:{index % 60:02d},other,李四" for index in range(count)]
    path.write_bytes("\r\n".join(lines).encode("gbk") + b"\r\n")
    return path


def on_duty(name: str) -> None:
    ops.set_staff_on_duty(next(row.id for row in office.list_staff() if row.name == name))


def open_dialog(qtbot: QtBot) -> ImportDialog:
    dialog = ImportDialog(slug="visitor_register")
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_a_gbk_csv_imports_with_a_progress_bar_and_a_second_time_adds_nothing(
    qtbot: QtBot, office_db: peewee.SqliteDatabase, tmp_path: Path
) -> None:
    i18n.set_ui_language("en")
    on_duty("张三")
    dialog = open_dialog(qtbot)
    dialog.file_edit.setText(str(gbk_visitors(tmp_path / "访客.csv", 2600)))
    values: list[int] = []
    with qtbot.waitSignal(dialog.imported, timeout=120_000):
        assert dialog.start()
        dialog.worker.progressed.connect(values.append)  # type: ignore[union-attr]
        assert dialog.progress.isVisibleTo(dialog) and not dialog.import_button.isEnabled()
    assert Visitor.select().count() == 2600
    assert Visitor.select().where(Visitor.visitor_name == "访客7").exists()
    assert dialog.progress.value() == 100 and values == sorted(values)
    assert dialog.message.text() == "2600 records imported."
    with qtbot.waitSignal(dialog.imported, timeout=120_000):
        dialog.start()
    assert Visitor.select().count() == 2600
    assert "Skipped as already there (same values): 2600" in dialog.message.text()


def test_cancel_stops_the_import_with_nothing_imported(
    qtbot: QtBot, office_db: peewee.SqliteDatabase, tmp_path: Path
) -> None:
    i18n.set_ui_language("en")
    on_duty("张三")
    dialog = open_dialog(qtbot)
    dialog.file_edit.setText(str(gbk_visitors(tmp_path / "visitors.csv", 3000)))
    finished: list[object] = []
    dialog.start()
    dialog.worker.finished.connect(lambda report, message: finished.append((report, message)))  # type: ignore[union-attr]
    dialog.close_button.click()  # "Cancel" while it runs
    qtbot.waitUntil(lambda: not dialog.running(), timeout=120_000)
    assert Visitor.select().count() == 0
    assert dialog.message.text() == "The import was cancelled; nothing was imported."
    assert dialog.isVisible() and dialog.close_button.text() == "Close"


def test_a_receptionist_cannot_start_an_import(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> None:
    i18n.set_ui_language("en")
    on_duty("李四")
    dialog = open_dialog(qtbot)
    assert not dialog.import_button.isEnabled()
    assert dialog.message.text() == "Only these roles may import records: Manager, Administrator."
