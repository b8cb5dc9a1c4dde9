"""Problem-handling sheets (800客户问题处理表, F01, seed 000:95-128): one row per sheet.

Every key of ``forms/problem_sheet.toml`` is a column of the same name (a test compares them), so a printed
sheet shows exactly what is stored. People on the form (``intake_by``, ``handed_to_person``, ``plan_by``,
``handler``, ``reviewer``) are kept as the names written on the paper; the foreign keys beside them
(``received_by``, ``handed_to_staff``, ``department``) are what lists filter and the deadlines follow.
Workflow lives in :mod:`desktop.services.sheets`.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel, RecordModel
from desktop.models.customer import Customer
from desktop.models.replay import not_replayed, replayable
from desktop.models.staff import Department, Staff


@replayable(N_("problem sheet"), number="number")
class ProblemSheet(RecordModel):
    """One problem-handling sheet.

    ``status`` is a key of :data:`desktop.rules.sheet_workflow.STATUSES` (the form's own status options are
    its printed labels, mapped by the service). ``handover_due`` and ``result_due`` are stored, not computed at
    read time, so lists filter and sort by them in SQL and a later change of office hours does not move a
    deadline already given.
    """

    # --- the form's fields (forms/problem_sheet.toml) ---
    number = peewee.CharField(max_length=40, unique=True)
    category = peewee.CharField(max_length=40)
    customer_name = peewee.CharField(max_length=100)
    contact_person = peewee.CharField(max_length=100, default="")
    mobile = peewee.CharField(max_length=40, default="")
    office_phone = peewee.CharField(max_length=40, default="")
    site = peewee.CharField(max_length=200, default="")
    address = peewee.CharField(max_length=300, default="")
    description = peewee.TextField()
    intake_by = peewee.CharField(max_length=60, default="")
    intake_date = peewee.DateField(null=True)
    received_at = peewee.DateTimeField()
    handed_to_department = peewee.CharField(max_length=100, default="")
    handed_to_person = peewee.CharField(max_length=60, default="")
    handed_over_at = peewee.DateTimeField(null=True)
    handover_due = peewee.DateTimeField()
    result_due = peewee.DateTimeField(null=True)
    plan = peewee.TextField(default="")
    plan_by = peewee.CharField(max_length=60, default="")
    plan_date = peewee.DateField(null=True)
    result = peewee.TextField(default="")
    handler = peewee.CharField(max_length=60, default="")
    handled_date = peewee.DateField(null=True)
    result_returned_at = peewee.DateTimeField(null=True)
    review = peewee.TextField(default="")
    reviewer = peewee.CharField(max_length=60, default="")
    review_date = peewee.DateField(null=True)
    status = peewee.CharField(max_length=20, default="received")

    # --- what the workflow and the lists need beyond the paper ---
    received_by = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    operator_no = peewee.CharField(max_length=30, default="")
    handed_to_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    # The form's ``handed_to_department`` is the name as written; this is the department row lists filter by.
    department = peewee.ForeignKeyField(
        Department, null=True, backref="+", on_delete="RESTRICT", column_name="handed_to_department_id"
    )
    reopen_count = peewee.IntegerField(default=0)
    closed_at = peewee.DateTimeField(null=True)
    customer = peewee.ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "problem_sheet"


@not_replayed("derived from problem_sheet by triggers: search text, not evidence")
class ProblemSheetSearch(BaseModel):
    """The searched text of one sheet (schema 9), written only by triggers on ``problem_sheet``.

    ``text`` is number, customer name, contact person, mobile, office phone, site and description joined by
    line breaks: one narrow row per sheet, so a substring search scans a fifth of the bytes with one LIKE.
    """

    sheet_id = peewee.IntegerField(primary_key=True)
    text = peewee.TextField()

    class Meta:
        table_name = "problem_sheet_search"
