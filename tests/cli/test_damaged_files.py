"""Damaged database files are caught at the door: app start, every command and ``check`` say so, exit 1.

The damage set: a file cut off, its header overwritten, random pages overwritten, and the ``-wal`` removed
while it still held committed transactions. For each, every command of the command line (enumerated from
its parser: a new command without sample arguments here fails the test) gives one clear line — what is
wrong, the newest verified backup with its date, and the ``frontdesk restore`` command — and exits 1; never 3,
never a traceback. ``check`` adds a short list; the app shows its damage screen and exits 1. Then the named
command restores the backup and the database checks sound again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop import cli
from desktop.cli import main
from desktop.models import anchor
from desktop.models.base import db
from desktop.models.database import close_database, open_database
from desktop.services import backup, customers
from tests.trail_base import NOW, Base, copy_of, trail_base

KINDS = ("truncated", "header overwritten", "pages overwritten", "wal removed mid-write")

#: Arguments that reach the database for each command; ``None``: the command never opens one.
SAMPLE_ARGS: dict[str, list[str] | None] = {
    "audit": ["audit", "verify"],
    "backup": ["backup"],
    "check": ["check"],
    "deadline": ["deadline", "--from", "2026-03-16T09:00", "--working-hours", "2"],
    "demo": ["demo"],
    "due": ["due"],
    "export": ["export", "problem_sheet", "-o", "{tmp}/out.csv"],
    "forms": None,
    "import": ["import", "visitor_register", "{tmp}/in.csv"],
    "print": ["print", "problem_sheet", "20260316-AG001-001", "-o", "{tmp}/out.pdf"],
    "restore": None,  # the cure: tested below to restore the backup the message names
}
BLANK_PRINT = ["print", "problem_sheet", "--blank", "-o", "{tmp}/blank.pdf"]


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    close_database()


def _commands() -> set[str]:
    parser = cli.build_parser()
    (subparsers,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return set(subparsers.choices)


def test_every_command_has_sample_arguments() -> None:
    assert set(SAMPLE_ARGS) == _commands()


def _overwrite(path: Path, offset: int, size: int, rng: random.Random) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(rng.randbytes(size))


def _damage(kind: str, path: Path, rng: random.Random) -> None:
    size = path.stat().st_size
    page = 4096
    if kind == "truncated":
        with path.open("r+b") as handle:
            handle.truncate(rng.randrange(page, size - page))
    elif kind == "header overwritten":
        _overwrite(path, 0, 100, rng)
    elif kind == "pages overwritten":
        for number in rng.sample(range(2, size // page), 5):
            _overwrite(path, (number - 1) * page, page, rng)
    else:
        raise AssertionError(kind)


def _wal_removed_mid_write(path: Path) -> None:
    """Commits that are still only in the -wal (no checkpoint yet), then the file without its -wal."""
    live = path.with_name("live.sqlite3")
    shutil.copy2(path, live)
    open_database(live)
    db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    for number in range(20):
        customers.add_customer({"name": f"客户{number}"}, by=None, now=NOW)
    anchor.write_anchor(db.obj)  # what the commit hook does at most once a second
    shutil.copy2(live, path)  # the main file as it is: the last 20 saves are only in live's -wal
    shutil.copy2(Path(f"{live}.anchor"), Path(f"{path}.anchor"))
    close_database()


@pytest.fixture(params=KINDS)
def damaged(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> tuple[str, Path, Path]:
    """``(kind, database, its newest backup)``: a copy of the base, backed up, then damaged."""
    base: Base = trail_base(tmp_path_factory)
    path = copy_of(base, tmp_path / "frontdesk.sqlite3")
    open_database(path)
    newest = backup.backup_database(now=NOW)
    close_database()
    if request.param == "wal removed mid-write":
        _wal_removed_mid_write(path)
    else:
        _damage(request.param, path, random.Random(request.param))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return request.param, path, newest


def _run(capsys: pytest.CaptureFixture[str], path: Path, argv: list[str]) -> tuple[int, str, str]:
    tmp = str(path.parent)
    code = main(["--lang", "en", "--db", str(path), *[arg.replace("{tmp}", tmp) for arg in argv]])
    out, err = capsys.readouterr()
    return code, out, err


def _assert_clear(err: str, path: Path, newest: Path) -> None:
    line = next(line for line in err.splitlines() if line.startswith("frontdesk: "))
    assert "Traceback" not in err and "unexpected error" not in err
    assert "is damaged: " in line or "saved changes are missing" in line, line
    assert f"The newest verified backup is {newest}, made on 2026-03-16 09:00" in line
    assert f"Restore it with: frontdesk --db {path} restore {newest}" in line


def test_every_command_gives_the_clear_message_and_exit_1(
    damaged: tuple[str, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    kind, path, newest = damaged
    (path.parent / "in.csv").write_text("name\n王芳\n", encoding="utf-8")
    before = path.read_bytes()
    for command, argv in [*SAMPLE_ARGS.items(), ("print --blank", BLANK_PRINT)]:
        if argv is None:
            continue
        code, out, err = _run(capsys, path, argv)
        assert code == 1, (kind, command, out, err)
        _assert_clear(err, path, newest)
        if command != "audit":
            assert out == "", (kind, command)
    code, out, err = _run(capsys, path, ["forms"])
    assert code == 0 and "problem_sheet" in out  # never opens a database
    assert path.read_bytes() == before  # nothing was written to the damaged file


def test_check_lists_the_damage(damaged: tuple[str, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _kind, path, newest = damaged
    code, out, err = _run(capsys, path, ["check"])
    assert (code, out) == (1, "")
    _assert_clear(err, path, newest)
    assert len(err.splitlines()) <= 12


def test_the_app_shows_the_damage_screen_and_exits_1(
    damaged: tuple[str, Path, Path], qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import app
    from desktop.views import damage_dialog

    _kind, path, newest = damaged
    shown: list[Any] = []

    def decline(damage: Any) -> bool:
        shown.append(damage)
        return False

    monkeypatch.setattr(damage_dialog, "offer_restore", decline)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    args = argparse.Namespace(db=str(path), lang="en", demo=False, command=None, user=None)
    assert app.run(args) == 1
    (damage,) = shown
    assert damage.path == path and damage.backup is not None and damage.backup.path == newest
    assert "is damaged: " in damage.problem


def test_the_named_command_restores_the_backup(
    damaged: tuple[str, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    kind, path, newest = damaged
    damaged_bytes = path.read_bytes()
    code, out, err = _run(capsys, path, ["restore", str(newest)])
    assert (code, err) == (0, ""), (kind, err)
    kept = [line for line in out.splitlines() if line.startswith("The database as it was before is kept in ")]
    assert kept, out
    copy = Path(kept[0].removeprefix("The database as it was before is kept in ").rstrip("."))
    assert copy.read_bytes() == damaged_bytes  # kept aside exactly as it was
    code, out, _err = _run(capsys, path, ["check"])
    assert code == 0 and "Integrity: ok" in out
    code, _out, err = _run(capsys, path, ["audit", "verify"])
    assert code == 0, err
    leftovers = [name for name in os.listdir(path.parent) if ".tmp" in name]
    assert leftovers == []
