"""Automatic backups: on exit and daily when something changed, chain head stored, rotated, folder setting."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.services import audit, backup, customers, settings
from desktop.services.backup import Rotation, backups_to_keep
from desktop.services.clock import FixedClock


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


NOW = datetime(2026, 3, 16, 9, 0)


def test_keep_recent_then_newest_per_day_week_and_month() -> None:
    # One backup every 6 hours for 400 days.
    stamps = [NOW - timedelta(hours=6 * n) for n in range(4 * 400)]
    keep = backups_to_keep(stamps, now=NOW, policy=Rotation(recent=3, daily=7, weekly=5, monthly=12))
    assert set(sorted(stamps)[-3:]) <= keep
    # newest of each of the last 7 days
    for n in range(7):
        day = (NOW - timedelta(days=n)).date()
        assert max(s for s in stamps if s.date() == day) in keep
    # newest of each of the last 12 months
    for year, month in [(2026, 3), (2026, 2), (2026, 1), (2025, 12), (2025, 4)]:
        assert max(s for s in stamps if (s.year, s.month) == (year, month)) in keep
    assert not any((s.year, s.month) == (2025, 3) for s in keep)
    # bounded: recent + days + weeks + months at most
    assert len(keep) <= 3 + 7 + 5 + 12


def test_keep_everything_when_there_are_few_and_the_future() -> None:
    stamps = [NOW, NOW - timedelta(days=40), NOW + timedelta(days=2)]
    assert backups_to_keep(stamps, now=NOW, policy=Rotation(recent=1, daily=1, weekly=1, monthly=2)) == set(
        stamps
    )


def _customer(clock: FixedClock, name: str = "王芳") -> None:
    customers.add_customer({"name": name}, by=None, now=clock.now())


def test_maybe_backup_on_exit_only_when_something_changed(
    db: peewee.SqliteDatabase, clock: FixedClock, data_dir: Path
) -> None:
    assert backup.maybe_backup(now=clock.now(), reason="exit") is None  # a brand-new empty database
    _customer(clock)
    path = backup.maybe_backup(now=clock.now(), reason="exit")
    assert path == backup.series_folder() / "frontdesk-20260316-090000-exit.sqlite3"
    assert path.parent.parent == data_dir / "backups"
    backup.verify_backup(path)
    clock.advance(minutes=1)
    assert backup.maybe_backup(now=clock.now(), reason="exit") is None  # only the backup event since
    _customer(clock, "李四")
    assert backup.maybe_backup(now=clock.now(), reason="exit") is not None


def test_the_chain_head_inside_the_backup_is_in_its_sidecar(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    _customer(clock)
    head = audit.chain_head()
    path = backup.maybe_backup(now=clock.now(), reason="exit")
    assert path is not None
    data = json.loads(backup.sidecar_path(path).read_text())
    assert (data["chain_events"], data["chain_head"]) == (head.events, head.hash)
    assert backup.read_chain_head(path) == (head.events, head.hash)
    assert data["head_after"] == audit.chain_head().hash != head.hash  # the backup event itself
    info = backup.read_backup_info(path)
    assert info is not None and info.reason == "exit" and info.schema >= 1


def test_daily_backup_waits_a_day(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    _customer(clock)
    assert backup.maybe_backup(now=clock.now(), reason="daily") is not None
    clock.advance(hours=5)
    _customer(clock, "李四")
    assert backup.maybe_backup(now=clock.now(), reason="daily") is None  # changed, but not a day yet
    clock.advance(hours=20)
    assert backup.maybe_backup(now=clock.now(), reason="daily") is not None


def test_rotation_removes_old_automatic_backups_only(
    db: peewee.SqliteDatabase, clock: FixedClock, data_dir: Path
) -> None:
    folder = backup.series_folder()
    manual = backup.backup_database(now=clock.now())  # frontdesk-20260316-090000.sqlite3: never rotated
    for day in range(30):
        clock.advance(days=1)
        _customer(clock, f"客户{day}")
        backup.maybe_backup(
            now=clock.now(), reason="daily", policy=Rotation(recent=2, daily=3, weekly=2, monthly=1)
        )
    names = sorted(path.name for path in folder.glob("*.sqlite3"))
    assert manual.name in names
    automatic = backup.automatic_backups(folder)
    assert 3 <= len(automatic) <= 2 + 3 + 2 + 1
    assert automatic[-1][0] == clock.now()
    # every sidecar still has its backup, and none is left without one
    assert {p.name[: -len(".json")] for p in folder.glob("*.json")} == set(names)


def test_backup_folder_setting_and_its_checks(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere"
    settings.set_setting("backup.folder", str(folder), by=None, now=clock.now())
    assert backup.backup_folder() == folder
    _customer(clock)
    path = backup.maybe_backup(now=clock.now(), reason="exit")
    assert path is not None and path.parent.parent == folder
    with pytest.raises(UserError) as caught:
        settings.set_setting("backup.folder", "relative/folder", by=None, now=clock.now())
    assert caught.value.field == "backup.folder"
    settings.set_setting("backup.folder", "", by=None, now=clock.now())
    assert backup.backup_folder() == backup.paths.user_data_dir() / "backups"


def test_same_disk_warning(tmp_path: Path) -> None:
    message = backup.same_disk_warning(tmp_path / "frontdesk.sqlite3", tmp_path / "backups")
    assert message is not None and "same disk as the database" in message
    assert backup.same_disk_warning(tmp_path / "frontdesk.sqlite3", Path("/proc")) is None


def test_a_backup_folder_that_cannot_be_created_is_a_clear_message(
    db: peewee.SqliteDatabase, clock: FixedClock, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.set_setting("backup.folder", str(blocker / "sub"), by=None, now=clock.now())
    _customer(clock)
    with pytest.raises(UserError, match="FrontDesk cannot write the backup to"):
        backup.maybe_backup(now=clock.now(), reason="exit")
