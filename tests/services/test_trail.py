"""The after-image trail: every written row imaged, upgrades start from a baseline, purges erase images,
backups form one series per database, printed heads are checked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.models import anchor, migrations, trail
from desktop.models.base import db as db_proxy
from desktop.models.database import (
    APPLICATION_ID,
    PRAGMAS,
    FrontDeskDatabase,
    close_database,
    open_database,
)
from desktop.models.seal import Sealer
from desktop.services import anchors, audit, backup, customers, retention, settings
from desktop.services.clock import FixedClock

NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield
    close_database()


def _images(table: str, key: str) -> list[str | None]:
    return [
        row[0]
        for row in db_proxy.execute_sql(
            "SELECT image FROM audit_image WHERE table_name = ? AND row_key = ? ORDER BY id", (table, key)
        )
    ]


def test_an_event_carries_the_after_image_of_every_row_its_transaction_wrote(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    row = customers.add_customer({"name": "王芳", "mobile": "13800138000"}, by=None, now=clock.now())
    (image,) = _images("customer", str(row.id))
    data = json.loads(image or "")
    assert (data["name"], data["mobile"], data["version"]) == ("王芳", "13800138000", 1)
    customers.delete_customer(row.id, by=None, now=clock.now())
    assert _images("customer", str(row.id))[-1] == "null"
    assert audit.verify_report().intact


def test_rows_written_after_the_last_event_are_imaged_before_commit(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    """A service that writes after recording its event (or forgets the event) cannot leave a row unproved."""
    with db_proxy.atomic():
        audit.record_event(action="print", record_type="x", record_id=None, by=None, now=clock.now())
        db_proxy.execute_sql(
            "INSERT INTO customer (name, mobile, office_phone, organisation, address, created_at, updated_at, version) "
            "VALUES ('后写的', '', '', '', '', ?, ?, 1)",
            (NOW, NOW),
        )
    (last,) = db_proxy.execute_sql(
        "SELECT record_type, action FROM audit_event ORDER BY id DESC LIMIT 1"
    ).fetchall()
    assert last == (trail.ROWS_RECORD_TYPE, trail.ROWS_ACTION)
    assert audit.verify_report().intact


def _schema_9_database(path: Path) -> None:
    """A file as FrontDesk schema 9 wrote it: a customer and an event without images or seal."""
    database = FrontDeskDatabase(str(path), pragmas=PRAGMAS)
    database.connect()
    for module in migrations.all_migrations():
        if module.VERSION > 9:
            break
        with database.atomic():
            module.migrate(database)
            database.execute_sql(f"PRAGMA user_version = {module.VERSION}")
            database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    database.execute_sql(
        "INSERT INTO customer (id, name, mobile, office_phone, organisation, address, created_at, updated_at, "
        "version) VALUES (1, '老客户', '13900139000', '', '', '', '2025-01-02 10:00:00', '2025-01-02 10:00:00', 1)"
    )
    changes = {"name": [None, "老客户"]}
    payload = trail.event_payload(
        at=datetime(2025, 1, 2, 10), staff_id=None, record_type="customer", record_id=1, action="create",
        changes=changes, summary="",
    )  # fmt: skip
    database.execute_sql(
        "INSERT INTO audit_event (at, staff_id, record_type, record_id, action, changes, summary, prev_hash, hash) "
        "VALUES ('2025-01-02 10:00:00', NULL, 'customer', 1, 'create', ?, '', ?, ?)",
        (trail.canonical_json(changes), "0" * 64, trail.event_hash("0" * 64, payload)),
    )
    database.close()


def test_an_older_database_is_upgraded_with_a_baseline(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _schema_9_database(path)
    open_database(path)
    report = audit.verify_report()
    assert report.intact
    assert report.seals.unsealed_history == 1  # the schema-9 event: chained, not sealed
    assert report.baseline_event == 2 and report.rows_checked >= 2  # the customer and the identity
    assert json.loads(_images("customer", "1")[0] or "")["name"] == "老客户"
    shell = sqlite3.connect(path)  # behind FrontDesk's back
    shell.execute("UPDATE customer SET name = '改过的' WHERE id = 1")
    shell.commit()
    shell.close()
    (mismatch,) = audit.verify_report().mismatches
    assert (mismatch.field, mismatch.stored, mismatch.expected) == ("name", "改过的", "老客户")


def test_a_later_migration_re_images_changed_columns_but_never_an_edit(
    db: peewee.SqliteDatabase, db_path: Path
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=NOW)
    edited = customers.add_customer({"name": "李四"}, by=None, now=NOW)
    shell = sqlite3.connect(db_path)  # out of band: another connection, as the sqlite3 shell
    shell.execute("UPDATE customer SET name = 'Mallory' WHERE id = ?", (edited.id,))
    shell.commit()
    shell.close()
    db_proxy.execute_sql(
        "ALTER TABLE customer ADD COLUMN nickname TEXT NOT NULL DEFAULT ''"
    )  # schema 11, say
    with db_proxy.atomic():
        stale = trail.stale_after_schema_change(db)
        trail.write_baseline(db, at=NOW, summary="schema 11 columns", only=stale)
    assert stale == {"customer": {"1"}}  # the edited row keeps its difference
    mismatches = audit.verify_report().mismatches
    assert {(m.key, m.field) for m in mismatches} == {(str(edited.id), "name"), (str(edited.id), "nickname")}


def test_purging_sheets_erases_their_images_and_the_trail_still_verifies(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock
) -> None:
    from desktop.services import sheets
    from tests.services.sheet_fixtures import make_people, sheet_values

    people = make_people()
    secret = "秘密客户甲"
    sheet = sheets.file_sheet(
        sheet_values(customer_name=secret), by=people.operator, now=datetime(2021, 1, 4, 9)
    )
    db_proxy.execute_sql(
        "UPDATE problem_sheet SET status = 'closed', closed_at = '2021-01-05 09:00:00' WHERE id = ?",
        (sheet.id,),
    )
    with db_proxy.atomic():  # the close above as a service would record it
        audit.record_event(action="update", record_type="problem_sheet", record_id=sheet.id, by=None, now=NOW)
    settings.set_setting("retention.problem_sheet", 3, by=None, now=NOW)
    retention.purge("problem_sheet", [sheet.id], by=None, now=clock.now())
    assert audit.verify_report().intact
    close_database()
    data = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*") if p.is_file())
    assert secret.encode() not in data


def test_each_database_has_its_own_backup_series(tmp_path: Path, clock: FixedClock) -> None:
    """The demo and the office database never share a series: each one's daily backup is made."""
    made = []
    for name in ("demo.sqlite3", "frontdesk.sqlite3"):
        open_database(tmp_path / name)
        customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
        made.append(backup.maybe_backup(now=clock.now(), reason="daily"))
        assert [info.path for info in backup.list_backups()] == [made[-1]]
        close_database()
    assert None not in made and made[0].parent != made[1].parent  # type: ignore[union-attr]
    manifest = json.loads(backup.sidecar_path(made[1]).read_text())  # type: ignore[arg-type]
    assert manifest["database"] == str(tmp_path / "frontdesk.sqlite3")
    assert len(manifest["identity"]) == 32 and manifest["verified"] is True and manifest["seal"]


