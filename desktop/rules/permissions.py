"""Who may do what: one declarative matrix, permission → the roles allowed, each row citing its seed.

The service layer enforces it (:mod:`desktop.services.authz`): buttons may hide what a role cannot do, but a
refused call is refused by the service whatever the screen shows. The seeds name who signs, reviews and approves
(spec §2.13) and who must keep their hands off settings and data (spec §2.14); the five FrontDesk roles
(:mod:`desktop.rules.roles`) map them so:

- ordinary desk work — recording, filing, handing over, calling back — is everyone's: the first person asked is
  responsible and records everything (首问负责制, 001:958–972, 002:155–165);
- sign-offs go to the roles the seed names for them (部门主管 → department head, 服务中心经理 / 技术经理 →
  manager);
- the administrator sets the office up and keeps everything a manager may do: in a small office it is the
  director or the person the director trusts with the set-up (roles.py: "who also sets the office up").

A permission whose roles the office chooses (the review box, spec §5: the seed does not name the 审核人) names the
setting that holds them; :func:`allowed_roles` reads it through a lookup the caller passes, so this module stays
pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.i18n import N_
from desktop.rules.roles import ADMINISTRATOR, DEPARTMENT_HEAD, ENGINEER, MANAGER, RECEPTIONIST, ROLES

EVERYONE: tuple[str, ...] = (RECEPTIONIST, ENGINEER, DEPARTMENT_HEAD, MANAGER, ADMINISTRATOR)
HEADS: tuple[str, ...] = (DEPARTMENT_HEAD, MANAGER, ADMINISTRATOR)
MANAGERS: tuple[str, ...] = (MANAGER, ADMINISTRATOR)
ADMINISTRATORS: tuple[str, ...] = (ADMINISTRATOR,)


@dataclass(frozen=True)
class Permission:
    """One thing a role may or may not do.

    Attributes:
        key: stable dotted name used by ``@requires``.
        action: English verb phrase for messages ("change the settings"), marked with ``N_``.
        roles: the roles allowed (when ``setting`` is empty).
        setting: a settings key holding the allowed roles instead (a ``role_list``), or ``""``.
        source: where the rule comes from (seed file:line, or ``[design]`` with the reason).
    """

    key: str
    action: str
    roles: tuple[str, ...]
    source: str
    setting: str = ""


def _p(key: str, action: str, roles: tuple[str, ...], source: str, setting: str = "") -> Permission:
    return Permission(key=key, action=action, roles=roles, source=source, setting=setting)


#: Every permission. Keys are used by services and tests: never rename one.
PERMISSIONS: tuple[Permission, ...] = (
    # --- ordinary desk work ----------------------------------------------------------------------------------
    _p("record.create", N_("record it"), EVERYONE,
       "001:958–972, 002:155–165 首问负责制: whoever is asked first records it"),
    _p("record.update", N_("change the record"), EVERYONE,
       "001:958–972: the person handling it keeps the record up to date; signed records are frozen (amendments)"),
    _p("record.delete", N_("delete the record"), HEADS,
       "002:218–220 clean-up of invalid customer data [design: by someone who answers for the register]"),
    _p("record.amend", N_("amend a signed record"), HEADS,
       "§2.13: a signed form is corrected by those who sign (部门主管, 技术经理, 服务中心经理)"),
    _p("record.print", N_("print it"), EVERYONE, "[design] printing changes nothing; it is audited"),
    _p("account.own", N_("change your own password"), EVERYONE,
       "002:500–503 per-person work IDs: each person keeps their own password"),
    # --- sign-offs (spec §2.13) --------------------------------------------------------------------------------
    _p("sheet.review", N_("review a problem sheet"), (DEPARTMENT_HEAD, MANAGER),
       "000:124–128 审核人 (role not named): the office's setting review.roles", setting="review.roles"),
    _p("sheet.waive_callback", N_("close a problem sheet without calling the customer back"), HEADS,
       "001:1698 100 % repair callbacks: leaving one out is for those who answer for the rate [design]"),
    _p("callback.review", N_("sign off a callback record"), MANAGERS, "000:131 F04 signed by 技术经理"),
    _p("complaint.sign", N_("sign a complaint report"), HEADS, "000:154–157 F07 signed by 部门主管"),
    _p("complaint.recode", N_("re-code a complaint"), MANAGERS,
       "000:158, 166: F08 complaint statistics appraise the heads, so heads do not re-code their own complaints"),
    _p("loan.approve", N_("approve a loan"), MANAGERS,
       "001:342 document loans approved by 服务中心经理; 001:1824 external key loans by 相关领导"),
    _p("key.duplicate", N_("consent to copying a key"), HEADS, "001:286 工程部经理 or 主管"),
    _p("archive.access", N_("let someone outside the office see an archive"), MANAGERS, "001:338 服务中心经理"),
    _p("document.dispose_review", N_("review a disposal"), HEADS, "001:360–362 客户服务部主管 reviews"),
    _p("document.dispose", N_("dispose of files"), MANAGERS, "001:360–362 服务中心主任 approves disposal"),
    # --- set-up, settings and data (spec §2.14) ---------------------------------------------------------------
    _p("settings.change", N_("change the settings"), MANAGERS,
       "002:500–503 desk staff do not change system settings"),
    _p("security.change", N_("change the login and lock settings"), ADMINISTRATORS,
       "002:500–503 no changing system settings or passwords"),
    _p("office.edit", N_("change the office's details and departments"), MANAGERS,
       "002:500–503 desk staff do not change system settings"),
    _p("staff.manage", N_("add or change staff accounts"), ADMINISTRATORS,
       "002:500–503 never use another person's work ID: accounts and roles are the administrator's"),
    _p("staff.password", N_("set another person's password"), ADMINISTRATORS, "002:500–503"),
    _p("data.export", N_("export records"), MANAGERS,
       "002:500–503 no copying business data; 003:278–280 nothing disclosed without authorisation"),
    _p("data.import", N_("import records"), MANAGERS, "[design] an import writes many records at once"),
    _p("database.backup", N_("copy the database to a file"), MANAGERS,
       "002:218 regular backups; 002:500–503 no copying business data (automatic backups stay in the backup folder)"),
    _p("database.auto_backup", N_("make the automatic backup"), EVERYONE,
       "002:218 a customer database with regular backups"),
    _p("database.restore", N_("restore a backup"), ADMINISTRATORS, "[design] replaces every record of the office"),
    _p("records.purge", N_("purge old records"), MANAGERS, "002:218–220 regular clean-up; 001:356 P09 retention"),
    _p("audit.verify", N_("check the audit trail"), EVERYONE, "[design] reading the trail changes nothing"),
)  # fmt: skip

_BY_KEY: dict[str, Permission] = {permission.key: permission for permission in PERMISSIONS}


def permission(key: str) -> Permission:
    """The permission ``key``.

    Raises:
        KeyError: an undeclared permission (a bug in the caller).
    """
    return _BY_KEY[key]


def is_permission(key: str) -> bool:
    """True when ``key`` is declared in :data:`PERMISSIONS`."""
    return key in _BY_KEY


def allowed_roles(key: str, setting_lookup: Callable[[str], Any] | None = None) -> tuple[str, ...]:
    """The roles allowed ``key``, in :data:`~desktop.rules.roles.ROLES` order.

    Args:
        key: a permission key.
        setting_lookup: reads a setting's value; needed for a permission whose roles are a setting (without
            it, the declared default roles are used).
    """
    declared = permission(key)
    roles: Any = declared.roles
    if declared.setting and setting_lookup is not None:
        roles = setting_lookup(declared.setting)
    return tuple(role for role in ROLES if role in roles)


def is_allowed(key: str, role: str, setting_lookup: Callable[[str], Any] | None = None) -> bool:
    """True when ``role`` may do ``key``."""
    return role in allowed_roles(key, setting_lookup)


def permissions_of(role: str, setting_lookup: Callable[[str], Any] | None = None) -> list[str]:
    """Every permission key ``role`` has, in declaration order (for the screens: which buttons to offer)."""
    return [item.key for item in PERMISSIONS if is_allowed(item.key, role, setting_lookup)]
