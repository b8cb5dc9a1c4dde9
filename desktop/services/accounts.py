"""Staff accounts: passwords (argon2id), logging in and whether the office requires it.

Spec §2.14 asks for per-user logins with no shared IDs (002:500–503: "never use another person's work ID").
Each staff member may have a password; only its argon2id hash is stored (argon2-cffi's defaults, RFC 9106's
low-memory profile). A password needs at least :data:`MIN_PASSWORD_LENGTH` characters and nothing else: no
composition rules, which only make people write passwords down (NIST SP 800-63B 5.1.1).

Logging in is required once the office has an active administrator with a password and the setting
``security.login_required`` is on (the default): an office upgraded from a version without passwords keeps
working as before until its administrator sets one, instead of finding itself locked out.

:func:`verify_login` answers the same message, after the same work, whether the work number is unknown, the
person has no password or left, or the password is wrong: the login screen does not tell who exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.staff import Staff
from desktop.rules import roles
from desktop.services import audit, settings
from desktop.services.authz import requires

MIN_PASSWORD_LENGTH = 8
#: Long enough for any passphrase; bounded so a pasted book does not keep the hasher busy.
MAX_PASSWORD_LENGTH = 256

#: Audit actions of this module.
LOGIN = "login"
LOGIN_FAILED = "login_failed"
PASSWORD = "password"

_hasher = PasswordHasher()
_dummy_hash: tuple[PasswordHasher, str] | None = None


@dataclass(frozen=True)
class LoginRow:
    """Someone who can log in (or just did)."""

    id: int
    employee_no: str
    name: str
    role: str


def set_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Use ``hasher`` from now on (tests use cheap parameters); returns the previous one."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


def _dummy() -> str:
    """A hash of nothing anyone types, made with the current hasher: unknown names cost as much as known ones."""
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash[0] is not _hasher:
        _dummy_hash = (_hasher, _hasher.hash("not a password: no account has this"))
    return _dummy_hash[1]


def check_password_rule(password: str) -> str:
    """``password`` if it may be used.

    Raises:
        UserError: fewer than 8 or more than 256 characters (field ``password``).
    """
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            _("A password needs at least {count} characters.").format(count=MIN_PASSWORD_LENGTH), "password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(
            _("A password has at most {count} characters.").format(count=MAX_PASSWORD_LENGTH), "password"
        )
    return password


def hash_password(password: str) -> str:
    """The argon2id hash stored for ``password`` (checked against the length rule first).

    Raises:
        UserError: the password breaks the length rule.
    """
    return _hasher.hash(check_password_rule(password))


def _get_staff(staff_id: int) -> Staff:
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("That staff member no longer exists."))
    return staff


@requires("staff.password")
def store_password(staff_id: int, password: str, *, by: int | None, now: datetime) -> None:
    """Hash and store a password inside the caller's transaction, with its audit event (never the hash).

    For services that set a password as part of their own use-case (the first-run set-up); the desk uses
    :func:`set_password` or :func:`change_own_password`.
    """
    staff = _get_staff(staff_id)
    # No version bump: the password is not a field the staff table edits, so an open Settings dialog may
    # still save the row.
    Staff.update(password_hash=hash_password(password), updated_at=now).where(Staff.id == staff_id).execute()
    audit.record_event(
        action=PASSWORD, record_type="staff", record_id=staff_id, summary=staff.employee_no, by=by, now=now
    )


@requires("staff.password")
def set_password(staff_id: int, password: str, *, by: int | None, now: datetime) -> None:
    """Give a staff member a (new) password; the administrator's job (they tell the person, who may change it).

    Raises:
        UserError: unknown staff member, or the password breaks the length rule (field ``password``).
    """
    check_password_rule(password)
    with db.atomic():
        store_password(staff_id, password, by=by, now=now)


@requires("account.own")
def change_own_password(current: str, new: str, *, by: int | None, now: datetime) -> None:
    """The person on duty changes their own password, proving the current one first.

    Raises:
        UserError: nobody on duty, the current password is wrong (field ``current_password``), or the new
            one breaks the length rule (field ``password``).
    """
    if by is None:
        raise UserError(_("Choose who is on duty first."))
    check_password_rule(new)
    staff = _get_staff(by)
    if not _matches(staff.password_hash, current):
        raise UserError(_("The current password is wrong."), "current_password")
    with db.atomic():
        store_password(by, new, by=by, now=now)


@requires("staff.password")
def clear_password(staff_id: int, *, by: int | None, now: datetime) -> None:
    """Remove someone's password: they can no longer log in until given a new one.

    Clearing the last administrator's password turns logins off (:func:`login_required`).

    Raises:
        UserError: unknown staff member.
    """
    with db.atomic():
        staff = _get_staff(staff_id)
        if staff.password_hash is None:
            return
        Staff.update(password_hash=None, updated_at=now).where(Staff.id == staff_id).execute()
        audit.record_event(
            action=PASSWORD,
            record_type="staff",
            record_id=staff_id,
            changes={"password": ["set", None]},
            summary=staff.employee_no,
            by=by,
            now=now,
        )


def _matches(stored: str | None, password: str) -> bool:
    """Constant work whether or not there is a stored hash."""
    try:
        return _hasher.verify(stored or _dummy(), password or "") and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def has_password(staff_id: int) -> bool:
    """True when the staff member has a password."""
    row = Staff.select(Staff.password_hash).where(Staff.id == staff_id).tuples().first()
    return bool(row and row[0])


def login_required() -> bool:
    """True when the screens must ask for a password: the setting is on and an active administrator has one."""
    if not settings.get_setting("security.login_required"):
        return False
    return (
        Staff.select()
        .where(
            (Staff.role == roles.ADMINISTRATOR)
            & (Staff.active == True)  # noqa: E712 - peewee expression
            & Staff.password_hash.is_null(False)
        )
        .exists()
    )


def idle_lock_minutes() -> int:
    """Minutes without input before the screens lock (0: never; only while logins are required)."""
    return int(settings.get_setting("security.idle_lock_minutes"))


def login_choices() -> list[LoginRow]:
    """Active staff who have a password, by work number: the people the login screen offers."""
    query = (
        Staff.select(Staff.id, Staff.employee_no, Staff.name, Staff.role)
        .where((Staff.active == True) & Staff.password_hash.is_null(False))  # noqa: E712 - peewee expression
        .order_by(Staff.employee_no)
        .tuples()
    )
    return [LoginRow(id=i, employee_no=no, name=name, role=role) for i, no, name, role in query]


def check_password(employee_no: str, password: str) -> LoginRow:
    """Check a work number and password without writing anything (a file that can only be read, e.g. a backup).

    Raises:
        UserError: the same one message as :func:`verify_login` for every kind of refusal.
    """
    number = " ".join((employee_no or "").split())
    staff = Staff.get_or_none(Staff.employee_no == number) if number else None
    stored = staff.password_hash if staff is not None else None
    if not (_matches(stored, password) and staff is not None and bool(staff.active)):
        raise UserError(_("Wrong work number or password."), "password")
    assert staff is not None
    return LoginRow(id=staff.id, employee_no=staff.employee_no, name=staff.name, role=staff.role)


def verify_login(employee_no: str, password: str, *, now: datetime, via: str = "") -> LoginRow:
    """Check a work number and password; the login (or the failed attempt) is audited.

    A hash made with older parameters is replaced by one with today's parameters on success.

    Args:
        via: where the login happened when not at the screens (``"command line: export"``), for the trail.

    Returns:
        The person now logged in.

    Raises:
        UserError: one message for an unknown number, no password, someone who left or a wrong password.
    """
    number = " ".join((employee_no or "").split())
    staff = Staff.get_or_none(Staff.employee_no == number) if number else None
    stored = staff.password_hash if staff is not None else None
    ok = _matches(stored, password) and staff is not None and bool(staff.active)
    with db.atomic():
        if not ok:
            audit.record_event(
                action=LOGIN_FAILED,
                record_type="staff",
                record_id=staff.id if staff is not None else None,
                summary=via,
                by=None,
                now=now,
            )
        else:
            assert staff is not None and stored is not None
            if _hasher.check_needs_rehash(stored):
                Staff.update(password_hash=_hasher.hash(password)).where(Staff.id == staff.id).execute()
            audit.record_event(
                action=LOGIN,
                record_type="staff",
                record_id=staff.id,
                summary=f"{staff.employee_no} ({via})" if via else staff.employee_no,
                by=staff.id,
                now=now,
            )
    if not ok:
        # Raised after the commit: the failed attempt stays in the trail.
        raise UserError(_("Wrong work number or password."), "password")
    assert staff is not None
    return LoginRow(id=staff.id, employee_no=staff.employee_no, name=staff.name, role=staff.role)
