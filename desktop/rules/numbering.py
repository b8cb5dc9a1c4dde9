"""Number patterns: check them, format numbers with them, and tell which counter a number draws from.

Two numbering rules are in the seeds:

* F01 800客户问题处理表 (seed 000:97): "编号方式如下: 年月日热线负责人编号:流水号" — date, the hotline operator's
  number, a serial. Separators are not given; the default is ``20240315-07-003`` (spec §1.1 F01).
* G01 客户抱怨处理表 (seed 002:72): "客诉处理的编号原则年度(__)月份(__)流水编号(__)", "编号周期以年度月份为原则" —
  year, month, serial, and the serial restarts every month.

A pattern is a Python format string with three placeholders: ``{date:<strftime>}``, ``{operator}`` and
``{serial:<int format>}``. The serial restarts with the smallest period the date shows (day, month or year;
never, when the pattern has no date) and runs separately per operator when the pattern shows the operator: two
numbers that share the counter's period and operator differ in their serial, so numbers never repeat.

Pure functions: the database counter lives in :mod:`desktop.services.numbering`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from desktop.errors import UserError
from desktop.i18n import _

#: seed 000:97 F01: 年月日 + 热线负责人编号 + 流水号, e.g. 20240315-07-003.
F01_PATTERN = "{date:%Y%m%d}-{operator}-{serial:03d}"
#: seed 002:72 G01: 年度 + 月份 + 流水编号, serial restarts each month, e.g. 202403-0001.
MONTHLY_PATTERN = "{date:%Y%m}-{serial:04d}"

DAY = "day"
MONTH = "month"
YEAR = "year"
NEVER = "never"

PLACEHOLDERS = ("date", "operator", "serial")
#: strftime directives a number's date may use: the ones that name a year, month or day (no time of day, which
#: would make a number depend on the minute it was taken, and no names, which depend on the language).
_DATE_DIRECTIVES = {"Y": YEAR, "y": YEAR, "m": MONTH, "d": DAY, "j": DAY, "%": None}
_DEFAULT_DATE_FORMAT = "%Y%m%d"


@dataclass(frozen=True)
class NumberPattern:
    """A checked pattern.

    Attributes:
        pattern: the text as entered.
        period: :data:`DAY`, :data:`MONTH`, :data:`YEAR` or :data:`NEVER`: when the serial starts again at 1.
        uses_operator: whether the pattern shows the operator's number (then each operator has a counter).
    """

    pattern: str
    period: str
    uses_operator: bool


def parse_pattern(pattern: str, *, field: str | None = None) -> NumberPattern:
    """Check ``pattern`` and say how its numbers are counted.

    Raises:
        UserError: a broken brace, an unknown placeholder, no ``{serial}`` or more than one, a date format that
            cannot make unique numbers (month without year, day without month), or a bad format.
    """
    try:
        return _parse_pattern(pattern)
    except UserError as exc:
        raise UserError(exc.message, field) from None


@lru_cache(maxsize=64)
def _parse_pattern(pattern: str) -> NumberPattern:
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise UserError(
            _("The number pattern {pattern} has a brace {{ or }} without its partner.").format(
                pattern=pattern
            )
        ) from None
    seen: dict[str, int] = {}
    period = NEVER
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise UserError(
                _(
                    "The number pattern has an unknown placeholder {{{name}}}; use {{date}}, {{operator}} and "
                    "{{serial}}."
                ).format(name=name)
            )
        if conversion is not None or "{" in (spec or ""):
            raise UserError(
                _("The placeholder {{{name}}} has a format FrontDesk cannot use.").format(name=name)
            )
        seen[name] = seen.get(name, 0) + 1
        if name == "date":
            period = _shortest(period, _date_period(spec or _DEFAULT_DATE_FORMAT))
        elif name == "serial":
            _check_format(name, spec, 1)
        else:
            _check_format(name, spec, "07")
    if "serial" not in seen:
        raise UserError(
            _("The number pattern needs a {serial} placeholder, or two records would get the same number.")
        )
    if seen["serial"] > 1:
        raise UserError(_("The number pattern may contain {serial} only once."))
    return NumberPattern(pattern=pattern, period=period, uses_operator="operator" in seen)


def period_key(pattern: str, moment: datetime, operator: str = "") -> str:
    """Which counter a number taken at ``moment`` by ``operator`` draws from, e.g. ``"2026-03-16|07"``.

    The day (``2026-03-16``), month (``2026-03``), year (``2026``) or ``*`` (never restarts), followed by
    ``|operator`` when the pattern shows the operator's number.

    Raises:
        UserError: a bad pattern, or the pattern shows the operator and ``operator`` is empty.
    """
    checked = _parse_pattern(pattern)
    key = {DAY: "%Y-%m-%d", MONTH: "%Y-%m", YEAR: "%Y", NEVER: "*"}[checked.period]
    period = moment.strftime(key) if checked.period != NEVER else key
    if checked.uses_operator:
        return f"{period}|{_operator(operator)}"
    return period


def format_number(pattern: str, *, moment: datetime, operator: str = "", serial: int) -> str:
    """The number ``pattern`` gives for ``serial`` taken at ``moment`` by ``operator``.

    >>> format_number(F01_PATTERN, moment=datetime(2024, 3, 15, 9, 0), operator="07", serial=3)
    '20240315-07-003'

    Raises:
        UserError: a bad pattern, or the pattern shows the operator and ``operator`` is empty.
        ValueError: ``serial`` is less than 1 (a bug in the caller).
    """
    checked = _parse_pattern(pattern)
    if serial < 1:
        raise ValueError("serial numbers start at 1")
    return _formatter.format(
        pattern,
        date=moment,
        operator=_operator(operator) if checked.uses_operator else operator,
        serial=serial,
    )


def number_regex(pattern: str) -> re.Pattern[str]:
    """A regular expression matching the numbers ``pattern`` makes, with a named group ``serial``.

    For import and search: it tells a number from free text. The date and operator parts are matched loosely
    (digits, and any text without whitespace).
    """
    _parse_pattern(pattern)
    parts: list[str] = []
    for literal, name, spec, _conversion in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "date":
            parts.append(_date_regex(spec or _DEFAULT_DATE_FORMAT))
        elif name == "operator":
            parts.append(r"(?P<operator>\S+?)")
        elif name == "serial":
            parts.append(r"\s*(?P<serial>\d+)")
    return re.compile("".join(parts))


class _NumberFormatter(string.Formatter):
    """``str.format`` that formats the date with strftime (so ``%%`` works) and nothing else special."""

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, datetime):
            return value.strftime(format_spec or _DEFAULT_DATE_FORMAT)
        return str(super().format_field(value, format_spec))


_formatter = _NumberFormatter()


def _operator(operator: str) -> str:
    text = (operator or "").strip()
    if not text:
        # seed 000:97: the number includes the hotline operator's number (热线负责人编号).
        raise UserError(
            _(
                "This number includes the operator's number, but none is set for you. Ask the administrator to set it."
            )
        )
    return text


def _date_directives(date_format: str) -> list[str]:
    """The strftime directives in ``date_format`` (``%%`` included), in order."""
    directives: list[str] = []
    index = 0
    while index < len(date_format):
        if date_format[index] == "%":
            directive = date_format[index + 1 : index + 2]
            if directive not in _DATE_DIRECTIVES:
                raise UserError(
                    _(
                        "The date in a number may use only %Y, %y, %m, %d and %j; this pattern has {format}."
                    ).format(format=date_format)
                )
            directives.append(directive)
            index += 2
        else:
            index += 1
    return directives


def _date_period(date_format: str) -> str:
    directives = _date_directives(date_format)
    shows = {_DATE_DIRECTIVES[d] for d in directives if d != "%"}
    if not shows:
        raise UserError(_("The date placeholder {{date:{format}}} shows no date.").format(format=date_format))
    if YEAR not in shows:
        raise UserError(
            _("A number that shows the month or day must show the year too, or numbers would repeat.")
        )
    if "d" in directives and "m" not in directives:
        raise UserError(_("A number that shows the day of the month must show the month too (or use %j)."))
    if DAY in shows:
        return DAY
    return MONTH if MONTH in shows else YEAR


def _shortest(first: str, second: str) -> str:
    order = (DAY, MONTH, YEAR, NEVER)
    return min(first, second, key=order.index)


def _check_format(name: str, spec: str | None, sample: object) -> None:
    try:
        format(sample, spec or "")
    except (ValueError, TypeError):
        raise UserError(
            _("The placeholder {{{name}}} has a format FrontDesk cannot use: {spec}.").format(
                name=name, spec=spec
            )
        ) from None


def _date_regex(date_format: str) -> str:
    widths = {"Y": r"\d{4}", "y": r"\d{2}", "m": r"\d{2}", "d": r"\d{2}", "j": r"\d{3}"}
    out: list[str] = []
    index = 0
    while index < len(date_format):
        char = date_format[index]
        if char == "%" and index + 1 < len(date_format):
            directive = date_format[index + 1]
            out.append("%" if directive == "%" else widths[directive])
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)
