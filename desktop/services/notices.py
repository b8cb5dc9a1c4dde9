"""Notices (P31 通知发放): posted notices with their expiry, and emergency notices given by phone.

seed 001:1832-1842: a notice carries the branch's name and the date, is approved, kept on record, and taken down
when it expires; a notice given by phone in an emergency is recorded with the time, the event and the person
notified. A posted notice still up after the close of its last day is on the Today board ("take it down").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import peewee

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.register import Notice, PhoneNotice
from desktop.rules import registers as rules
from desktop.services import register_book
from desktop.services.authz import requires
from desktop.services.due import DueItem, register_due_source, register_kind_label, register_record_page
from desktop.services.register_book import Book, RegisterRow, text_of

SLUG = "notice_register"
PHONE_SLUG = "phone_notice_register"
#: DueItem.kind of a notice to take down.
DUE_TAKE_DOWN = "notice_take_down"
POSTED = "posted"
EXPIRED = "expired"
TAKEN_DOWN = "taken_down"
KEYS = ("issued_on", "title", "branch", "approved_by", "posted_where", "expires_on", "remarks")
PHONE_KEYS = ("notified_at", "event", "person_notified", "phone", "notified_by")


def _closing(day: Any) -> datetime:
    from desktop.services.visitors import closing_on

    return closing_on(day)


class NoticeBook(Book):
    """The posted notices."""

    slug = SLUG
    record_type = "notice"
    model = Notice
    date_key = "issued_on"
    search_keys = ("number", "title", "branch", "approved_by", "posted_where", "remarks")
    sort_keys = ("number", "issued_on", "title", "branch", "approved_by", "posted_where", "expires_on",
                 "taken_down_on")  # fmt: skip
    statuses: ClassVar[dict[str, str]] = {
        POSTED: N_("Posted"),
        EXPIRED: N_("To take down"),
        TAKEN_DOWN: N_("Taken down"),
    }
    scheme = SLUG
    pattern = "TZ{date:%Y}-{serial:03d}"

    def status_of(self, record: Any, now: datetime) -> tuple[str, bool]:
        if record.taken_down_on is not None:
            return TAKEN_DOWN, False
        due = rules.notice_to_take_down(
            expires_on=record.expires_on,
            taken_down=False,
            now=now,
            closing=_closing(record.expires_on) if record.expires_on else None,
        )
        return (EXPIRED, True) if due else (POSTED, False)

    def status_condition(self, status: str, now: datetime) -> peewee.Node | None:
        if status == TAKEN_DOWN:
            return Notice.taken_down_on.is_null(False)
        if status == EXPIRED:
            return Notice.taken_down_on.is_null() & (Notice.expires_on < now.date())
        if status == POSTED:
            return Notice.taken_down_on.is_null()
        return None

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        columns = _columns(row)
        columns.update(
            taken_down_on=row.get("taken_down_on"), taken_down_by=text_of(row, "taken_down_by", 60)
        )
        return int(Notice.insert(number=number, created_at=now, updated_at=now, **columns).execute())


class PhoneNoticeBook(Book):
    """Emergency notices given by phone."""

    slug = PHONE_SLUG
    record_type = "phone_notice"
    model = PhoneNotice
    date_key = "notified_at"
    search_keys = ("number", "event", "person_notified", "phone", "notified_by")
    sort_keys = ("number", "notified_at", "person_notified", "phone", "notified_by")
    scheme = PHONE_SLUG
    pattern = "DH{date:%Y%m}-{serial:03d}"

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        columns = _phone_columns(row, by=by, now=now)
        return int(PhoneNotice.insert(number=number, created_at=now, updated_at=now, **columns).execute())


BOOK = register_book.register_book(NoticeBook())
PHONE_BOOK = register_book.register_book(PhoneNoticeBook())
register_record_page(SLUG, "registers")


def _columns(values: Mapping[str, Any]) -> dict[str, Any]:
    columns: dict[str, Any] = {
        key: text_of(values, key, limit)
        for key, limit in (
            ("title", 200),
            ("branch", 100),
            ("approved_by", 60),
            ("posted_where", 200),
            ("remarks", 300),
        )
    }
    columns["issued_on"] = values.get("issued_on")
    columns["expires_on"] = values.get("expires_on")
    rules.check_notice_dates(columns["issued_on"], columns["expires_on"])
    return columns


def _phone_columns(values: Mapping[str, Any], *, by: int | None, now: datetime) -> dict[str, Any]:
    return {
        "notified_at": values.get("notified_at") or now.replace(second=0, microsecond=0),
        "event": text_of(values, "event"),
        "person_notified": text_of(values, "person_notified", 100),
        "phone": text_of(values, "phone", 40),
        "notified_by": text_of(values, "notified_by", 60) or register_book.staff_name(by),
    }


@requires("record.create")
def post_notice(values: Mapping[str, Any], *, by: int | None, now: datetime) -> RegisterRow:
    """Record a notice issued and posted (title, branch, date, approver, where, expiry).

    Raises:
        ValidationError: a value the form refuses.
        UserError: it expires before it is issued.
    """
    merged = {**values, "issued_on": values.get("issued_on") or now.date()}
    register_book.check_values(BOOK, merged, KEYS)
    with db.atomic():
        columns = _columns(merged)
        notice_id = register_book.create(BOOK, columns, by=by, now=now, summary=columns["title"])
    return BOOK.row(BOOK.get(notice_id), now)


@requires("record.update")
def update_notice(
    notice_id: int, values: Mapping[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> RegisterRow:
    """Correct a notice's line (a new expiry date, another place)."""
    with db.atomic():
        record = BOOK.get(notice_id)
        merged = {**BOOK.values_of(record), **values}
        register_book.check_values(BOOK, merged, KEYS)
        register_book.update(
            BOOK, record, _columns(merged), by=by, now=now, expected_version=expected_version
        )
    return BOOK.row(BOOK.get(notice_id), now)


