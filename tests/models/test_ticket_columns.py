"""Each record model has a column for every key of its form definition (style guide 12)."""

from __future__ import annotations

import peewee
import pytest

from desktop.formspec.loader import load_form
from desktop.models.inquiry import Inquiry
from desktop.models.intake import IntakeEntry
from desktop.models.ticket import ProblemSheet


def columns(model: type[peewee.Model]) -> set[str]:
    return {field.name for field in model._meta.sorted_fields}


def test_problem_sheet_has_a_column_for_every_form_key() -> None:
    form = load_form("problem_sheet")
    keys = {field.key for field in form.fields if field.type != "signature"}
    assert keys - columns(ProblemSheet) == set()
    # and the workflow columns the list and the deadlines need
    assert {
        "received_by",
        "operator_no",
        "handed_to_staff",
        "department",
        "handover_due",
        "result_due",
        "reopen_count",
        "closed_at",
        "customer",
        "version",
    } <= columns(ProblemSheet)


@pytest.mark.parametrize(
    ("slug", "renamed"),
    [
        ("intake_register", {"ticket_number": "sheet"}),
        (
            "inquiry_record",
            {
                "called_at": "contacted_at",
                "phone": "contact",
                "description": "request",
                "solution": "answer",
                "resolved": "unfinished",
                "ticket_number": "sheet",
            },
        ),
        ("communication_record", {"customer": "customer_name", "result": "answer"}),
    ],
)
def test_inquiry_and_intake_models_hold_every_key_of_their_forms(slug: str, renamed: dict[str, str]) -> None:
    model = IntakeEntry if slug == "intake_register" else Inquiry
    keys = {
        renamed.get(field.key, field.key) for field in load_form(slug).fields if field.type != "signature"
    }
    assert keys - columns(model) == set()


def test_migration_builds_the_model_columns(db: peewee.SqliteDatabase) -> None:
    for model in (ProblemSheet, Inquiry, IntakeEntry):
        table = {column.name for column in db.get_columns(model._meta.table_name)}
        assert table == {field.column_name for field in model._meta.sorted_fields}, model.__name__
    indexes = {index.name for index in db.get_indexes("problem_sheet")}
    assert {"problem_sheet_number", "problem_sheet_status", "problem_sheet_mobile"} <= indexes
    unique = {index.name for index in db.get_indexes("problem_sheet") if index.unique}
    assert "problem_sheet_number" in unique


def test_search_table_is_filled_by_the_migration_for_existing_sheets(db: peewee.SqliteDatabase) -> None:
    from desktop.models.migrations import m0009_sheet_search
    from desktop.models.ticket import ProblemSheetSearch

    db.execute_sql("DROP TRIGGER problem_sheet_search_insert")
    db.execute_sql("DROP TRIGGER problem_sheet_search_update")
    db.execute_sql("DROP TRIGGER problem_sheet_search_delete")
    db.execute_sql("DROP TABLE problem_sheet_search")
    stamp = "2026-03-16 09:00:00"
    db.execute_sql(
        "INSERT INTO problem_sheet (number, category, customer_name, mobile, description, received_at, "
        "handover_due, created_at, updated_at) VALUES ('N-1', 'other', '李娜', '139', '门禁', ?, ?, ?, ?)",
        (stamp, stamp, stamp, stamp),
    )
    with db.atomic():
        m0009_sheet_search.migrate(db)
    assert ProblemSheetSearch.get().text == "N-1\n李娜\n\n139\n\n\n门禁"
