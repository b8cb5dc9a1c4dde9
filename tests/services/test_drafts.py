"""Drafts: kept on disk until saved or discarded, offered back after a crash, typed values intact."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.services import drafts


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


def test_a_draft_round_trips_every_value_type(data_dir) -> None:
    values = {
        "customer_name": "李四 \ud800 <b>&",
        "received_at": datetime(2026, 3, 16, 9, 5),
        "intake_date": date(2026, 3, 16),
        "at": time(8, 30),
        "amount": Decimal("12.50"),
        "checks": ["a", "b"],
        "urgent": True,
        "count": 3,
        "empty": None,
    }
    saved = drafts.save_draft("problem_sheet", None, values, db_path="/x/frontdesk.sqlite3")
    loaded = drafts.load_draft(saved.id)
    assert loaded is not None
    assert loaded.values == values
    assert loaded.form_slug == "problem_sheet"
    assert loaded.record_id is None
    assert (data_dir / "drafts" / f"{saved.id}.json").is_file()


def test_saving_again_under_the_same_id_replaces_the_draft() -> None:
    first = drafts.save_draft("key_loan", None, {"name": "a"})
    drafts.save_draft("key_loan", None, {"name": "ab"}, draft_id=first.id)
    assert [draft.values for draft in drafts.pending_drafts(include_live=True)] == [{"name": "ab"}]


def test_an_edited_record_has_one_draft_per_record() -> None:
    drafts.save_draft("customer", 7, {"name": "a"})
    drafts.save_draft("customer", 7, {"name": "b"})
    pending = drafts.pending_drafts()
    assert [(draft.record_id, draft.values) for draft in pending] == [(7, {"name": "b"})]


def test_discard_forgets_a_draft() -> None:
    draft = drafts.save_draft("customer", None, {"name": "a"})
    drafts.discard_draft(draft.id)
    drafts.discard_draft(draft.id)  # twice is harmless
    assert drafts.pending_drafts() == []


def test_drafts_of_another_database_are_not_offered(tmp_path) -> None:
    drafts.save_draft("customer", None, {"name": "a"}, db_path=tmp_path / "a.sqlite3")
    drafts.save_draft("customer", None, {"name": "b"}, db_path=tmp_path / "b.sqlite3")
    assert [d.values["name"] for d in drafts.pending_drafts(db_path=tmp_path / "b.sqlite3")] == ["b"]


def test_a_draft_written_by_a_process_that_was_killed_is_offered_back(tmp_path, data_dir) -> None:
    # A child process (with the same user folders) writes a draft and is killed before saving.
    script = (
        "import os, sys, time\n"
        "from desktop.services import drafts\n"
        "drafts.save_draft('problem_sheet', None, {'description': '漏水 leak'}, db_path=sys.argv[1])\n"
        "print('saved', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "db.sqlite3")],
        stdout=subprocess.PIPE,
        env=dict(os.environ),
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "saved"
    # While it runs, its draft belongs to another open window.
    assert drafts.pending_drafts(db_path=tmp_path / "db.sqlite3") == []
    child.kill()
    child.wait()
    child.stdout.close()
    pending = drafts.pending_drafts(db_path=tmp_path / "db.sqlite3")
    assert [draft.values for draft in pending] == [{"description": "漏水 leak"}]


def test_a_broken_draft_file_is_skipped() -> None:
    drafts.drafts_dir().mkdir(parents=True)
    (drafts.drafts_dir() / "broken.json").write_text("{not json")
    assert drafts.pending_drafts() == []


def test_a_draft_that_cannot_be_written_is_a_clear_message(monkeypatch) -> None:
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts.os, "replace", full)
    with pytest.raises(UserError, match="could not keep a draft of this form \\(No space left on device\\)"):
        drafts.save_draft("customer", None, {"name": "a"})
    assert list(drafts.drafts_dir().iterdir()) == []
