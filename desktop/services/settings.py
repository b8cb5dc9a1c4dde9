"""Declared settings: every preference and office rule, its type, default and label, stored in the database.

Like Vorta's ``store/settings.py`` and Picard's ``options.py``, each setting is declared once here; the Settings
page builds itself from :data:`SETTINGS`, and :func:`set_setting` refuses values of the wrong shape. Values are
rows of the ``setting`` table (JSON text) so a backup carries them. Spec §5 gap 3: the conflicting limits in
the seeds become per-office settings with the seed's rule as default.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.setting import Setting
from desktop.rules.masking import PHONE_ROLES
from desktop.rules.numbering import parse_pattern
from desktop.rules.office_types import OFFICE_TYPES
from desktop.rules.roles import REVIEWER_ROLES, ROLES
from desktop.rules.workcalendar import parse_office_hours
from desktop.services import audit, authz
from desktop.services.authz import requires

log = logging.getLogger(__name__)

Validator = Callable[[Any], Any]
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_CATEGORY_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class SettingDef:
    """One declared setting.

    Attributes:
        key: dotted name, stable forever (other modules read it).
        kind: what the value is, for the Settings page: ``choice``, ``language``, ``int``, ``text``,
            ``office_hours``, ``date_list``, ``role_list``, ``rest_hours``, ``category_list``, ``bool``.
        default: the value when the office has not set one.
        label: English label marked with ``N_``.
        validate: returns the tidied value or raises UserError (field = key).
        choices: for ``choice``/``language``: the allowed keys.
    """

    key: str
    kind: str
    default: Any
    label: str
    validate: Validator
    choices: tuple[str, ...] = ()

    @property
    def bounds(self) -> tuple[int, int] | None:
        """``(low, high)`` of an ``int`` setting, else None."""
        if isinstance(self.validate, IntRange):
            return self.validate.low, self.validate.high
        return None


@dataclass(frozen=True)
class SettingRow:
    """A setting with its current value, for the Settings page."""

    key: str
    kind: str
    label: str
    value: Any
    default: Any
    is_default: bool
    choices: tuple[str, ...]


# --- validators: each returns the value in its stored shape or raises UserError --------------------------------


def _refuse(key: str, message: str) -> UserError:
    return UserError(message, field=key)


def _choice(key: str, choices: tuple[str, ...], *, allow_none: bool = False) -> Validator:
    def validate(value: Any) -> Any:
        if value is None and allow_none:
            return None
        if value not in choices:
            raise _refuse(key, _("Choose one of: {choices}.").format(choices=", ".join(choices)))
        return value

    return validate


@dataclass(frozen=True)
class IntRange:
    """The validator of an ``int`` setting; its bounds let the Settings screen limit a spin box."""

    key: str
    low: int
    high: int

    def __call__(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise _refuse(
                self.key, _("Enter a whole number from {low} to {high}.").format(low=self.low, high=self.high)
            )
        return value


def _int(key: str, low: int, high: int) -> Validator:
    return IntRange(key, low, high)


def _bool(key: str) -> Validator:
    def validate(value: Any) -> bool:
        if not isinstance(value, bool):
            raise _refuse(key, _("Choose yes or no."))
        return value

    return validate


def _intervals(key: str, value: Any) -> list[list[str]]:
    """A list of ``["HH:MM", "HH:MM"]`` intervals, each start before its end, in order without overlap."""
    if not isinstance(value, list | tuple):
        raise _refuse(key, _("Give the hours as a list of from–to times, e.g. 08:30–12:00."))
    intervals: list[list[str]] = []
    for item in value:
        if (
            not isinstance(item, list | tuple)
            or len(item) != 2
            or not all(isinstance(t, str) and _TIME.match(t) for t in item)
        ):
            raise _refuse(key, _("Write each time as HH:MM, e.g. 08:30."))
        start, end = item
        if start >= end:
            raise _refuse(
                key, _("{start}–{end}: the end must be after the start.").format(start=start, end=end)
            )
        if intervals and start < intervals[-1][1]:
            raise _refuse(key, _("The times overlap or are out of order at {start}.").format(start=start))
        intervals.append([start, end])
    return intervals


def _office_hours(key: str) -> Validator:
    def validate(value: Any) -> dict[str, list[list[str]]]:
        if not isinstance(value, dict):
            raise _refuse(key, _("Give office hours for each weekday."))
        hours: dict[str, list[list[str]]] = {str(day): [] for day in range(7)}
        for day, intervals in value.items():
            if str(day) not in hours:
                raise _refuse(key, _("Weekdays are numbered 0 (Monday) to 6 (Sunday)."))
            hours[str(day)] = _intervals(key, intervals)
        # The working calendar must accept what is stored (e.g. at least one open weekday).
        parse_office_hours(hours, field=key)
        return hours

    return validate


def _date_list(key: str) -> Validator:
    def validate(value: Any) -> list[str]:
        if not isinstance(value, list | tuple):
            raise _refuse(key, _("Give a list of dates."))
        days = set()
        for item in value:
            try:
                day = item if isinstance(item, date) else date.fromisoformat(str(item))
            except ValueError:
                raise _refuse(key, _("{value} is not a date like 2026-10-08.").format(value=item)) from None
            days.add(day.isoformat()[:10])
        return sorted(days)

    return validate


def _role_list(key: str) -> Validator:
    def validate(value: Any) -> list[str]:
        if not isinstance(value, list | tuple) or not value:
            raise _refuse(key, _("Choose at least one role."))
        unknown = [role for role in value if role not in ROLES]
        if unknown:
            raise _refuse(key, _("Unknown role: {role}.").format(role=unknown[0]))
        return [role for role in ROLES if role in value]

    return validate


def _numbering(key: str) -> Validator:
    """A number pattern the numbering rules accept (one {serial}, known placeholders, matched braces)."""

    def validate(value: Any) -> str:
        if not isinstance(value, str):
            raise _refuse(
                key, _("The pattern must contain {serial}, e.g. {date:%Y%m%d}-{operator}-{serial:03d}.")
            )
        # seed 000:97; the same check numbering applies when it takes a number, so a lone brace such as
        # HL{serial:04 is a message for the desk here, not a ValueError at the next save.
        parse_pattern(value, field=key)
        return value

    return validate


def _category_list(key: str) -> Validator:
    """A non-empty list of ``{"key", "zh", "en"}`` options with unique keys (a-z, 0-9, _) and both labels."""

    def validate(value: Any) -> list[dict[str, str]]:
        if not isinstance(value, list | tuple) or not value:
            raise _refuse(key, _("Give at least one category."))
        tidy: list[dict[str, str]] = []
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, dict) or not all(
                isinstance(item.get(name), str) for name in ("key", "zh", "en")
            ):
                raise _refuse(key, _("Each category needs a key and a Chinese and an English name."))
            entry = {name: " ".join(item[name].split()) for name in ("key", "zh", "en")}
            if not _CATEGORY_KEY.match(entry["key"]):
                raise _refuse(
                    key,
                    _("A category key uses only small letters, digits and _: {value} does not.").format(
                        value=entry["key"]
                    ),
                )
            if not entry["zh"] or not entry["en"]:
                raise _refuse(key, _("Each category needs a key and a Chinese and an English name."))
            if entry["key"] in seen:
                raise _refuse(key, _("The category {value} appears twice.").format(value=entry["key"]))
            seen.add(entry["key"])
            tidy.append(entry)
        return tidy

    return validate


def _rest_hours(key: str) -> Validator:
    def validate(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or set(value) != {"not_before", "not_after", "quiet"}:
            raise _refuse(key, _("Give the earliest and latest time to call and the quiet hours."))
        for name in ("not_before", "not_after"):
            if not isinstance(value[name], str) or not _TIME.match(value[name]):
                raise _refuse(key, _("Write each time as HH:MM, e.g. 08:30."))
        if value["not_before"] >= value["not_after"]:
            raise _refuse(key, _("The latest time to call must be after the earliest."))
        return {
            "not_before": value["not_before"],
            "not_after": value["not_after"],
            "quiet": _intervals(key, value["quiet"]),
        }

    return validate


def _folder(key: str) -> Validator:
    """Empty (the default folder) or an absolute folder path."""

    def validate(value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise _refuse(key, _("Give a folder."))
        text = value.strip()
        if text and not os.path.isabs(os.path.expanduser(text)):
            raise _refuse(key, _("Give the whole path of the folder, e.g. D:\\Backups."))
        return text

    return validate


def _declare(
    key: str, kind: str, default: Any, label: str, validate: Validator, choices: tuple[str, ...] = ()
) -> SettingDef:
    return SettingDef(key=key, kind=kind, default=default, label=label, validate=validate, choices=choices)


_WEEKDAY_HOURS = [["08:30", "12:00"], ["13:30", "17:30"]]
_OFFICE_HOURS = {str(day): _WEEKDAY_HOURS if day < 5 else [] for day in range(7)}  # Monday-Friday

#: Every setting FrontDesk knows, in Settings-page order. Keys are read by other modules: never rename one.
SETTINGS: tuple[SettingDef, ...] = (
    _declare("office.type", "choice", "property", N_("Kind of office"), _choice("office.type", tuple(OFFICE_TYPES)),
             tuple(OFFICE_TYPES)),
    _declare("ui.language", "language", None, N_("Office language of the screens (where a computer sets none)"),
             _choice("ui.language", i18n.LANGUAGES, allow_none=True), i18n.LANGUAGES),
    _declare("print.language", "language", "zh_CN", N_("Language of printed forms"),
             _choice("print.language", i18n.LANGUAGES), i18n.LANGUAGES),
    _declare("calendar.office_hours", "office_hours", _OFFICE_HOURS, N_("Office hours"),
             _office_hours("calendar.office_hours")),
    _declare("calendar.extra_closures", "date_list", [], N_("Extra closed days"),
             _date_list("calendar.extra_closures")),
    _declare("calendar.extra_workdays", "date_list", [], N_("Extra working days"),
             _date_list("calendar.extra_workdays")),
    # seed 000:95: the problem sheet reaches the handler within 2 working hours ...
    _declare("deadline.handover_hours", "int", 2, N_("Hand a problem sheet over within (working hours)"),
             _int("deadline.handover_hours", 1, 24)),
    # ... and the handler returns the result within 2 working days.
    _declare("deadline.result_working_days", "int", 2, N_("Result due within (working days)"),
             _int("deadline.result_working_days", 1, 30)),
    # seed 000:97 numbering: date + operator no. + serial
    _declare("numbering.problem_sheet", "text", "{date:%Y%m%d}-{operator}-{serial:03d}",
             N_("Problem sheet number pattern"), _numbering("numbering.problem_sheet")),
    # seed 000 F01 用户问题类别: 技术质量 / 服务 / 销售 / 其它; issue 4: the list is editable.
    _declare("sheet.categories", "category_list", [
                 {"key": "technical", "zh": "技术质量", "en": "Technical quality"},
                 {"key": "service", "zh": "服务", "en": "Service"},
                 {"key": "sales", "zh": "销售", "en": "Sales"},
                 {"key": "other", "zh": "其它", "en": "Other"},
             ], N_("Problem categories"), _category_list("sheet.categories")),
    _declare("review.roles", "role_list", list(REVIEWER_ROLES), N_("Roles that may review and sign off"),
             _role_list("review.roles")),
    # [design] not in the seeds: callbacks (§2.2) at considerate hours, not before 09:00, over lunch or after 20:00.
    # issue 9: automatic backups go here (empty: the user data folder); warned when on the database's disk.
    _declare("backup.folder", "folder", "", N_("Backup folder (empty: FrontDesk's own folder)"),
             _folder("backup.folder")),
    # issue 9 retention, seed 001:356 P09 (periods not given) [design]: years a record kind is kept before it
    # is listed for purge; 0 keeps it for ever.
    _declare("retention.problem_sheet", "int", 3, N_("Keep problem sheets for (years, 0 = for ever)"),
             _int("retention.problem_sheet", 0, 100)),
    # issue 9, spec §2.14 (per-user logins, 002:500–503): with a password set for an administrator, the desk
    # logs in; the screens lock after this many idle minutes (0 = never).
    _declare("security.login_required", "bool", True,
             N_("Staff log in with their password (once an administrator has one)"),
             _bool("security.login_required")),
    _declare("security.idle_lock_minutes", "int", 10, N_("Lock the screen after idle minutes (0 = never)"),
             _int("security.idle_lock_minutes", 0, 240)),
    # spec §2.14, 001:558, 004 (masked examples): roles that see whole phone numbers in lists.
    _declare("privacy.phone_roles", "role_list", list(PHONE_ROLES), N_("Roles that see whole phone numbers in lists"),
             _role_list("privacy.phone_roles")),
    _declare("customer_rest_hours", "rest_hours",
             {"not_before": "09:00", "not_after": "20:00", "quiet": [["12:00", "14:00"]]},
             N_("Do not call customers"), _rest_hours("customer_rest_hours")),
    # seed 000:85-88 F04 callback records: HF (回访) + date + serial.
    _declare("numbering.callback_record", "text", "HF{date:%Y%m%d}-{serial:03d}",
             N_("Callback number pattern"), _numbering("numbering.callback_record")),
    # seed 000:88 当天故障,第二天回访: call back on the next working day.
    _declare("callbacks.repair_working_days", "int", 1, N_("Call back after a repair on working day"),
             _int("callbacks.repair_working_days", 1, 10)),
    # seed 000:409: complaint callbacks within 24 hours.
    _declare("callbacks.complaint_hours", "int", 24, N_("Call back after a complaint within (hours)"),
             _int("callbacks.complaint_hours", 1, 168)),
    # seed 001:1686: unresolved complaints get a progress call every 2 days.
    _declare("callbacks.progress_days", "int", 2, N_("Progress call on an open complaint every (days)"),
             _int("callbacks.progress_days", 1, 30)),
    # seed 001:602: member customers are called back within 3 days.
    _declare("callbacks.member_days", "int", 3, N_("Call back member customers within (days)"),
             _int("callbacks.member_days", 1, 30)),
    # seed 001:984: project callbacks monthly in the first year, quarterly after; only where the office keeps them.
    _declare("callbacks.periodic_enabled", "choice", "off", N_("Periodic account callbacks"),
             _choice("callbacks.periodic_enabled", ("off", "on")), ("off", "on")),
    _declare("callbacks.periodic_first_year_months", "int", 1, N_("Account callbacks in the first year every (months)"),
             _int("callbacks.periodic_first_year_months", 1, 12)),
    _declare("callbacks.periodic_later_months", "int", 3, N_("Account callbacks after the first year every (months)"),
             _int("callbacks.periodic_later_months", 1, 12)),
    # Issue 5: reminders while the app runs (tray digest), checked every few minutes.
    _declare("reminders.enabled", "choice", "on", N_("Remind me of due items (keep running in the tray)"),
             _choice("reminders.enabled", ("on", "off")), ("on", "off")),
    _declare("reminders.interval_minutes", "int", 5, N_("Check for due items every (minutes)"),
             _int("reminders.interval_minutes", 1, 120)),
    # seed 001:2102 "钥匙借用期限为一天,需当天借当天还": keys are due back at closing time the same day; an office
    # may lend for a number of hours instead (issue 7).
    _declare("keys.loan_due", "choice", "same_day", N_("Lent keys are due back"),
             _choice("keys.loan_due", ("same_day", "hours")), ("same_day", "hours")),
    _declare("keys.loan_hours", "int", 4, N_("Lent keys are due back after (hours, when not the same day)"),
             _int("keys.loan_hours", 1, 72)),
    # seed 001:1820-1824 P02 钥匙借用登记表: JY (借用) + date + serial.
    _declare("numbering.key_loan", "text", "JY{date:%Y%m%d}-{serial:03d}",
             N_("Key loan number pattern"), _numbering("numbering.key_loan")),
    # seed 002:72 客诉处理的编号原则: year, month and a serial that restarts every month (issue 6).
    _declare("numbering.complaint", "text", "{date:%Y%m}-{serial:04d}",
             N_("Complaint number pattern"), _numbering("numbering.complaint")),
    # [design] F09 has a number box but no scheme: PJ (评价) + month + serial.
    _declare("numbering.performance_rating", "text", "PJ{date:%Y%m}-{serial:03d}",
             N_("Performance rating number pattern"), _numbering("numbering.performance_rating")),
    # issue 6: the seeds disagree on the complaint workflow; seed 000 第四章 or seed 004 投诉处理流程表.
    _declare("complaints.preset", "choice", "seed000", N_("Complaint workflow and deadlines"),
             _choice("complaints.preset", ("seed000", "seed004")), ("seed000", "seed004")),
    # seed 001:1400 有效投诉率 < 1 %: the target line of the complaint statistics, in per mille.
    _declare("complaints.target_permille", "int", 10, N_("Complaint rate target (per mille)"),
             _int("complaints.target_permille", 0, 1000)),
)  # fmt: skip

_BY_KEY: dict[str, SettingDef] = {definition.key: definition for definition in SETTINGS}


def setting_def(key: str) -> SettingDef:
    """The declaration of ``key``.

    Raises:
        KeyError: for an undeclared key (a bug in the caller).
    """
    return _BY_KEY[key]


def _stored(key: str) -> tuple[bool, Any]:
    row = Setting.select(Setting.value).where(Setting.key == key).tuples().first()
    if row is None:
        return False, None
    try:
        return True, json.loads(row[0])
    except ValueError:
        log.warning("setting %s holds unreadable JSON; using the default", key)
        return False, None


def get_setting(key: str) -> Any:
    """The office's value of ``key``, else its default (a fresh copy, safe to change).

    ``calendar.office_hours`` comes back as its JSON shape: all seven weekday keys ``"0"`` (Monday) …
    ``"6"`` (Sunday), each a list of ``["HH:MM", "HH:MM"]`` intervals (empty for a closed day).
    """
    definition = setting_def(key)
    found, value = _stored(key)
    if found:
        try:
            return definition.validate(value)
        except UserError:
            log.warning("setting %s holds an invalid value %r; using the default", key, value)
    return definition.validate(json.loads(json.dumps(definition.default)))


@requires("settings.change")
def set_setting(key: str, value: Any, *, by: int | None, now: datetime) -> Any:
    """Store ``value`` for ``key`` after checking it; one audit event when it changes.

    Returns:
        The value as stored (tidied: sorted dates, padded weekdays …).

    Raises:
        UserError: with ``field=key`` when the value has the wrong shape.
    """
    with db.atomic():
        return write_setting(key, value, by=by, now=now)


@requires("settings.change")
def write_setting(key: str, value: Any, *, by: int | None, now: datetime) -> Any:
    """:func:`set_setting` without its own transaction, for services that change a setting as part of theirs."""
    definition = setting_def(key)
    if key.startswith("security."):
        authz.check("security.change", by)  # logins and locking are the administrator's (002:500-503)
    tidy = definition.validate(value)
    old = get_setting(key)
    if audit.jsonable(old) == audit.jsonable(tidy):
        return tidy  # nothing changes: no write, no audit event
    text = audit.canonical_json(audit.jsonable(tidy))
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()
    audit.record_event(
        action=audit.UPDATE,
        record_type="setting",
        record_id=None,
        changes={key: [old, tidy]},
        summary=key,
        by=by,
        now=now,
    )
    return tidy


def all_settings() -> list[SettingRow]:
    """Every declared setting with its current value, in declaration order."""
    rows = []
    for definition in SETTINGS:
        value = get_setting(definition.key)
        default = definition.validate(json.loads(json.dumps(definition.default)))
        rows.append(
            SettingRow(
                key=definition.key,
                kind=definition.kind,
                label=definition.label,
                value=value,
                default=default,
                is_default=audit.jsonable(value) == audit.jsonable(default),
                choices=definition.choices,
            )
        )
    return rows
