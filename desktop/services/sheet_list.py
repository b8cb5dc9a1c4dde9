"""The problem-sheet list: filters, sort and search in SQL, the duplicate-phone warning and the due items.

Issue 4 asks for a list over years of sheets (200,000 in the benchmark) that opens, filters and searches at
interactive speed. So the queries select only the shown columns as tuples, filter and sort in SQL over the
indexes of schema 3 (each filter column paired with ``received_at``), and page with LIMIT/OFFSET. The
handler's and department's names are the ones written on the sheet at hand-over, so no join is needed.

Search is a substring match (``LIKE '%…%'``) so that a 2-character Chinese name (王芳) is found: word-based
full-text search does not split Chinese into words, and a trigram index needs 3 characters. ``%`` and ``_``
typed by the desk are matched literally. No index helps a leading-wildcard LIKE, so the scan runs over the
narrow ``problem_sheet_search`` table (one line of text per sheet, schema 9) rather than seven columns of the
wide sheet rows; ``benchmarks/bench_sheets.py`` measures what it costs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import peewee

from desktop.i18n import _
from desktop.models.search import contains
from desktop.models.ticket import ProblemSheet, ProblemSheetSearch
from desktop.rules import deadlines
from desktop.rules.sheet_workflow import CLOSED, HANDED_OVER, OPEN_STATUSES, PLANNED, RECEIVED
from desktop.services.customers import normalise_mobile
from desktop.services.due import DueItem, register_due_source
from desktop.services.sheet_rows import SORT_KEYS, SheetListRow, SheetQuery, current_due

#: Columns the text search looks in (issue 4: number, customer, contact, phones, site, description); schema 9's
#: triggers join them into ``problem_sheet_search.text``, which is what the search scans.
SEARCH_COLUMNS = (
    ProblemSheet.number,
    ProblemSheet.customer_name,
    ProblemSheet.contact_person,
    ProblemSheet.mobile,
    ProblemSheet.office_phone,
    ProblemSheet.site,
    ProblemSheet.description,
)
_IN_HAND = (HANDED_OVER, PLANNED)

#: The deadline a sheet waits for now, as SQL (see sheet_rows.current_due).
DUE_SQL = peewee.Case(
    None,
    (
        (ProblemSheet.status == RECEIVED, ProblemSheet.handover_due),
        (ProblemSheet.status.in_(_IN_HAND), ProblemSheet.result_due),
    ),
    None,
)

_SORT_COLUMNS = {
    "number": ProblemSheet.number,
    "received_at": ProblemSheet.received_at,
    "category": ProblemSheet.category,
    "customer_name": ProblemSheet.customer_name,
    "mobile": ProblemSheet.mobile,
    "handler": ProblemSheet.handed_to_person,
    "department": ProblemSheet.handed_to_department,
    "status": ProblemSheet.status,
    "due": DUE_SQL,
}

_LIST_COLUMNS = (
    ProblemSheet.id,
    ProblemSheet.number,
    ProblemSheet.received_at,
    ProblemSheet.category,
    ProblemSheet.customer_name,
    ProblemSheet.mobile,
    ProblemSheet.handed_to_person,
    ProblemSheet.handed_to_department,
    ProblemSheet.status,
    ProblemSheet.handover_due,
    ProblemSheet.result_due,
)


def text_match(column: peewee.Node, word: str) -> peewee.Node:
    """``column`` contains ``word``: Latin letters in any case, everything else (Chinese, digits, %, _) exactly.

    A word without Latin letters uses ``instr()``: the same result as LIKE (whose case folding only touches
    ASCII letters), with nothing to escape, and about 1.5x faster on Chinese text, where LIKE decodes every
    character of every row.
    """
    if any(char.isascii() and char.isalpha() for char in word):
        return contains(column, word)
    return peewee.fn.instr(column, word) > 0


def overdue_condition(now: datetime) -> peewee.Node:
    """Sheets whose current deadline has passed at ``now``: not handed over in time, or result late."""
    return ((ProblemSheet.status == RECEIVED) & (ProblemSheet.handover_due < now)) | (
        ProblemSheet.status.in_(_IN_HAND) & (ProblemSheet.result_due < now)
    )


def _conditions(query: SheetQuery, now: datetime, *, counting: bool = False) -> list[peewee.Node]:
    conditions: list[peewee.Node] = []
    if query.statuses:
        conditions.append(ProblemSheet.status.in_(list(query.statuses)))
    if query.category:
        conditions.append(ProblemSheet.category == query.category)
    if query.handler_id is not None:
        conditions.append(ProblemSheet.handed_to_staff == query.handler_id)
    if query.department_id is not None:
        conditions.append(ProblemSheet.department == query.department_id)
    if query.overdue_only:
        conditions.append(overdue_condition(now))
    if query.date_from is not None:
        conditions.append(ProblemSheet.received_at >= datetime.combine(query.date_from, datetime.min.time()))
    if query.date_to is not None:
        end = datetime.combine(query.date_to + timedelta(days=1), datetime.min.time())
        conditions.append(ProblemSheet.received_at < end)
    words = (query.text or "").split()
    if words:
        conditions.append(_text_condition(words, counting=counting))
    return conditions


#: Up to this many matches, the list reads the matching sheets by id and sorts them; beyond, it walks its
#: sort order, tests each sheet's text and stops after a page. (Measured with 200,000 sheets: a 2-character name matching 41 sheets,
#: a common word matching 6,600.)
FEW_MATCHES = 2000


def _text_condition(words: list[str], *, counting: bool) -> peewee.Node:
    """Sheets whose searched text (schema 9's narrow table, kept by triggers) contains every word."""
    conditions = [text_match(ProblemSheetSearch.text, word) for word in words]
    matching = ProblemSheetSearch.select(ProblemSheetSearch.sheet_id).where(*conditions)
    # One scan of the narrow table finds the matches. A rare name or number matches a few sheets: read those
    # by id and sort them.
    ids = [sheet_id for (sheet_id,) in matching.limit(FEW_MATCHES + 1).tuples()]
    if len(ids) <= FEW_MATCHES:
        return ProblemSheet.id.in_(ids)
    if counting:
        return ProblemSheet.id.in_(matching)
    # A common word matches thousands: walk the list's own order and test each sheet's text, so the page is
    # full after a few hundred rows.
    return peewee.fn.EXISTS(
        ProblemSheetSearch.select(peewee.SQL("1")).where(
            (ProblemSheetSearch.sheet_id == ProblemSheet.id), *conditions
        )
    )


def _where(select: peewee.ModelSelect, conditions: list[peewee.Node]) -> peewee.ModelSelect:
    return select.where(*conditions) if conditions else select


def _list_row(row: tuple, now: datetime) -> SheetListRow:
    sheet_id, number, received_at, category, customer, mobile, handler, department, status, h_due, r_due = row
    due = current_due(status, h_due, r_due)
    return SheetListRow(
        id=sheet_id,
        number=number,
        received_at=received_at,
        category=category,
        customer_name=customer,
        mobile=mobile,
        handler_name=handler,
        department_name=department,
        status=status,
        due_at=due,
        overdue=due is not None and now > due,
    )


def list_select(query: SheetQuery, *, now: datetime, offset: int = 0, limit: int = 200) -> peewee.ModelSelect:
    """The SELECT behind :func:`list_sheets` (tuples of the shown columns), e.g. for the benchmark's bare SQL.

    Raises:
        ValueError: an unknown ``sort_key`` (a bug in the caller).
    """
    if query.sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {query.sort_key!r}; use one of {SORT_KEYS}")
    column = _SORT_COLUMNS[query.sort_key]
    order = (
        [column.desc(), ProblemSheet.id.desc()] if query.descending else [column.asc(), ProblemSheet.id.asc()]
    )
    select = _where(ProblemSheet.select(*_LIST_COLUMNS), _conditions(query, now))
    return select.order_by(*order).offset(offset).limit(limit).tuples()


def list_sheets(query: SheetQuery, *, now: datetime, offset: int = 0, limit: int = 200) -> list[SheetListRow]:
    """One page of the sheet list, filtered and sorted in SQL.

    Raises:
        ValueError: an unknown ``sort_key`` (a bug in the caller).
    """
    return [_list_row(row, now) for row in list_select(query, now=now, offset=offset, limit=limit)]


def count_sheets(query: SheetQuery, *, now: datetime) -> int:
    """How many sheets :func:`list_sheets` would list without paging."""
    select = _where(
        ProblemSheet.select(peewee.fn.COUNT(ProblemSheet.id)), _conditions(query, now, counting=True)
    )
    return int(select.scalar() or 0)


def open_sheets_for_phone(
    phone: str, *, exclude_id: int | None = None, now: datetime | None = None
) -> list[SheetListRow]:
    """Sheets not yet closed whose mobile or office phone is ``phone``: the "already has an open sheet" warning.

    ``phone`` may be typed with blanks or dashes. Newest first; ``exclude_id`` leaves out the sheet being edited.
    Rows are marked overdue against ``now`` when it is given (the warning itself does not depend on time).
    """
    typed = " ".join((phone or "").split())
    digits = normalise_mobile(typed)
    if not digits:
        return []
    condition = (ProblemSheet.mobile == digits) | ProblemSheet.office_phone.in_(sorted({typed, digits}))
    select = ProblemSheet.select(*_LIST_COLUMNS).where(condition & (ProblemSheet.status != CLOSED))
    if exclude_id is not None:
        select = select.where(ProblemSheet.id != exclude_id)
    rows = select.order_by(ProblemSheet.received_at.desc(), ProblemSheet.id.desc()).tuples()
    return [_list_row(row, now or datetime.min) for row in rows]


#: DueItem kinds of problem sheets.
DUE_HANDOVER = "sheet_handover"
DUE_RESULT = "sheet_result"


def due_items(*, now: datetime) -> list[DueItem]:
    """The deadlines of open sheets: hand-over of received ones, result of those with a handler.

    Late results carry the seed's chase reminder (000:96: chase the handler, tell the customer it is in hand);
    late hand-overs the hand-over reminder. Overdue first, then by due moment.
    """
    select = ProblemSheet.select(
        ProblemSheet.id,
        ProblemSheet.number,
        ProblemSheet.customer_name,
        ProblemSheet.description,
        ProblemSheet.status,
        ProblemSheet.handover_due,
        ProblemSheet.result_due,
        ProblemSheet.handed_to_person,
        ProblemSheet.handed_to_department,
    ).where(ProblemSheet.status.in_(sorted(OPEN_STATUSES)))
    items: list[DueItem] = []
    for sheet_id, number, customer, description, status, h_due, r_due, person, department in select.tuples():
        due = current_due(status, h_due, r_due)
        if due is None:
            continue
        overdue = deadlines.is_overdue(due, now)
        if status == RECEIVED:
            kind, reminder, assignee = DUE_HANDOVER, deadlines.handover_reminder(due=due, now=now), ""
        else:
            kind, reminder = DUE_RESULT, deadlines.chase_reminder(due=due, now=now)
            assignee = person or department
        summary = " ".join(description.split())
        items.append(
            DueItem(
                kind=kind,
                record_id=sheet_id,
                number=number,
                title=_("{customer}: {problem}").format(customer=customer, problem=summary[:40]),
                due_at=due,
                overdue=overdue,
                assignee=assignee,
                record_type="problem_sheet",
                reminder=reminder,
            )
        )
    items.sort(key=lambda item: (not item.overdue, item.due_at, item.number))
    return items


register_due_source(due_items, name="problem_sheet")
