"""Customer performance ratings (绩效评定表 F09, seed 000 第二章): recorded, averaged, turned into complaints.

The customer rates the technical level and the service attitude from −50 % to 200 % (000:43–44); the customer
service department sums the ratings every month per division and engineer, the basis of their pay and quarterly
appraisal (000:46). A comment showing strong dissatisfaction must become a complaint handled by the complaint
rules (000:47): :func:`rating_to_complaint` does it in one step and links the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import peewee

from desktop.errors import UserError, ValidationError
from desktop.formspec.loader import load_form
from desktop.formspec.types import type_of
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.complaint import PerformanceRating
from desktop.models.staff import Department, Staff
from desktop.rules import complaints as complaint_rules
from desktop.services import audit, printing, records
from desktop.services.authz import requires
from desktop.services.complaint_records import stored_text
from desktop.services.complaint_registration import register_complaint
from desktop.services.complaint_rows import ComplaintRow
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

SLUG = "performance_rating"
NUMBER_SCHEME = "performance_rating"
#: Keys of ``forms/performance_rating.toml`` (all stored as columns of the same name).
FORM_KEYS: tuple[str, ...] = (
    "number",
    "rating_date",
    "province",
    "city",
    "organisation",
    "evaluator",
    "items",
    "presales_project",
    "implementation_project",
    "aftersales_project",
    "technical_score",
    "attitude_score",
    "comments",
)
_TEXT_KEYS = ("province", "city", "organisation", "evaluator", "presales_project", "implementation_project",
              "aftersales_project", "comments")  # fmt: skip


@dataclass(frozen=True)
class RatingRow:
    """One rating with its F09 values.

    Attributes:
        suggests_complaint: the comments or a score read like strong dissatisfaction (000:47).
        complaint_id: the complaint it was turned into, or None.
    """

    id: int
    number: str
    rating_date: date
    organisation: str
    department_id: int | None
    department_name: str
    engineer: str
    technical_score: float
    attitude_score: float
    comments: str
    suggests_complaint: bool
    complaint_id: int | None
    values: dict[str, Any]


@dataclass(frozen=True)
class RatingAverage:
    """Average scores of one department or engineer over a period (ratios, 1.0 = 100 %)."""

    name: str
    count: int
    technical: float | None
    attitude: float | None


def form_values(rating: PerformanceRating) -> dict[str, Any]:
    """The rating's F09 values by form key (empty text as None, items as a list of keys)."""
    values: dict[str, Any] = {}
    for key in FORM_KEYS:
        value = getattr(rating, key)
        if key == "items":
            value = [item for item in (value or "").split(";") if item]
        values[key] = None if value == "" else value
    return values


def _row(rating: PerformanceRating) -> RatingRow:
    department = (
        Department.get_or_none(Department.id == rating.department_id) if rating.department_id else None
    )
    technical, attitude = float(rating.technical_score), float(rating.attitude_score)
    return RatingRow(
        id=rating.id,
        number=rating.number,
        rating_date=rating.rating_date,
        organisation=rating.organisation,
        department_id=rating.department_id,
        department_name=department.name if department is not None else "",
        engineer=rating.engineer,
        technical_score=technical,
        attitude_score=attitude,
        comments=rating.comments,
        suggests_complaint=complaint_rules.looks_like_complaint(rating.comments, (technical, attitude)),
        complaint_id=rating.complaint_id,
        values=form_values(rating),
    )


def get_rating(rating_id: int) -> RatingRow:
    """The rating with ``rating_id``.

    Raises:
        UserError: there is none.
    """
    rating = PerformanceRating.get_or_none(PerformanceRating.id == rating_id)
    if rating is None:
        raise UserError(_("There is no performance rating with id {id}.").format(id=rating_id))
    return _row(rating)


def list_ratings(start: date, end: date) -> list[RatingRow]:
    """The ratings dated ``start`` … ``end``, newest first."""
    query = (
        PerformanceRating.select()
        .where((PerformanceRating.rating_date >= start) & (PerformanceRating.rating_date <= end))
        .order_by(PerformanceRating.rating_date.desc(), PerformanceRating.id.desc())
    )
    return [_row(rating) for rating in query]


