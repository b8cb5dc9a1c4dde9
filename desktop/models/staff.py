"""Departments and the people on duty at the desk.

Every staff member has their own work number (工号): seed 002:500-503 forbids using another person's work ID,
so ``employee_no`` is unique and the audit trail names a person, never a shared login.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import RecordModel
from desktop.models.replay import replayable


@replayable(N_("department"), number="name")
class Department(RecordModel):
    """A department of the office (客户服务部, 工程部 …); names are unique."""

    id = peewee.AutoField()
    name = peewee.CharField(max_length=100, unique=True)

    class Meta:
        table_name = "department"


@replayable(N_("staff member"), number="employee_no", secret=("password_hash",))
class Staff(RecordModel):
    """A person who works at or with the desk.

    ``role`` is a key of :data:`desktop.rules.roles.ROLES`. Staff are deactivated, never deleted, because audit
    events and signed records point at them.
    """

    id = peewee.AutoField()
    employee_no = peewee.CharField(max_length=30, unique=True)
    name = peewee.CharField(max_length=60)
    role = peewee.CharField(max_length=30)
    department = peewee.ForeignKeyField(Department, null=True, backref="staff", on_delete="RESTRICT")
    phone = peewee.CharField(max_length=60, default="")
    active = peewee.BooleanField(default=True)
    #: argon2id hash of the password (desktop.services.accounts); None: no password, cannot log in.
    password_hash = peewee.TextField(null=True)

    class Meta:
        table_name = "staff"
