"""Schema 4: the callback tables match their models, and the callback model holds every F04 field."""

from __future__ import annotations

import peewee
import pytest

from desktop.formspec.loader import load_form
from desktop.models.callback import Callback, CallbackAccount, CallbackAttempt, CallbackMember


@pytest.mark.parametrize("model", [Callback, CallbackAccount, CallbackAttempt, CallbackMember])
def test_model_columns_match_the_migrated_table(db: peewee.SqliteDatabase, model: type[peewee.Model]) -> None:
    table = model._meta.table_name
    in_table = {row[1] for row in db.execute_sql(f"PRAGMA table_info({table})").fetchall()}
    assert set(model._meta.columns) == in_table


def test_every_form_field_except_signatures_is_a_column() -> None:
    form = load_form("callback_record")
    keys = {field.key for field in form.fields if field.type != "signature"}
    assert keys <= set(Callback._meta.fields)
