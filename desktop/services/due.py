"""Due items: deadlines of open records that the Today board lists, from every record kind that has them.

Each record kind with deadlines (problem sheets now; callbacks, complaints, key loans later) registers a *due
source* with :func:`register_due_source` at import of its service module; :func:`collect_due` asks every
source and merges the items by due moment. The board needs no list of record kinds, and a new kind plugs in
by one registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from desktop.rules.deadlines import Reminder


@dataclass(frozen=True)
class DueItem:
    """One deadline of one open record.

    Attributes:
        kind: what is due, e.g. ``"sheet_handover"`` (hand the problem sheet over) or ``"sheet_result"`` (the
            handler's result is due back at the desk).
        record_id: the record's id in its own table.
        number: the record number as printed.
        title: a short text for the list (customer and problem), untranslated user data.
        due_at: the due moment (office wall-clock time).
        overdue: whether ``due_at`` has passed at the ``now`` the item was computed for.
        assignee: who has to act: the handler's or department's name, ``""`` when nobody is assigned yet.
        record_type: the form slug of the record (``"problem_sheet"``), so the board can open it.
        reminder: what the desk should do now that it is late (:mod:`desktop.rules.deadlines`), or None.
    """

    kind: str
    record_id: int
    number: str
    title: str
    due_at: datetime
    overdue: bool
    assignee: str
    record_type: str = ""
    reminder: Reminder | None = None


#: A due source is called with ``now=`` and returns the due items of its record kind.
DueSource = Callable[..., Iterable[DueItem]]

_SOURCES: dict[str, DueSource] = {}
#: record_type → key of the navigation page that lists that kind (for the counts beside the page titles).
_PAGES: dict[str, str] = {}


def register_due_source(func: DueSource, *, name: str | None = None) -> DueSource:
    """Add ``func`` to the sources :func:`collect_due` asks (replacing one registered under the same name).

    Usable as a decorator. ``func(now=...)`` returns the due items of one record kind.
    """
    _SOURCES[name or f"{func.__module__}.{func.__qualname__}"] = func
    return func


def unregister_due_source(name: str) -> None:
    """Forget the source registered as ``name`` (tests)."""
    _SOURCES.pop(name, None)


def register_record_page(record_type: str, page_key: str) -> None:
    """Say which navigation page lists records of ``record_type``, so its due count shows beside that page."""
    _PAGES[record_type] = page_key


_KIND_LABELS: dict[str, str] = {}


def register_kind_label(kind: str, label: str) -> None:
    """Say what the desk does about items of ``kind`` (an ``N_``-marked English text, e.g. "Call back")."""
    _KIND_LABELS[kind] = label


def kind_label(kind: str) -> str:
    """The untranslated label of ``kind`` (translate with ``_()`` where shown), or ``""`` when none."""
    return _KIND_LABELS.get(kind, "")


def page_for(record_type: str) -> str:
    """The navigation page key of ``record_type``, or ``""`` when none was registered."""
    return _PAGES.get(record_type, "")


def collect_due(*, now: datetime) -> list[DueItem]:
    """Every due item of every registered source, overdue first, then by due moment."""
    from desktop.services.records import discover_stores

    discover_stores()  # imports every service module, so each has registered its source
    items = [item for source in _SOURCES.values() for item in source(now=now)]
    items.sort(key=lambda item: (not item.overdue, item.due_at, item.number))
    return items
