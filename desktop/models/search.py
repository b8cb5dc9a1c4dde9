"""Substring search in SQL, shared by every list that has a search box.

The desk types a fragment — two characters of a Chinese name, part of a phone number, "50%" — and expects to
find it literally, so ``%``, ``_`` and ``\\`` typed by the desk are escaped before they reach ``LIKE``. SQLite's
LIKE folds case for ASCII letters only, which is what an English search wants and leaves Chinese untouched.
No index can serve ``LIKE '%…%'``; the lists keep it fast by filtering on indexed columns first.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee


def like_pattern(text: str) -> str:
    r"""``%text%`` for ``LIKE … ESCAPE '\'``, with ``\``, ``%`` and ``_`` in ``text`` matched literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: peewee.Node, text: str) -> peewee.Node:
    r"""``column LIKE '%text%' ESCAPE '\'``: a literal substring test, any case for Latin letters."""
    return peewee.NodeList((column, peewee.SQL("LIKE"), like_pattern(text), peewee.SQL("ESCAPE '\\'")))


def any_column_contains(columns: Sequence[peewee.Node], word: str) -> peewee.Node:
    """At least one of ``columns`` contains ``word``."""
    match = contains(columns[0], word)
    for column in columns[1:]:
        match = match | contains(column, word)
    return match


def every_word_somewhere(columns: Sequence[peewee.Node], text: str) -> list[peewee.Node]:
    """One condition per word of ``text``: each word must appear in one of ``columns`` (AND of ORs)."""
    return [any_column_contains(columns, word) for word in text.split()]
