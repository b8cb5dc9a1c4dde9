"""Date and time field types, written ISO-style in CSV cells and shown with babel in either language.

Values are naive ``date``/``datetime``/``time`` in office wall-clock time; datetimes and times keep minutes,
not seconds, because paper forms do.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from desktop import i18n
from desktop.formspec.basetype import FieldType, ParseError, label_of, shown
from desktop.formspec.model import FieldDef
from desktop.i18n import _


class DateType(FieldType):
    """A calendar day, written ``YYYY-MM-DD``."""

    name = "date"

    def parse(self, raw: str) -> date | None:
        text = raw.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text.replace("/", "-")) if len(text) <= 10 else _date_of_datetime(text)
        except ValueError:
            raise ParseError(raw) from None

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid date (use YYYY-MM-DD).").format(
            label=label_of(field), value=shown(raw)
        )

    def check(self, value: Any, field: FieldDef) -> str | None:
        if isinstance(value, datetime) or not isinstance(value, date):
            return self.parse_message(str(value), field)
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return i18n.format_date(value, lang) if isinstance(value, date) else ""

    def to_csv(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else ""


def _date_of_datetime(text: str) -> date:
    """Excel may save a date cell as ``2026-03-16 00:00:00``; accept it when the time is midnight."""
    moment = datetime.fromisoformat(text)
    if moment.time() != time(0, 0):
        raise ValueError(text)
    return moment.date()


class DateTimeType(FieldType):
    """A date and a clock time to the minute, written ``YYYY-MM-DD HH:MM``."""

    name = "datetime"

    def parse(self, raw: str) -> datetime | None:
        text = raw.strip()
        if not text:
            return None
        if not re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?$", text):
            raise ParseError(raw)
        try:
            moment = datetime.fromisoformat(text.replace("T", " "))
        except ValueError:
            raise ParseError(raw) from None
        return moment.replace(second=0, microsecond=0)

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid date and time (use YYYY-MM-DD HH:MM).").format(
            label=label_of(field), value=shown(raw)
        )

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, datetime):
            return self.parse_message(str(value), field)
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return i18n.format_datetime(value, lang) if isinstance(value, datetime) else ""

    def to_csv(self, value: Any) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


class TimeType(FieldType):
    """A clock time, written ``HH:MM``."""

    name = "time"

    def parse(self, raw: str) -> time | None:
        text = raw.strip()
        if not text:
            return None
        if not re.match(r"^\d{1,2}:\d{2}(:\d{2})?$", text):
            raise ParseError(raw)
        hours, minutes = text.split(":")[:2]
        try:
            return time(int(hours), int(minutes))
        except ValueError:
            raise ParseError(raw) from None

    def parse_message(self, raw: str, field: FieldDef) -> str:
        return _("{label}: {value} is not a valid time (use HH:MM).").format(
            label=label_of(field), value=shown(raw)
        )

    def check(self, value: Any, field: FieldDef) -> str | None:
        if not isinstance(value, time):
            return self.parse_message(str(value), field)
        return None

    def display(self, value: Any, field: FieldDef, lang: str) -> str:
        return i18n.format_time(value, lang) if isinstance(value, time) else ""

    def to_csv(self, value: Any) -> str:
        return value.strftime("%H:%M") if isinstance(value, time) else ""
