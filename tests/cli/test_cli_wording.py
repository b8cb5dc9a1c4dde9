"""The command line speaks of commands, not of dialogs: a failed write says "run the command again"."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest

from desktop.cli import _common, main
from desktop.models.database import close_database, open_database, storage_error


@pytest.mark.parametrize(
    "sqlite_says",
    [
        "database or disk is full",
        "attempt to write a readonly database",
        "database is locked",
        "disk I/O error",
    ],
)
def test_every_storage_failure_has_command_line_words(sqlite_says: str) -> None:
    error = storage_error(peewee.OperationalError(sqlite_says))
    assert error is not None
    assert "nothing was saved" in error.message.lower()
    line = error.command_line_message
    assert "run the command again" in line.lower()
    assert "form" not in line and "save again" not in line


def test_an_import_onto_a_full_disk_says_to_run_the_command_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = tmp_path / "office.sqlite3"
    open_database(db_file)
    close_database()

    def full_after_opening(path: Path, **kwargs: object) -> peewee.SqliteDatabase:
        database = open_database(path, **kwargs)  # type: ignore[arg-type]
        pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
        database.execute_sql(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up during the import
        return database

    monkeypatch.setattr(_common, "open_database", full_after_opening)
    rows = "".join(
        f"访客{i},2026-03-16,09:{i % 60:02d},other,王芳,{'客户反映的情况' * 30}\n" for i in range(400)
    )
    csv_file = tmp_path / "visitors.csv"
    csv_file.write_text(
        "visitor_name,visit_date,arrived_at,purpose,receptionist,raised\n" + rows, encoding="utf-8"
    )
    code = main(["--lang", "en", "--db", str(db_file), "import", "visitor_register", str(csv_file)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "disk holding the database is full" in err
    assert "run the command again" in err
    assert "in the form" not in err
