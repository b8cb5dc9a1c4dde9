"""``frontdesk restore FILE``: a good backup restored, a wrong one refused in one line with the database untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models.database import close_database


@pytest.fixture(autouse=True)
def _close() -> object:
    yield
    close_database()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _names(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM customer ORDER BY id")]
    finally:
        connection.close()


def test_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    path = tmp_path / "frontdesk.sqlite3"
    assert _run(capsys, "--db", str(path), "demo")[0] == 0
    copy = tmp_path / "monday.sqlite3"
    assert _run(capsys, "--db", str(path), "backup", "-o", str(copy))[0] == 0
    expected = _names(copy)
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM customer WHERE id = (SELECT min(id) FROM customer)")
    connection.commit()
    connection.close()
    code, out, err = _run(capsys, "--db", str(path), "restore", str(copy))
    assert (code, err) == (0, "")
    assert out.startswith(
        f"Restored {path} from {copy}.\nThe database as it was before is kept in {data_dir}"
    )
    assert "Audit chain of the backup:" in out
    assert _names(path) == expected
    assert _run(capsys, "--db", str(path), "check")[0] == 0


def test_restore_refuses_an_empty_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "frontdesk.sqlite3"
    assert _run(capsys, "--db", str(path), "demo")[0] == 0
    before = path.read_bytes()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    code, out, err = _run(capsys, "--db", str(path), "restore", str(empty))
    assert (code, out) == (1, "")
    assert err == f"frontdesk: The file {empty} is empty: it is not a FrontDesk backup.\n"
    assert path.read_bytes() == before


def test_restore_needs_a_file_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "restore"])
    assert caught.value.code == 2
    capsys.readouterr()


def test_commands_refuse_a_database_on_a_network_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import location

    monkeypatch.setattr(location, "is_network_path", lambda *_a, **_k: True)
    path = tmp_path / "frontdesk.sqlite3"
    code, out, err = _run(capsys, "--db", str(path), "check")
    assert (code, out) == (1, "")
    assert err.startswith(f"frontdesk: The database {path} is on a network drive.")
    assert not path.exists()
