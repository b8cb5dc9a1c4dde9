"""The small registers of the front desk: visitors, archive documents, loans, disposals, notices, the call tally.

Columns are named after the keys of their form definitions (``forms/visitor_register.toml``, ``archive_list``,
``document_loan``, ``document_disposal``, ``notice_register``, ``phone_notice_register``, ``call_tally``), plus the
workflow columns the rules need (a loan's status and approval moment, a disposal's witnesses). The schema is
built by ``migrations/m0006_registers.py``; workflow lives in the services.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel, RecordModel
from desktop.models.replay import replayable
from desktop.models.site import Site
from desktop.models.staff import Staff


@replayable(N_("visitor"), number="number")
class Visitor(RecordModel):
    """One visit (P10 来访客户登记表); ``left_at`` is None while the visitor is on site."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    visit_date = peewee.DateField(index=True)
    arrived_at = peewee.TimeField()
    left_at = peewee.TimeField(null=True)
    visitor_name = peewee.CharField(max_length=100)
    salutation = peewee.CharField(max_length=10, null=True)
    organisation = peewee.CharField(max_length=200, default="")
    phone = peewee.CharField(max_length=40, default="")
    people = peewee.IntegerField(default=1)
    purpose = peewee.CharField(max_length=20)
    person_visited = peewee.CharField(max_length=100, default="")
    id_checked = peewee.BooleanField(default=False)
    appointment = peewee.BooleanField(null=True)
    first_visit = peewee.BooleanField(null=True)
    source = peewee.CharField(max_length=200, default="")
    raised = peewee.TextField(default="")
    receptionist = peewee.CharField(max_length=60)
    follow_up = peewee.CharField(max_length=300, default="")
    registered_at = peewee.DateTimeField()
    receptionist_staff = peewee.ForeignKeyField(
        Staff, null=True, on_delete="RESTRICT", column_name="receptionist_staff_id"
    )

    class Meta:
        table_name = "visitor"


@replayable(N_("archive item"), number="number")
class ArchiveItem(RecordModel):
    """One document in an owner's or tenant's file (P07 档案资料清单); ``removed_on`` set when it left the file."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    unit = peewee.CharField(max_length=120, index=True)
    site = peewee.ForeignKeyField(Site, null=True, on_delete="SET NULL", column_name="site_id")
    owner = peewee.CharField(max_length=100, default="")
    category = peewee.CharField(max_length=20)
    title = peewee.CharField(max_length=200)
    received_date = peewee.DateField(null=True)
    copies = peewee.IntegerField(default=1)
    original = peewee.CharField(max_length=10, null=True)
    location = peewee.CharField(max_length=100, default="")
    confidential = peewee.BooleanField(default=False)
    changed_date = peewee.DateField(null=True)
    remarks = peewee.CharField(max_length=300, default="")
    keeper = peewee.CharField(max_length=60, default="")
    status = peewee.CharField(max_length=10, default="kept")  # kept | lent | disposed | removed
    removed_on = peewee.DateField(null=True)

    class Meta:
        table_name = "archive_item"


@replayable(N_("document loan"), number="number")
class DocumentLoan(RecordModel):
    """One file lent out (P06 文件借阅登记表): requested → approved (by the manager) → out → returned."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    document = peewee.ForeignKeyField(ArchiveItem, null=True, on_delete="RESTRICT", column_name="document_id")
    loan_date = peewee.DateField()
    file_ref = peewee.CharField(max_length=200)
    copies = peewee.IntegerField(default=1)
    borrower = peewee.CharField(max_length=100)
    department = peewee.CharField(max_length=100, default="")
    reason = peewee.CharField(max_length=200)
    approved_by = peewee.CharField(max_length=100, default="")
    approved_by_staff = peewee.ForeignKeyField(
        Staff, null=True, on_delete="RESTRICT", column_name="approved_by_staff_id"
    )
    approved_at = peewee.DateTimeField(null=True)
    registered_by = peewee.CharField(max_length=60, default="")
    copy_or_take = peewee.CharField(max_length=10, default="no")
    due_date = peewee.DateField(null=True)
    lent_at = peewee.DateTimeField(null=True)
    returned_date = peewee.DateField(null=True)
    remarks = peewee.CharField(max_length=300, default="")
    status = peewee.CharField(max_length=10, default="requested")

    class Meta:
        table_name = "document_loan"


@replayable(N_("disposal"), number="number")
class Disposal(RecordModel):
    """One expired document to destroy (P08 过期文件处理登记表): draft → reviewed → approved → destroyed."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    item = peewee.ForeignKeyField(ArchiveItem, null=True, on_delete="SET NULL", column_name="item_id")
    document = peewee.CharField(max_length=200)
    archive = peewee.CharField(max_length=200, default="")
    created_date = peewee.DateField(null=True)
    retention = peewee.CharField(max_length=40, default="")
    expiry_date = peewee.DateField(null=True)
    reason = peewee.CharField(max_length=20)
    method = peewee.CharField(max_length=10, default="destroy")
    remarks = peewee.CharField(max_length=300, default="")
    filled_by = peewee.CharField(max_length=60)
    filled_date = peewee.DateField(null=True)
    reviewer = peewee.CharField(max_length=60, default="")
    reviewed_at = peewee.DateTimeField(null=True)
    approver = peewee.CharField(max_length=60, default="")
    approved_at = peewee.DateTimeField(null=True)
    destroyed_date = peewee.DateField(null=True)
    status = peewee.CharField(max_length=10, default="draft")

    class Meta:
        table_name = "disposal"


@replayable(N_("disposal witness"))
class DisposalWitness(BaseModel):
    """A person present at a destruction (seed 001:362: at least two)."""

    id = peewee.AutoField()
    disposal = peewee.ForeignKeyField(
        Disposal, on_delete="CASCADE", column_name="disposal_id", backref="witnesses"
    )
    position = peewee.IntegerField()
    name = peewee.CharField(max_length=60)

    class Meta:
        table_name = "disposal_witness"


@replayable(N_("notice"), number="number")
class Notice(RecordModel):
    """A posted notice (P31): issued, approved, posted somewhere, taken down when it expires."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    issued_on = peewee.DateField()
    title = peewee.CharField(max_length=200)
    branch = peewee.CharField(max_length=100)
    approved_by = peewee.CharField(max_length=60)
    posted_where = peewee.CharField(max_length=200, default="")
    expires_on = peewee.DateField(null=True)
    taken_down_on = peewee.DateField(null=True)
    taken_down_by = peewee.CharField(max_length=60, default="")
    remarks = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "notice"


@replayable(N_("phone notice"), number="number")
class PhoneNotice(RecordModel):
    """An emergency notice given by phone (seed 001:1838-1840: time, event, person notified)."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    notified_at = peewee.DateTimeField()
    event = peewee.TextField()
    person_notified = peewee.CharField(max_length=100)
    phone = peewee.CharField(max_length=40, default="")
    notified_by = peewee.CharField(max_length=60, default="")

    class Meta:
        table_name = "phone_notice"


@replayable(N_("call tally stroke"))
class CallTallyEntry(BaseModel):
    """One stroke of the 正 tally: one call of one category (seed 000:120-121)."""

    id = peewee.AutoField()
    at = peewee.DateTimeField()
    tally_date = peewee.DateField()
    category = peewee.CharField(max_length=20)
    handling = peewee.CharField(max_length=20, null=True)
    operator = peewee.CharField(max_length=60, default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL", column_name="staff_id")
    remarks = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "call_tally_entry"
