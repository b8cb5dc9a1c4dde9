"""Demo data: deterministic, realistic, one transaction, never mixed into real data."""

from __future__ import annotations

import re
from collections.abc import Iterator

import peewee
import pytest

from desktop.errors import UserError
from desktop.models.customer import Customer
from desktop.services import customers, demo, office
from desktop.services.clock import FixedClock


@pytest.fixture
def registry() -> Iterator[None]:
    saved = dict(demo._STEPS)
    yield
    demo._STEPS.clear()
    demo._STEPS.update(saved)


def test_fill_demo(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    summary = demo.fill_demo(now=clock.now())
    assert (summary.departments, summary.staff, summary.customers) == (6, 15, 300)
    assert office.is_set_up()
    assert {"客户服务部", "技术服务部", "工程部", "产品事业部"} <= {d.name for d in office.list_departments()}
    assert {s.role for s in office.list_staff()} == {
        "receptionist",
        "engineer",
        "department_head",
        "manager",
        "administrator",
    }
    rows = customers.list_customers(limit=1000)
    assert len(rows) == 300
    assert all(re.fullmatch(r"1[3-9][0-9]{9}", row.mobile) for row in rows)
    assert len({row.mobile for row in rows}) == 300
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", row.name) for row in rows)
    assert any(len(row.name) == 2 for row in rows)
    two_character = next(row.name for row in rows if len(row.name) == 2)
    assert two_character in [r.name for r in customers.find_customers(two_character)]


def test_the_same_seed_gives_the_same_data(tmp_path, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.database import close_database, open_database

    names = []
    for index, seed in enumerate((7, 7, 8)):
        open_database(tmp_path / f"demo{index}.sqlite3")
        demo.fill_demo(now=clock.now(), seed=seed)
        names.append([name for (name,) in Customer.select(Customer.name).order_by(Customer.id).tuples()])
        close_database()
    assert names[0] == names[1] != names[2]


def test_demo_refuses_a_database_with_data(db: peewee.SqliteDatabase, clock: FixedClock) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    with pytest.raises(UserError) as caught:
        demo.fill_demo(now=clock.now())
    assert caught.value.message == (
        "This database already holds data. Demo data goes only into a new, empty database."
    )
    assert customers.count_customers() == 1


def test_registered_steps_run_in_the_same_transaction(
    db: peewee.SqliteDatabase, clock: FixedClock, registry: None
) -> None:
    seen = {}

    def step(context: demo.DemoContext) -> int:
        seen["customers"] = len(context.customer_ids)
        seen["staff"] = len(context.staff_ids)
        return 42

    demo.register_demo_step("tickets", step)
    summary = demo.fill_demo(now=clock.now())
    assert summary.extra["tickets"] == 42
    assert seen == {"customers": 300, "staff": 15}


def test_a_failing_step_leaves_the_database_empty(
    db: peewee.SqliteDatabase, clock: FixedClock, registry: None
) -> None:
    def broken(context: demo.DemoContext) -> int:
        raise RuntimeError("bug")

    demo.register_demo_step("broken", broken)
    with pytest.raises(RuntimeError):
        demo.fill_demo(now=clock.now())
    assert not demo.has_data()