def _checked(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    form = load_form(SLUG)
    cleaned = {key: values.get(key) for key in FORM_KEYS if key != "number"}
    for key in _TEXT_KEYS:
        if isinstance(cleaned.get(key), str):
            cleaned[key] = cleaned[key].strip() or None
    cleaned["rating_date"] = cleaned.get("rating_date") or now.date()
    cleaned["items"] = list(cleaned.get("items") or [])
    errors: dict[str, str] = {}
    for key, value in cleaned.items():
        field = form.field(key)
        message = type_of(field).validate(value, field)
        if message:
            errors[key] = message
    if errors:
        raise ValidationError(errors)
    return cleaned


@requires("record.create")
def record_rating(values: dict[str, Any], *, by: int | None, now: datetime) -> RatingRow:
    """Record a customer's rating (F09): numbered, audited.

    Args:
        values: F09 keys (``organisation``, ``evaluator``, both scores required; scores as ratios −0.5 … 2,
            e.g. ``Decimal("1.2")`` for 120 %), plus ``department_id`` and ``engineer_id`` / ``engineer`` (who
            was rated) and ``customer_id``.

    Raises:
        ValidationError: a required field is empty or a score outside −50 % … 200 %.
    """
    cleaned = _checked(values, now)
    department_id = values.get("department_id")
    if department_id is not None and not Department.select().where(Department.id == department_id).exists():
        raise UserError(_("There is no department with id {id}.").format(id=department_id), "department")
    engineer_id = values.get("engineer_id")
    engineer = str(values.get("engineer") or "").strip()
    if engineer_id is not None:
        staff = Staff.get_or_none(Staff.id == engineer_id)
        if staff is None:
            raise UserError(_("There is no staff member with id {id}.").format(id=engineer_id), "engineer")
        engineer = staff.name
        department_id = department_id if department_id is not None else staff.department_id
    with db.atomic():
        number = next_number(NUMBER_SCHEME, pattern=get_setting("numbering.performance_rating"), now=now)
        row = {
            **{key: cleaned[key] if cleaned[key] is not None else "" for key in cleaned},
            "items": ";".join(cleaned["items"]),
            "technical_score": Decimal(str(cleaned["technical_score"])),
            "attitude_score": Decimal(str(cleaned["attitude_score"])),
            "number": number,
            "department": department_id,
            "engineer": engineer,
            "engineer_staff": engineer_id,
            "customer": values.get("customer_id"),
            "created_at": now,
            "updated_at": now,
        }
        rating_id = int(PerformanceRating.insert(**row).execute())
        audit.record_event(
            action=audit.CREATE,
            record_type=SLUG,
            record_id=rating_id,
            changes=audit.diff(
                {}, {key: value for key, value in row.items() if key not in ("created_at", "updated_at")}
            ),
            summary=number,
            by=by,
            now=now,
        )
    return get_rating(rating_id)


@requires("record.create")
def rating_to_complaint(rating_id: int, *, by: int | None, now: datetime) -> ComplaintRow:
    """Turn a rating's strongly dissatisfied comment into a complaint, in one step (000:47).

    The complaint is registered for the rating's organisation and department (channel online: the rating was
    the web form, 000:38), its matter the customer's comment; the rating keeps a link to it.

    Raises:
        UserError: the rating was turned into a complaint already, or has no comment.
    """
    with db.atomic():
        rating = PerformanceRating.get_or_none(PerformanceRating.id == rating_id)
        if rating is None:
            raise UserError(_("There is no performance rating with id {id}.").format(id=rating_id))
        if rating.complaint_id is not None:
            raise UserError(_("Rating {number} is a complaint already.").format(number=rating.number))
        if not rating.comments.strip():
            raise UserError(
                _("Rating {number} has no comment to complain about.").format(number=rating.number)
            )
        complaint = register_complaint(
            {
                "organisation": rating.organisation,
                "matter": stored_text(N_("Rating {number}: {comments}")).format(
                    number=rating.number, comments=rating.comments
                ),
                "contact": rating.evaluator,
                "customer_id": rating.customer_id,
                "department_id": rating.department_id,
                "channel": complaint_rules.ONLINE,
                "category": "service",
            },
            by=by,
            now=now,
            source_kind=SLUG,
            source_id=rating.id,
        )
        PerformanceRating.update(complaint=complaint.id, updated_at=now, version=rating.version + 1).where(
            PerformanceRating.id == rating.id
        ).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type=SLUG,
            record_id=rating.id,
            changes={"complaint_id": [None, complaint.id]},
            summary=complaint.number,
            by=by,
            now=now,
        )
    return complaint


