"""Keys kept at the desk (钥匙管理, spec §2.5) and everything that happens to them.

* :class:`KeySet` — a ring of keys on one hook: owner keys by unit (with a count per owner key kind), public
  door/window keys by floor, facility/plant-room keys by equipment (held by engineering).
* :class:`KeyLoan` — a loan (P02 钥匙借用登记表; of a public or plant-room key also a line of P01
  房屋钥匙管理记录表), from leaving to coming back.
* :class:`KeyReceipt` — keys issued to the owner at move-in (P04 钥匙签收单).
* :class:`KeyCopyRequest` — a request to copy a key and the engineering manager's consent (001:286).
* :class:`KeyCount` with :class:`KeyCountItem` — a periodic count (定期清点) or a custodian hand-over (P03 钥匙交接表):
  both are the keys in custody counted against the register, a hand-over with two parties signing.
* :class:`LostKeyReport` — a lost key reported to the superior, with the follow-up (001:1828).

Columns only; the workflow is :mod:`desktop.services.keys` and its siblings.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel, RecordModel
from desktop.models.replay import replayable
from desktop.models.site import Site
from desktop.models.staff import Staff


@replayable(N_("key set"), number="label")
class KeySet(RecordModel):
    """One set of keys on one hook, labelled in the seed's format (001:274: 栋号-单元、楼层房号 or the room name).

    ``kind_counts`` (owner sets) is JSON ``{"iron_door": 2, …}`` over the five owner key kinds; ``quantity`` is
    the number of keys on the ring.
    """

    id = peewee.AutoField()
    label = peewee.CharField(max_length=100, unique=True)
    category = peewee.CharField(max_length=10)
    building = peewee.CharField(max_length=20, default="")
    floor = peewee.IntegerField(null=True)
    site = peewee.ForeignKeyField(Site, null=True, backref="+", on_delete="SET NULL")
    description = peewee.CharField(max_length=200, default="")
    kind_counts = peewee.TextField(default="{}")
    quantity = peewee.IntegerField(default=1)
    hook = peewee.CharField(max_length=40, default="")
    custodian = peewee.CharField(max_length=60, default="")
    status = peewee.CharField(max_length=10, default="in")
    note = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "key_set"


@replayable(N_("key loan"), number="number")
class KeyLoan(RecordModel):
    """A loan of a key set: out, then back (or lost). One open loan per set (a partial unique index)."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    key_set = peewee.ForeignKeyField(KeySet, backref="loans", on_delete="RESTRICT")
    borrower_type = peewee.CharField(max_length=12)
    borrower = peewee.CharField(max_length=100)
    department = peewee.CharField(max_length=200, default="")
    id_document = peewee.CharField(max_length=40, default="")
    phone = peewee.CharField(max_length=40, default="")
    purpose = peewee.CharField(max_length=200)
    quantity = peewee.IntegerField()
    approver = peewee.CharField(max_length=100, default="")
    document = peewee.CharField(max_length=200, default="")
    for_work = peewee.BooleanField(default=False)
    out_at = peewee.DateTimeField()
    due_at = peewee.DateTimeField()
    issued_by = peewee.CharField(max_length=60, default="")
    issued_by_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    returned_at = peewee.DateTimeField(null=True)
    returned_quantity = peewee.IntegerField(null=True)
    return_condition = peewee.CharField(max_length=10, default="")
    quantity_mismatch = peewee.BooleanField(default=False)
    received_by = peewee.CharField(max_length=60, default="")
    received_by_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    damage_note = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "key_loan"


@replayable(N_("key receipt"), number="number")
class KeyReceipt(RecordModel):
    """Keys issued to the owner at move-in (P04): identity checked, one count per owner key kind."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    key_set = peewee.ForeignKeyField(KeySet, backref="+", on_delete="RESTRICT")
    receipt_date = peewee.DateField()
    unit = peewee.CharField(max_length=50)
    owner_name = peewee.CharField(max_length=100)
    id_checked = peewee.BooleanField(default=False)
    iron_door_keys = peewee.IntegerField(default=0)
    unit_door_keys = peewee.IntegerField(default=0)
    interior_door_keys = peewee.IntegerField(default=0)
    intercom_keys = peewee.IntegerField(default=0)
    mailbox_keys = peewee.IntegerField(default=0)
    issued_by = peewee.CharField(max_length=60, default="")
    issued_by_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    remarks = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "key_receipt"


@replayable(N_("key copy request"))
class KeyCopyRequest(RecordModel):
    """A request to copy a key; a public or plant-room key needs the engineering manager's consent (001:286)."""

    id = peewee.AutoField()
    key_set = peewee.ForeignKeyField(KeySet, backref="+", on_delete="RESTRICT")
    requested_by = peewee.CharField(max_length=100)
    reason = peewee.CharField(max_length=200)
    copies = peewee.IntegerField(default=1)
    requested_at = peewee.DateTimeField()
    status = peewee.CharField(max_length=10, default="pending")
    consented_by = peewee.CharField(max_length=100, default="")
    consented_by_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    consented_at = peewee.DateTimeField(null=True)
    made_at = peewee.DateTimeField(null=True)
    note = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "key_copy_request"


@replayable(N_("key count"), number="number")
class KeyCount(RecordModel):
    """A periodic count (``kind="count"``) or a custodian hand-over (``kind="handover"``, P03)."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    kind = peewee.CharField(max_length=10)
    reason = peewee.CharField(max_length=10, default="")
    counted_at = peewee.DateTimeField()
    from_party = peewee.CharField(max_length=200, default="")
    to_party = peewee.CharField(max_length=200, default="")
    function_tested = peewee.BooleanField(default=False)
    discrepancy_count = peewee.IntegerField(default=0)
    remarks = peewee.CharField(max_length=1000, default="")

    class Meta:
        table_name = "key_count"


@replayable(N_("key count line"))
class KeyCountItem(BaseModel):
    """One key set in a count: what the register expected and what was found."""

    id = peewee.AutoField()
    count = peewee.ForeignKeyField(KeyCount, backref="items", on_delete="CASCADE")
    key_set = peewee.ForeignKeyField(KeySet, backref="+", on_delete="RESTRICT")
    label = peewee.CharField(max_length=100)
    expected = peewee.IntegerField()
    counted = peewee.IntegerField(null=True)
    condition = peewee.CharField(max_length=10, default="ok")
    discrepancy = peewee.CharField(max_length=12, default="")

    class Meta:
        table_name = "key_count_item"


@replayable(N_("lost key report"), number="number")
class LostKeyReport(RecordModel):
    """A lost key, reported to the superior at once (001:1828), with what is being done about it."""

    id = peewee.AutoField()
    number = peewee.CharField(max_length=40, unique=True)
    key_set = peewee.ForeignKeyField(KeySet, backref="+", on_delete="RESTRICT")
    loan = peewee.ForeignKeyField(KeyLoan, null=True, backref="+", on_delete="SET NULL")
    reported_at = peewee.DateTimeField()
    reported_by = peewee.CharField(max_length=100)
    quantity = peewee.IntegerField(default=1)
    circumstances = peewee.TextField(default="")
    reported_to = peewee.CharField(max_length=100, default="")
    actions = peewee.TextField(default="")
    closed_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "key_lost_report"
