"""Demo data: a plausible property service centre with staff, customers and units, for trying FrontDesk out.

Deterministic (``random.Random(seed)``) so screenshots and tests see the same names, and written in ONE
transaction with ``insert_many`` so 300 customers take milliseconds. Record kinds added later contribute their
own sample records with :func:`register_demo_step` from their own service module; :func:`fill_demo` imports
every ``desktop.services`` module first so those registrations have happened. Demo data is never mixed into a
database that already holds the office's own data.

What the summary says was written is counted in the database afterwards, per record kind a step declares, so
``frontdesk demo`` prints what is there (several steps may add to one kind: callbacks come from sheets,
complaints and the callback demo alike).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.customer import Customer
from desktop.models.office import OFFICE_ID, Office
from desktop.models.site import KIND_FREE, KIND_PROPERTY, Site
from desktop.models.staff import Department, Staff
from desktop.rules import roles
from desktop.rules.sites import unit_label
from desktop.services import audit, settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoContext:
    """What a demo step may build on: the random source, the moment, and the ids written before it."""

    rng: random.Random
    now: datetime
    staff_ids: tuple[int, ...]
    department_ids: dict[str, int]
    customer_ids: tuple[int, ...]
    site_ids: tuple[int, ...]


#: A step writes its sample records (inside fill_demo's transaction) and returns how many it wrote.
DemoStep = Callable[[DemoContext], int]


@dataclass(frozen=True)
class DemoSummary:
    """How much sample data was written.

    Attributes:
        extra: record kind (the untranslated label a step declared, e.g. "problem sheets") → how many such
            records the database holds after the demo; a step that declares none reports its own count under
            its name.
    """

    office: str
    departments: int
    staff: int
    customers: int
    sites: int
    extra: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Step:
    func: DemoStep
    order: int
    counts: tuple[tuple[str, type[peewee.Model]], ...]


_STEPS: dict[str, _Step] = {}


def register_demo_step(
    name: str,
    func: DemoStep,
    *,
    order: int = 100,
    counts: Mapping[str, type[peewee.Model]] | None = None,
) -> None:
    """Add sample records of one kind to every future :func:`fill_demo` (call at import of your service).

    Steps run after the office, staff, customers and sites exist, by ``order`` then registration; registering a
    name again replaces the earlier step.

    Args:
        order: lower runs earlier (bulk-written rows first, so every audited record of a kind is newer).
        counts: record kind label (``N_``, plural: "problem sheets") → the model whose rows are counted for the
            summary once every step has run.
    """
    _STEPS[name] = _Step(func=func, order=order, counts=tuple((counts or {}).items()))


OFFICE = {
    "name": "阳光花园物业服务中心",
    "address": "广东省深圳市南山区科苑南路88号阳光花园1栋架空层",
    "phone": "0755-86001234",
    "office_type": "property",
}
DEPARTMENTS = ("客户服务部", "技术服务部", "工程部", "产品事业部", "安管部", "人力公关部")

#: (work no., name, role, department): the people the seeds name, one desk's worth.
STAFF = (
    ("KF001", "陈静", roles.ADMINISTRATOR, "客户服务部"),
    ("KF002", "王芳", roles.RECEPTIONIST, "客户服务部"),
    ("KF003", "李娜", roles.RECEPTIONIST, "客户服务部"),
    ("KF004", "张丽", roles.RECEPTIONIST, "客户服务部"),
    ("KF005", "刘洋", roles.DEPARTMENT_HEAD, "客户服务部"),
    ("JS001", "赵强", roles.ENGINEER, "技术服务部"),
    ("JS002", "孙伟", roles.ENGINEER, "技术服务部"),
    ("JS003", "周明", roles.MANAGER, "技术服务部"),
    ("GC001", "吴刚", roles.ENGINEER, "工程部"),
    ("GC002", "郑磊", roles.ENGINEER, "工程部"),
    ("GC003", "冯建国", roles.DEPARTMENT_HEAD, "工程部"),
    ("CP001", "何敏", roles.DEPARTMENT_HEAD, "产品事业部"),
    ("AG001", "高峰", roles.RECEPTIONIST, "安管部"),
    ("RL001", "林晓燕", roles.DEPARTMENT_HEAD, "人力公关部"),
    ("ZR001", "黄志华", roles.MANAGER, "客户服务部"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红梅飞鑫波宁浩凯婷雪琳晨瑞博文斌志海燕欣怡子轩"
    "佳宇思雨俊嘉宏亮晓春颖"
)
MOBILE_PREFIXES = tuple(
    str(prefix)
    for prefix in (
        *range(130, 140),
        150,
        151,
        152,
        155,
        156,
        157,
        158,
        159,
        166,
        176,
        177,
        180,
        181,
        182,
        185,
        186,
        187,
        188,
        189,
        199,
    )
)
COMPANIES = (
    "华为技术",
    "腾讯科技",
    "中兴通讯",
    "迈瑞医疗",
    "大疆创新",
    "顺丰速运",
    "招商银行南山支行",
    "万科物业",
)
BUILDINGS = ("1", "2", "3")
UNITS = ("1", "2")
FLOORS = 18
ROOMS = ("01", "02", "03", "04")
FACILITY_ROOMS = ("配电房", "水泵房", "消防控制室", "电梯机房", "地下车库管理室")


#: Names typed in Latin letters: in office-scale data one customer in 20 has one, as at a desk in a city.
LATIN_NAMES = (
    "David Chen",
    "Lucy Wang",
    "Tom Li",
    "Emma Zhang",
    "Peter Liu",
    "Grace Wu",
    "John Smith",
    "Anna Lee",
)


def add_customers(rng: random.Random, count: int, *, now: datetime) -> None:
    """Write ``count`` more customers with unused mobile numbers (office-scale benchmarks and soak runs).

    One in 20 has a :data:`LATIN_NAMES` name, the rest generated Chinese names, so searches meet both scripts.
    """
    used = {str(row[0]) for row in db.execute_sql("SELECT mobile FROM customer").fetchall()}
    rows = [
        {
            "name": rng.choice(LATIN_NAMES) if index % 20 == 0 else _name(rng),
            "mobile": _mobile(rng, used),
            "office_phone": "",
            "organisation": "",
            "address": "",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for index in range(count)
    ]
    with db.atomic():
        for batch in peewee.chunked(rows, 500):
            Customer.insert_many(batch).execute()


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) if rng.random() < 0.35 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def _mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in used:
            used.add(number)
            return number


def has_data() -> bool:
    """True when the database holds an office, staff, customers or sites already."""
    return any(model.select().exists() for model in (Office, Staff, Customer, Site, Department))


def _load_service_modules() -> None:
    """Import every service module so their ``register_demo_step`` calls have run."""
    import desktop.services as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")


def _insert(model: type[peewee.Model], rows: list[dict[str, object]]) -> None:
    for batch in peewee.chunked(rows, 100):
        model.insert_many(batch).execute()


def fill_demo(*, now: datetime, seed: int = 1) -> DemoSummary:
    """Fill an empty database with the demo office, departments, staff, customers and units.

    Raises:
        UserError: the database holds data already (demo data is never mixed into real data).
    """
    _load_service_modules()
    rng = random.Random(seed)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    with db.atomic():
        if has_data():
            raise UserError(
                _("This database already holds data. Demo data goes only into a new, empty database.")
            )
        Office.insert(id=OFFICE_ID, **OFFICE, **stamps).execute()
        settings.write_setting("office.type", OFFICE["office_type"], by=None, now=now)
        _insert(Department, [{"name": name, **stamps} for name in DEPARTMENTS])
        department_ids = dict(Department.select(Department.name, Department.id).tuples())
        used_mobiles: set[str] = set()
        _insert(
            Staff,
            [
                {
                    "employee_no": number,
                    "name": name,
                    "role": role,
                    "department": department_ids[department],
                    "phone": _mobile(rng, used_mobiles),
                    "active": True,
                    **stamps,
                }
                for number, name, role, department in STAFF
            ],
        )
        site_rows: list[dict[str, object]] = [
            {
                "kind": KIND_PROPERTY,
                "building": building,
                "unit": unit,
                "floor": floor,
                "room": room,
                "free_label": "",
                "label": unit_label(building, unit, floor, room),
                "note": "",
                **stamps,
            }
            for building in BUILDINGS
            for unit in UNITS
            for floor in range(1, FLOORS + 1)
            for room in ROOMS
        ]
        labels = [str(row["label"]) for row in site_rows]
        site_rows += [
            {"kind": KIND_FREE, "free_label": name, "label": name, "note": "工程部保管钥匙", **stamps}
            for name in FACILITY_ROOMS
        ]
        _insert(Site, site_rows)
        customer_rows: list[dict[str, object]] = []
        for label in rng.sample(labels, 300):
            company = rng.random() < 0.15
            customer_rows.append(
                {
                    "name": _name(rng),
                    "mobile": _mobile(rng, used_mobiles),
                    "office_phone": f"0755-{rng.randrange(2, 9)}{rng.randrange(10**7):07d}"
                    if company
                    else "",
                    "organisation": f"深圳市{rng.choice(COMPANIES)}有限公司" if company else "",
                    "address": f"阳光花园{label}",
                    **stamps,
                }
            )
        _insert(Customer, customer_rows)
        context = DemoContext(
            rng=rng,
            now=now,
            staff_ids=tuple(i for (i,) in Staff.select(Staff.id).order_by(Staff.id).tuples()),
            department_ids=department_ids,
            customer_ids=tuple(i for (i,) in Customer.select(Customer.id).order_by(Customer.id).tuples()),
            site_ids=tuple(i for (i,) in Site.select(Site.id).order_by(Site.id).tuples()),
        )
        extra: dict[str, int] = {}
        steps = sorted(
            _STEPS.items(), key=lambda item: item[1].order
        )  # stable: registration order within one
        for name, step in steps:
            made = int(step.func(context))
            if not step.counts:
                extra[name] = made
        for _step_name, step in steps:
            for label, model in step.counts:
                extra[label] = model.select().count()
        summary = DemoSummary(
            office=OFFICE["name"],
            departments=len(DEPARTMENTS),
            staff=len(STAFF),
            customers=len(customer_rows),
            sites=len(site_rows),
            extra=extra,
        )
        audit.record_event(
            action="demo",
            record_type="database",
            record_id=None,
            summary=f"demo data: {summary.staff} staff, {summary.customers} customers, {summary.sites} sites",
            by=None,
            now=now,
        )
    log.info("filled demo data: %s", summary)
    return summary
