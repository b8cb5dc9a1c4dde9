"""Complaints (投诉记录表 F06, 投诉处理报告单 F07) and customer performance ratings (绩效评定表 F09).

Every key of ``forms/complaint_register.toml`` is a column of :class:`Complaint`, every key of
``forms/complaint_report.toml`` (the signature as the signing head's name) a column of :class:`ComplaintReport`,
and every key of ``forms/performance_rating.toml`` a column of :class:`PerformanceRating`, so a printout shows
exactly what is stored. Beside the paper's fields a complaint carries its workflow (preset, current stage and its
deadline, see :mod:`desktop.rules.complaints`), the reopen chain (``parent`` → the entry it continues, ``root``
→ the first entry, ``round``), the manager's re-coding with the original category kept, and where it came from
(a callback, a rating). Each finished stage is a :class:`ComplaintStep`. Workflow lives in
:mod:`desktop.services.complaints`.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel, RecordModel
from desktop.models.customer import Customer
from desktop.models.replay import replayable
from desktop.models.staff import Department, Staff


@replayable(N_("complaint"), number="number")
class Complaint(RecordModel):
    """One line of the complaint register (F06) with its workflow."""

    id = peewee.AutoField()
    # --- the form's fields (forms/complaint_register.toml) ---
    number = peewee.CharField(max_length=40, unique=True)
    organisation = peewee.CharField(max_length=200)
    matter = peewee.TextField()
    complained_at = peewee.DateTimeField()
    contact = peewee.CharField(max_length=200, default="")
    received_by = peewee.CharField(max_length=60, default="")
    relayed_at = peewee.DateTimeField(null=True)
    relayed_to = peewee.CharField(max_length=100, default="")
    report_number = peewee.CharField(max_length=40, default="")
    category = peewee.CharField(max_length=20, default="other")
    department = peewee.CharField(max_length=100, default="")

    # --- beyond the paper ---
    channel = peewee.CharField(max_length=20, default="phone")
    phone = peewee.CharField(max_length=40, default="")
    address = peewee.CharField(max_length=300, default="")
    customer = peewee.ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")
    department_ref = peewee.ForeignKeyField(
        Department, null=True, backref="+", on_delete="RESTRICT", column_name="department_id"
    )
    received_by_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    relayed_to_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    complexity = peewee.CharField(max_length=10, default="simple")
    answered_on_spot = peewee.BooleanField(default=False)
    valid = peewee.BooleanField(default=True)
    original_category = peewee.CharField(max_length=20, null=True)
    original_department = peewee.CharField(max_length=100, null=True)
    recoded_by = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    recoded_at = peewee.DateTimeField(null=True)
    preset = peewee.CharField(max_length=20)
    stage = peewee.CharField(max_length=20, null=True)
    stage_started_at = peewee.DateTimeField(null=True)
    stage_due = peewee.DateTimeField(null=True)
    final_due = peewee.DateTimeField(null=True)
    promised_at = peewee.DateTimeField(null=True)
    late_count = peewee.IntegerField(default=0)
    escalated_at = peewee.DateTimeField(null=True)
    status = peewee.CharField(max_length=20, default="open")
    closed_at = peewee.DateTimeField(null=True)
    parent = peewee.ForeignKeyField("self", null=True, backref="+", on_delete="RESTRICT")
    root = peewee.ForeignKeyField("self", null=True, backref="+", on_delete="RESTRICT")
    round = peewee.IntegerField(default=1)
    source_kind = peewee.CharField(max_length=30, default="")
    source_id = peewee.IntegerField(null=True)

    class Meta:
        table_name = "complaint"


@replayable(N_("complaint step"))
class ComplaintStep(BaseModel):
    """One finished stage of a complaint: when it was due, when it was done, by whom, with what note."""

    id = peewee.AutoField()
    complaint = peewee.ForeignKeyField(Complaint, backref="+", on_delete="CASCADE")
    stage = peewee.CharField(max_length=20)
    due_at = peewee.DateTimeField(null=True)
    done_at = peewee.DateTimeField()
    late = peewee.BooleanField(default=False)
    staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    note = peewee.TextField(default="")

    class Meta:
        table_name = "complaint_step"


@replayable(N_("complaint report"), number="number")
class ComplaintReport(RecordModel):
    """The handling report of one complaint (F07), printed in two copies; T03's preventive measures beside it."""

    id = peewee.AutoField()
    complaint = peewee.ForeignKeyField(Complaint, unique=True, backref="+", on_delete="CASCADE")
    # --- the form's fields (forms/complaint_report.toml) ---
    number = peewee.CharField(max_length=40, unique=True)
    customer_name = peewee.CharField(max_length=200)
    customer_address = peewee.CharField(max_length=300, default="")
    phone = peewee.CharField(max_length=40, default="")
    contact_person = peewee.CharField(max_length=100, default="")
    handled_at = peewee.DateTimeField(null=True)
    description = peewee.TextField()
    recorded_by = peewee.CharField(max_length=60, default="")
    recorded_date = peewee.DateField(null=True)
    method = peewee.TextField(default="")
    handler = peewee.CharField(max_length=60, default="")
    handled_date = peewee.DateField(null=True)
    department_head = peewee.CharField(max_length=60, default="")
    cause = peewee.TextField(default="")
    penalty = peewee.TextField(default="")
    callback_outcome = peewee.CharField(max_length=20, null=True)
    callback_result = peewee.TextField(default="")
    # --- beyond the paper ---
    signed_at = peewee.DateTimeField(null=True)
    prevention = peewee.TextField(default="")

    class Meta:
        table_name = "complaint_report"


@replayable(N_("performance rating"), number="number")
class PerformanceRating(RecordModel):
    """One customer performance rating (F09), averaged per department and engineer in Reports."""

    id = peewee.AutoField()
    # --- the form's fields (forms/performance_rating.toml) ---
    number = peewee.CharField(max_length=40, unique=True)
    rating_date = peewee.DateField()
    province = peewee.CharField(max_length=50, default="")
    city = peewee.CharField(max_length=50, default="")
    organisation = peewee.CharField(max_length=200)
    evaluator = peewee.CharField(max_length=100)
    items = peewee.CharField(max_length=100, default="")
    presales_project = peewee.CharField(max_length=200, default="")
    implementation_project = peewee.CharField(max_length=200, default="")
    aftersales_project = peewee.CharField(max_length=200, default="")
    technical_score = peewee.DecimalField(max_digits=6, decimal_places=4)
    attitude_score = peewee.DecimalField(max_digits=6, decimal_places=4)
    comments = peewee.TextField(default="")
    # --- beyond the paper ---
    department = peewee.ForeignKeyField(Department, null=True, backref="+", on_delete="RESTRICT")
    engineer = peewee.CharField(max_length=60, default="")
    engineer_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    customer = peewee.ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")
    complaint = peewee.ForeignKeyField(Complaint, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "performance_rating"
