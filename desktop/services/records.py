"""The record-kind registry: which forms FrontDesk keeps records for, and how to reach them generically.

Each form that gets a table (problem sheets, callbacks, key loans …) provides a :class:`RecordStore` in its own
service module and registers it with :func:`register_store` at import time; the first lookup imports every
``desktop.services`` module once (:func:`discover_stores`), so no central list needs editing. Generic features — CSV/XLSX
export and import (``import_export.py``), later search and printing a list — work on any registered kind in
the definition's own vocabulary: a record is a ``dict`` of form field key → value, values as
:mod:`desktop.formspec.types` holds them (``date``, ``Decimal``, option keys …). A form with no store can still
be printed blank.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol, runtime_checkable

from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _


@runtime_checkable
class RecordStore(Protocol):
    """How generic services read and bulk-write one record kind.

    Attributes:
        slug: the form definition the records follow (``forms/<slug>.toml``).
    """

    slug: str

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every record (or those created or changed at or after ``since``), oldest first.

        Each record is a dict with every form key except signature fields; an empty value is ``None``
        (``[]`` for checkboxes).
        """
        ...

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The record with this record number, in the same form as :meth:`list_values`; None when absent."""
        ...

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Create one record per row, all in ONE transaction with its audit events; returns the count.

        Rows are already parsed and validated against the definition (keys are a subset of the form's keys).
        A row's ``number``, when present, is kept if free; the store decides how to number rows without one.
        Anything the store refuses (a number already taken …) raises :class:`UserError` and rolls back the
        whole import.
        """
        ...


@runtime_checkable
class PeriodRegister(Protocol):
    """A register that prints for a period: the store gives the lines its printed register shows.

    The app's "Print register" and ``frontdesk print SLUG --month …`` both take their lines from here (or from the
    function this calls), so the command line prints what the desk would print.
    """

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The lines of the days ``start`` … ``end`` (both included), in the order the paper register runs.

        ``lang`` is the printout's language, for the few lines a register words itself (a total line).

        Raises:
            UserError: the register cannot be printed for that period (a table counted by whole months).
        """
        ...


@runtime_checkable
class WordedRecords(Protocol):
    """A store some of whose values are sentences FrontDesk words itself (a hand-over's key list).

    Printing asks for them in the printout's language rather than the screens' (:func:`printed_values`).
    """

    def printed_values(self, number: str, *, lang: str) -> dict[str, Any] | None:
        """:meth:`RecordStore.get_values` with the worded values in ``lang``."""
        ...


def printed_values(store: RecordStore, number: str, *, lang: str) -> dict[str, Any] | None:
    """The values of record ``number`` as a printout in ``lang`` shows them."""
    if isinstance(store, WordedRecords):
        return store.printed_values(number, lang=lang)
    return store.get_values(number)


_STORES: dict[str, RecordStore] = {}


@cache
def discover_stores() -> None:
    """Import every ``desktop.services`` module once, so that each record kind registers its store."""
    import desktop.services as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")


def register_store(store: RecordStore) -> None:
    """Make ``store`` the record kind of form ``store.slug`` (replacing an earlier registration)."""
    _STORES[store.slug] = store


def unregister_store(slug: str) -> None:
    """Forget the store of ``slug`` (tests; nothing happens when none is registered)."""
    _STORES.pop(slug, None)


def has_store(slug: str) -> bool:
    """Whether FrontDesk keeps records for form ``slug``."""
    discover_stores()
    return slug in _STORES


def keeps_records(slug: str) -> bool:
    """Whether form ``slug`` keeps records of its own, each printable by its number.

    A store marked ``computed`` (the complaint-rate table, counted from the complaint register) exports and
    prints for a period but has no records to look up.
    """
    return has_store(slug) and not getattr(_STORES[slug], "computed", False)


def registered_slugs() -> list[str]:
    """Slugs of the forms that have records, sorted."""
    discover_stores()
    return sorted(_STORES)


def get_store(slug: str) -> RecordStore:
    """The record store of form ``slug``.

    Raises:
        UnknownFormError: there is no such form.
        UserError: the form exists but has no records yet (it can only be printed blank).
    """
    discover_stores()
    store = _STORES.get(slug)
    if store is not None:
        return store
    load_form(slug)  # an unknown slug gets "there is no form called …" rather than a misleading message
    raise UserError(
        _("Form {slug} has no records in FrontDesk yet; it can only be printed blank.").format(slug=slug)
    )
