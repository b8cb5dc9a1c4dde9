"""Schema 9: a narrow search table for problem sheets, kept in step with the sheets by triggers.

The sheet list searches substrings (``LIKE '%王芳%'``) in seven columns so that a 2-character Chinese name is
found; no index serves a leading wildcard, and a trigram index (FTS5) needs 3 characters. Scanning seven LIKEs
over the wide ``problem_sheet`` rows took 200-570 ms with 200,000 sheets (``benchmarks/bench_sheets.py``); the
same scan over one row of text per sheet, here, takes a fifth of that. The text is the searched columns joined
by a line break (a search word never holds one, so no word matches across two columns). Triggers keep it up to
date whoever writes a sheet (services, import, demo ``insert_many``). Literal SQL, SQLite only: a shared
PostgreSQL database would use a ``pg_trgm`` index instead.
"""

from __future__ import annotations

import peewee

VERSION = 9

_TEXT = (
    "{row}.number || char(10) || {row}.customer_name || char(10) || {row}.contact_person || char(10) || "
    "{row}.mobile || char(10) || {row}.office_phone || char(10) || {row}.site || char(10) || {row}.description"
)

_STATEMENTS = (
    """
    CREATE TABLE problem_sheet_search (
        sheet_id INTEGER NOT NULL PRIMARY KEY REFERENCES problem_sheet (id) ON DELETE CASCADE,
        text TEXT NOT NULL
    )
    """,
    "INSERT INTO problem_sheet_search (sheet_id, text) SELECT id, {problem_sheet} FROM problem_sheet",
    """
    CREATE TRIGGER problem_sheet_search_insert AFTER INSERT ON problem_sheet BEGIN
        INSERT INTO problem_sheet_search (sheet_id, text) VALUES (new.id, {new});
    END
    """,
    """
    CREATE TRIGGER problem_sheet_search_update
    AFTER UPDATE OF number, customer_name, contact_person, mobile, office_phone, site, description ON problem_sheet
    BEGIN
        UPDATE problem_sheet_search SET text = {new} WHERE sheet_id = new.id;
    END
    """,
    """
    CREATE TRIGGER problem_sheet_search_delete AFTER DELETE ON problem_sheet BEGIN
        DELETE FROM problem_sheet_search WHERE sheet_id = old.id;
    END
    """,
)


def migrate(database: peewee.Database) -> None:
    """Create the search table, fill it from the sheets there are, and the triggers that keep it current."""
    text = {name: _TEXT.format(row=name) for name in ("problem_sheet", "new")}
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**text))