def averages(start: date, end: date, *, by_engineer: bool) -> list[RatingAverage]:
    """Average scores per department (or per engineer) of the ratings dated ``start`` … ``end`` (000:46)."""
    in_period = (PerformanceRating.rating_date >= start) & (PerformanceRating.rating_date <= end)
    if by_engineer:
        key: peewee.Node = PerformanceRating.engineer
        query = PerformanceRating.select(
            key,
            peewee.fn.COUNT(PerformanceRating.id),
            peewee.fn.AVG(PerformanceRating.technical_score),
            peewee.fn.AVG(PerformanceRating.attitude_score),
        ).where(in_period & (PerformanceRating.engineer != ""))
    else:
        key = peewee.fn.COALESCE(Department.name, "")
        query = (
            PerformanceRating.select(
                key,
                peewee.fn.COUNT(PerformanceRating.id),
                peewee.fn.AVG(PerformanceRating.technical_score),
                peewee.fn.AVG(PerformanceRating.attitude_score),
            )
            .join(Department, peewee.JOIN.LEFT_OUTER, on=(PerformanceRating.department == Department.id))
            .where(in_period)
        )
    rows = query.group_by(key).order_by(key).tuples()
    return [
        RatingAverage(
            name=name or _("(no department)"),
            count=int(count),
            technical=float(technical) if technical is not None else None,
            attitude=float(attitude) if attitude is not None else None,
        )
        for name, count, technical, attitude in rows
    ]


class RatingStore:
    """:class:`desktop.services.records.RecordStore` of form ``performance_rating``."""

    slug = SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every rating (or those changed at or after ``since``), oldest first."""
        query = PerformanceRating.select().order_by(PerformanceRating.id)
        if since is not None:
            query = query.where(PerformanceRating.updated_at >= since)
        return [form_values(rating) for rating in query.iterator()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The rating numbered ``number``, or None."""
        rating = PerformanceRating.get_or_none(PerformanceRating.number == (number or "").strip())
        return form_values(rating) if rating is not None else None

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Paper ratings, imported in one transaction (a taken number refuses them all)."""
        with db.atomic():
            for row in rows:
                number = str(row.get("number") or "").strip()
                if number and PerformanceRating.select().where(PerformanceRating.number == number).exists():
                    raise UserError(
                        _("Rating number {number} is taken already; nothing was imported.").format(
                            number=number
                        )
                    )
                day = row.get("rating_date") or now.date()
                moment = datetime.combine(day, datetime.min.time())
                number = number or next_number(
                    NUMBER_SCHEME, pattern=get_setting("numbering.performance_rating"), now=moment
                )
                values = {key: row[key] for key in FORM_KEYS if row.get(key) is not None}
                values["items"] = ";".join(values.get("items") or [])
                values.update(number=number, rating_date=day)
                rating_id = PerformanceRating.insert(**values, created_at=now, updated_at=now).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=SLUG,
                    record_id=int(rating_id),
                    summary=number,
                    by=by,
                    now=now,
                )
        return len(rows)


records.register_store(RatingStore())


def print_rating(number: str, *, lang: str) -> bytes:
    """One rating on its form (F09), in ``lang``."""
    return printing.print_record(SLUG, number, lang=lang)
