"""``frontdesk check``, ``backup`` and ``demo``: exit codes and what the desk reads on the terminal."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models import migrations
from desktop.models.database import close_database
from desktop.services.backup import verify_backup


@pytest.fixture(autouse=True)
def _close() -> object:
    yield
    close_database()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_check_then_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.sqlite3"
    code, out, err = _run(capsys, "--db", str(path), "demo")
    assert (code, err) == (0, "")
    assert f"Demo data written to {path}:" in out and "300 customers" in out and "15 staff" in out
    # Every record kind a demo step declares is printed with the count that is in the file.
    from desktop.services import demo

    printed = out.splitlines()
    with sqlite3.connect(path) as connection:
        for step in demo._STEPS.values():
            for label, model in step.counts:
                count = connection.execute(f'SELECT count(*) FROM "{model._meta.table_name}"').fetchone()[0]
                assert f"  {count} {label}" in printed, (label, count)
    assert any(line.startswith("  ") and line.endswith(" problem sheets") for line in printed)
    assert "  8 member customers" in printed  # the companies among the customers, marked through the service

    # Every demo row, bulk-written or through a service, is proved by the audit trail.
    code, out, err = _run(capsys, "--db", str(path), "audit", "verify")
    assert (code, err) == (0, "")
    assert out.startswith("audit chain intact: ")

    code, out, err = _run(capsys, "--db", str(path), "check")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"File: {path}",
        f"Schema version: {migrations.latest_version()}",
        "Integrity: ok",
    ]

    target = tmp_path / "copy.sqlite3"
    code, out, err = _run(capsys, "--db", str(path), "backup", "-o", str(target))
    assert (code, err, out.strip()) == (0, "", f"Backup written to {target}")
    verify_backup(target)


def test_demo_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.sqlite3"
    assert _run(capsys, "--db", str(path), "demo")[0] == 0
    code, _out, err = _run(capsys, "--db", str(path), "demo")
    assert code == 1
    assert (
        err
        == "frontdesk: This database already holds data. Demo data goes only into a new, empty database.\n"
    )


def test_demo_uses_frontdesk_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("FRONTDESK_DB", str(path))
    assert _run(capsys, "demo")[0] == 0
    assert path.exists()


def test_backup_by_default_goes_to_the_user_data_folder(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.sqlite3"
    _run(capsys, "--db", str(path), "demo")
    code, out, err = _run(capsys, "--db", str(path), "backup")
    assert (code, err) == (0, "")
    # The database's own series: a folder named by the file and its identity.
    (written,) = (data_dir / "backups").glob("x-*/frontdesk-*.sqlite3")
    assert out.strip() == f"Backup written to {written}"


@pytest.mark.parametrize("content", [b"hello, not a database\n", None])
def test_check_on_a_foreign_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    path = tmp_path / "other.sqlite3"
    if content is None:
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.commit()
        connection.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    code, out, err = _run(capsys, "--db", str(path), "check")
    assert code == 1
    assert out == ""
    assert err == f"frontdesk: {path} is not a FrontDesk database.\n"
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_check_on_a_missing_file_does_not_create_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "missing.sqlite3"
    code, _out, err = _run(capsys, "--db", str(path), "check")
    assert (code, err) == (1, f"frontdesk: There is no database at {path}.\n")
    assert not path.exists()


def test_check_reports_a_broken_foreign_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.sqlite3"
    _run(capsys, "--db", str(path), "demo")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE staff SET department_id = 999 WHERE id = 1")
    connection.commit()
    connection.close()
    code, out, err = _run(capsys, "--db", str(path), "check")
    assert code == 1 and out == ""
    first, *listed = err.splitlines()
    assert first.startswith(
        f"frontdesk: The database {path} is damaged: the integrity check reports foreign key: staff row 1 points "
        "to a missing department (1 in all)."
    )
    assert listed == ["  - foreign key: staff row 1 points to a missing department"]


def test_backup_list_shows_this_databases_own_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.models.database import open_database
    from desktop.services import customers

    office, demo = tmp_path / "office.sqlite3", tmp_path / "demo.sqlite3"

    for path in (office, demo):
        open_database(path)
        customers.add_customer({"name": "王芳"}, by=None, now=datetime(2026, 3, 16, 9, 0))
        close_database()
    assert _run(capsys, "--db", str(office), "backup")[0] == 0
    assert _run(capsys, "--db", str(office), "backup")[0] == 0  # the same second: a second file, not skipped
    assert _run(capsys, "--db", str(demo), "backup")[0] == 0
    code, out, err = _run(capsys, "--db", str(office), "backup", "--list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Backups of this database in ") and "/office-" in lines[0]
    assert len(lines) == 3 and all("\tmanual\t" in line and line.endswith(".sqlite3") for line in lines[1:])
    assert all("\tverified\t" in line for line in lines[1:])