@requires("record.update")
def take_down(notice_id: int, *, by: int | None, now: datetime) -> RegisterRow:
    """The notice was taken down (seed 001:1842: removed at expiry); the reminder goes away.

    Raises:
        UserError: it was taken down already.
    """
    with db.atomic():
        record = BOOK.get(notice_id)
        if record.taken_down_on is not None:
            raise UserError(_("This notice has already been taken down."))
        register_book.update(
            BOOK,
            record,
            {"taken_down_on": now.date(), "taken_down_by": register_book.staff_name(by)},
            by=by,
            now=now,
        )
    return BOOK.row(BOOK.get(notice_id), now)


@requires("record.create")
def record_phone_notice(values: Mapping[str, Any], *, by: int | None, now: datetime) -> RegisterRow:
    """Record an emergency notice given by phone: time, event, person notified (seed 001:1838-1840).

    Raises:
        ValidationError: a value the form refuses (the event and the person notified are required).
    """
    merged = dict(values)
    merged["notified_at"] = merged.get("notified_at") or now.replace(second=0, microsecond=0)
    register_book.check_values(PHONE_BOOK, merged, PHONE_KEYS)
    with db.atomic():
        columns = _phone_columns(merged, by=by, now=now)
        notice_id = register_book.create(
            PHONE_BOOK, columns, by=by, now=now, summary=columns["person_notified"]
        )
    return PHONE_BOOK.row(PHONE_BOOK.get(notice_id), now)


def due_items(*, now: datetime) -> list[DueItem]:
    """Notices still up on or after their last day: due at its close, overdue after (take it down)."""
    select = (
        Notice.select()
        .where(
            Notice.taken_down_on.is_null()
            & Notice.expires_on.is_null(False)
            & (Notice.expires_on <= now.date())
        )
        .order_by(Notice.expires_on, Notice.id)
    )
    template = _("Take down the notice \u201c{title}\u201d ({place})")
    short = _("Take down the notice \u201c{title}\u201d")
    items = []
    for notice in select:
        if notice.expires_on is None:
            continue  # the query keeps only notices with an expiry date
        due = rules.take_down_due(notice.expires_on, _closing(notice.expires_on))
        title = (
            template.format(title=notice.title, place=notice.posted_where)
            if notice.posted_where
            else short.format(title=notice.title)
        )
        items.append(
            DueItem(
                kind=DUE_TAKE_DOWN,
                record_id=notice.id,
                number=notice.number,
                title=title,
                due_at=due,
                overdue=now >= due,
                assignee="",
                record_type=SLUG,
            )
        )
    return items


register_due_source(due_items, name=SLUG)
register_kind_label(DUE_TAKE_DOWN, N_("Take the notice down"))
