"""Schema 2: the number_counter table, one row per scheme and period."""

from __future__ import annotations

import peewee
import pytest

from desktop.models.counter import NumberCounter


def test_counter_table_has_a_composite_key_and_positive_serials(db: peewee.SqliteDatabase) -> None:
    NumberCounter.insert(scheme="problem_sheet", period="2026-03-16|07", last=1).execute()
    NumberCounter.insert(scheme="problem_sheet", period="2026-03-17|07", last=1).execute()
    NumberCounter.insert(scheme="complaint", period="2026-03-16|07", last=1).execute()
    with pytest.raises(peewee.IntegrityError), db.atomic():
        NumberCounter.insert(scheme="problem_sheet", period="2026-03-16|07", last=2).execute()
    with pytest.raises(peewee.IntegrityError), db.atomic():
        NumberCounter.insert(scheme="callback", period="2026-03", last=0).execute()
    assert NumberCounter.select().count() == 3
