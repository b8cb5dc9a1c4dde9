"""Printouts carry the audit chain head in their footer, and a print is recorded in the trail."""

from __future__ import annotations

import peewee
import pytest

from desktop import i18n
from desktop.models.database import close_database
from desktop.services import audit, customers, printing
from desktop.services.clock import FixedClock
from tests.pdf.reading import squeeze, text_of


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


def test_a_blank_form_prints_the_chain_head_in_its_footer(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    head = audit.chain_head()
    text = squeeze(" ".join(text_of(printing.print_blank("visitor_register", lang="en"))))
    assert squeeze(f"Audit chain {head.events}:{head.short}") in text


def test_the_footer_is_in_the_printouts_language(db: peewee.SqliteDatabase) -> None:
    head = audit.chain_head()
    assert printing.footer_note("en") == f"Audit chain {head.events}:{head.hash[:12]}"


def test_without_a_database_the_footer_note_is_empty() -> None:
    close_database()
    assert printing.footer_note("en") == ""


def test_record_printed_is_an_audit_event(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    printing.record_printed("问题处理表 20260316-01-001", to="printer", by=None, now=clock.now())
    (event,) = audit.history("printout", None)
    assert (event.action, event.summary, event.at) == (
        "print",
        "问题处理表 20260316-01-001 -> printer",
        clock.now(),
    )
    assert audit.verify_chain() == []
