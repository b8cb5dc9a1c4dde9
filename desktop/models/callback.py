"""Callbacks (客户回访记录表, F04, seed 000:85-89, 001:594-612, 001:1672-1698): one row per call to make.

Every key of ``forms/callback_record.toml`` except the signature is a column of the same name, so a printed
register shows exactly what is stored. Beside the paper's fields a callback carries its schedule
(``scheduled_at`` / ``due_at``, stored so the Today board filters them in SQL), where it came from
(``source_kind`` + ``source_id``: a problem sheet, later a complaint or an account), and what the desk did when
the customer was not satisfied. Each try — no answer, busy, moved to another time, done — is a
:class:`CallbackAttempt`, so rescheduling never loses anything. Workflow lives in
:mod:`desktop.services.callbacks`.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel, RecordModel
from desktop.models.customer import Customer
from desktop.models.replay import replayable
from desktop.models.staff import Staff


@replayable(N_("callback account"), number="name")
class CallbackAccount(RecordModel):
    """A customer or project that gets periodic callbacks (seed 001:984: monthly in year one, then quarterly)."""

    id = peewee.AutoField()
    name = peewee.CharField(max_length=200)
    customer = peewee.ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")
    contact = peewee.CharField(max_length=100, default="")
    phone = peewee.CharField(max_length=40, default="")
    site = peewee.CharField(max_length=200, default="")
    started_on = peewee.DateField()
    active = peewee.BooleanField(default=True)

    class Meta:
        table_name = "callback_account"


@replayable(N_("callback"), number="number")
class Callback(RecordModel):
    """One callback: scheduled, then done (or cancelled), with the F04 values."""

    id = peewee.AutoField()
    # --- the form's fields (forms/callback_record.toml) ---
    number = peewee.CharField(max_length=40, unique=True)
    ref_number = peewee.CharField(max_length=40, default="")
    site = peewee.CharField(max_length=200, default="")
    receiver = peewee.CharField(max_length=60, default="")
    contact = peewee.CharField(max_length=100, default="")
    channel = peewee.CharField(max_length=10, default="phone")
    outcome = peewee.CharField(max_length=30, null=True)
    satisfaction = peewee.CharField(max_length=20, null=True)
    evaluation = peewee.TextField(default="")
    engineer = peewee.CharField(max_length=60, default="")
    fault_grade = peewee.CharField(max_length=20, null=True)
    remarks = peewee.CharField(max_length=300, default="")
    attempts = peewee.IntegerField(default=0)
    caller = peewee.CharField(max_length=60, default="")
    callback_date = peewee.DateField(null=True)

    # --- schedule, source and follow-up ---
    purpose = peewee.CharField(max_length=20)
    status = peewee.CharField(max_length=20, default="pending")
    source_kind = peewee.CharField(max_length=30, default="")
    source_id = peewee.IntegerField(null=True)
    customer = peewee.ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")
    customer_name = peewee.CharField(max_length=100, default="")
    phone = peewee.CharField(max_length=40, default="")
    scheduled_at = peewee.DateTimeField()
    due_at = peewee.DateTimeField()
    first_due_at = peewee.DateTimeField()
    assignee = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    caller_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    done_at = peewee.DateTimeField(null=True)
    last_attempt_at = peewee.DateTimeField(null=True)
    follow_up = peewee.CharField(max_length=20, default="")
    complaint_requested = peewee.BooleanField(default=False)
    complaint_id = peewee.IntegerField(null=True)
    account = peewee.ForeignKeyField(CallbackAccount, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "callback"


@replayable(N_("callback attempt"))
class CallbackAttempt(BaseModel):
    """One try at a callback: what happened and, when it was moved, to when."""

    id = peewee.AutoField()
    callback = peewee.ForeignKeyField(Callback, backref="+", on_delete="CASCADE")
    at = peewee.DateTimeField()
    staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    result = peewee.CharField(max_length=20)
    note = peewee.TextField(default="")
    previous_due_at = peewee.DateTimeField(null=True)
    rescheduled_to = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "callback_attempt"


@replayable(N_("member customer"))
class CallbackMember(BaseModel):
    """A member / key customer: 100 % callback within 3 days (seed 001:600-602)."""

    customer = peewee.ForeignKeyField(Customer, primary_key=True, backref="+", on_delete="CASCADE")
    since = peewee.DateTimeField()

    class Meta:
        table_name = "callback_member"
