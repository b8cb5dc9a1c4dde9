"""A database where every replayed table has rows written through the services, built once per test session.

The hostile tests (out-of-band edits, truncations, damaged files) start from copies of it. It is the demo data
plus the few kinds the demo leaves empty (a setting, a key count and a lost-key report, a signed copy and an
amendment), all through the services, so every row has its trail.
Copies are opened under each test's own config folder: :func:`use_base_key` copies the seal key there, so the
copied trail's seals are checkable as on the desk that wrote them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from desktop import paths
from desktop.models import seal
from desktop.models.base import db
from desktop.models.database import close_database, open_database

NOW = datetime(2026, 3, 16, 9, 0)


@dataclass(frozen=True)
class Base:
    """The built database (closed, checkpointed) and the seal key it was written with."""

    path: Path
    key_file: Path


_BASE: Base | None = None


def _fill_every_table() -> None:
    from desktop.services import amendments, demo, key_counts, settings

    demo.fill_demo(now=NOW)
    settings.set_setting("retention.problem_sheet", 5, by=None, now=NOW)
    (key_id,) = db.execute_sql(
        "SELECT id FROM key_set WHERE category != 'owner' AND status = 'in' ORDER BY id LIMIT 1"
    ).fetchone()
    key_counts.record_count({key_id: 1}, by=None, now=NOW)
    key_counts.report_lost(
        key_id,
        quantity=1,
        reported_by="王芳",
        circumstances="巡查时丢失",
        reported_to="刘洋",
        by=None,
        now=NOW,
    )
    (sheet_id,) = db.execute_sql(
        "SELECT id FROM problem_sheet WHERE status = 'closed' ORDER BY id LIMIT 1"
    ).fetchone()
    amendments.mark_signed_copy_received("problem_sheet", sheet_id, by=None, now=NOW)
    amendments.amend(
        "problem_sheet", sheet_id, {"result": "更换读卡器后恢复"}, reason="补记", by=None, now=NOW
    )


def trail_base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    """The base database, built on first use in this process."""
    global _BASE
    if _BASE is None:
        folder = tmp_path_factory.mktemp("trail-base")
        path = folder / "base.sqlite3"
        open_database(path)
        try:
            _fill_every_table()
        finally:
            close_database()
        key_file = folder / seal.KEY_FILE_NAME
        shutil.copy2(seal.key_file(), key_file)
        _BASE = Base(path, key_file)
    return _BASE


def use_base_key(base: Base) -> None:
    """Put the base's seal key in this test's config folder (as on the desk that wrote the trail)."""
    target = seal.key_file(paths.user_config_dir())
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(base.key_file, target)


def copy_of(base: Base, target: Path, *, with_anchor: bool = False) -> Path:
    """A copy of the base file at ``target`` (and its anchor beside it when asked)."""
    shutil.copy2(base.path, target)
    if with_anchor:
        shutil.copy2(Path(f"{base.path}.anchor"), Path(f"{target}.anchor"))
    return target