def test_two_backups_in_one_second_are_both_written(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    first = backup.backup_database(now=clock.now())
    second = backup.backup_database(now=clock.now())
    assert first != second and second.name == "frontdesk-20260316-090000-2.sqlite3"
    assert {info.path for info in backup.list_backups()} == {first, second}


def test_a_damaged_database_finds_its_newest_verified_backup_without_being_opened(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock
) -> None:
    backup.backup_database(now=clock.now())
    clock.advance(hours=1)
    newest = backup.backup_database(now=clock.now())
    close_database()
    found = backup.newest_verified_backup(db_path)
    assert found is not None and found.path == newest
    newest.write_bytes(newest.read_bytes()[:4096])  # cut since it was verified: not offered
    found = backup.newest_verified_backup(db_path)
    assert found is not None and found.path != newest


def test_backup_manifests_are_anchors(db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    backup.backup_database(now=clock.now())
    results = anchors.check(db_path)
    assert {result.status for result in results} == {anchor.MATCHES}
    assert any(result.anchor.where.endswith(".sqlite3") for result in results)  # the backup's manifest
    assert len(results) == 3  # beside the file, in the config folder, in the backup


def test_a_printed_head_is_checked(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    head = audit.chain_head()
    customers.add_customer({"name": "李四"}, by=None, now=clock.now())
    (printed,) = anchors.check(Path(db.database), [head.anchor_text])[-1:]
    assert printed.status == anchor.MATCHES
    (wrong,) = anchors.check(Path(db.database), [f"{head.events}:000000000000"])[-1:]
    assert wrong.status == anchor.DIVERGED
    (ahead,) = anchors.check(Path(db.database), [f"{head.events + 50}:{head.short}"])[-1:]
    assert ahead.status == anchor.AHEAD
    with pytest.raises(Exception, match="is not an audit head from a printout"):
        anchors.parse_printed("twelve:abc")


def test_seals_of_another_computer_are_reported_not_checked(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    report = audit.verify_report(sealer=Sealer())  # a computer without this key
    assert report.intact
    assert (report.seals.checked, report.seals.other_keys) == (0, report.head.events)


def test_a_logo_is_imaged_as_hex_and_a_swapped_logo_is_reported(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock
) -> None:
    from desktop.services import office

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    office.save_office({"name": "阳光花园", "logo": png}, by=None, now=clock.now())
    assert json.loads(_images("office", "1")[-1] or "")["logo"] == {"$blob": png.hex().upper()}
    assert audit.verify_report().intact
    shell = sqlite3.connect(db_path)
    shell.execute("UPDATE office SET logo = ? WHERE id = 1", (png + b"\0",))
    shell.commit()
    shell.close()
    (mismatch,) = audit.verify_report().mismatches
    assert (mismatch.table, mismatch.field) == ("office", "logo")


def test_a_password_hash_is_imaged_by_its_digest_and_a_swap_is_reported(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock
) -> None:
    """The trail sees a changed hash without keeping every hash a person ever had."""
    from argon2 import PasswordHasher

    from desktop.services import accounts, office

    previous = accounts.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    try:
        office.complete_first_run(
            office={"name": "阳光花园"},
            departments=["客户服务部"],
            staff=[{"employee_no": "KF001", "name": "陈静", "role": "administrator", "department": "客户服务部",
                    "password": "admin-pass-001"}],
            now=clock.now(),
        )  # fmt: skip
    finally:
        accounts.set_hasher(previous)
    (stored,) = db_proxy.execute_sql("SELECT password_hash FROM staff").fetchone()
    image = json.loads(_images("staff", "1")[-1] or "")
    assert image["password_hash"] == trail.secret_digest(stored)
    assert stored not in "".join(str(row[0]) for row in db_proxy.execute_sql("SELECT image FROM audit_image"))
    shell = sqlite3.connect(db_path)
    shell.execute("UPDATE staff SET password_hash = 'another hash' WHERE id = 1")
    shell.commit()
    shell.close()
    (mismatch,) = audit.verify_report().mismatches
    assert (mismatch.record, mismatch.field) == ("staff member KF001", "password_hash")
