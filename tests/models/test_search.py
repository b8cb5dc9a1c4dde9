"""Substring search: what the desk types is matched literally, in any case for Latin letters."""

from __future__ import annotations

import peewee
import pytest

from desktop.models.search import contains, every_word_somewhere, like_pattern

_db = peewee.SqliteDatabase(":memory:")


class Note(peewee.Model):
    name = peewee.TextField()
    phone = peewee.TextField(default="")

    class Meta:
        database = _db


@pytest.fixture(autouse=True)
def notes() -> None:
    _db.bind([Note])
    _db.connect(reuse_if_open=True)
    _db.drop_tables([Note])
    _db.create_tables([Note])
    for name, phone in [
        ("张伟", "13800001111"),
        ("王伟明", "13900002222"),
        ("Printer jam", "50%_off"),
        ("a\\b", ""),
    ]:
        Note.create(name=name, phone=phone)


def names(*conditions: peewee.Node) -> list[str]:
    return sorted(note.name for note in Note.select().where(*conditions)) if conditions else []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("伟", ["张伟", "王伟明"]), ("张伟", ["张伟"]), ("printer", ["Printer jam"]), ("\\", ["a\\b"])],
)
def test_a_fragment_is_found_anywhere_in_any_case(text: str, expected: list[str]) -> None:
    assert names(contains(Note.name, text)) == expected


def test_wildcards_typed_by_the_desk_are_literal() -> None:
    assert like_pattern("50%_") == "%50\\%\\_%"
    assert names(contains(Note.phone, "%")) == ["Printer jam"]
    assert names(contains(Note.name, "_")) == []


def test_every_word_must_appear_in_one_of_the_columns() -> None:
    columns = (Note.name, Note.phone)
    assert names(*every_word_somewhere(columns, "伟 139")) == ["王伟明"]
    assert names(*every_word_somewhere(columns, "伟 0000")) == ["张伟", "王伟明"]
    assert every_word_somewhere(columns, "   ") == []
