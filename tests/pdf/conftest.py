"""Hand-built form definitions and PDF reading helpers for the renderer tests.

The definitions here are built in code rather than loaded from ``forms/`` so the renderer's behaviour is tested
on its own; ``test_forms.py`` then renders every shipped definition. PDF reading helpers are in ``reading.py``.
"""

from __future__ import annotations

import pytest

from desktop.formspec.model import REGISTER, SHEET, Cell, Column, Copy, FieldDef, FormDef, Label, Option, Row


def _field(key: str, kind: str, zh: str, en: str, **kwargs: object) -> FieldDef:
    return FieldDef(key=key, type=kind, label=Label(zh, en), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def sheet_form() -> FormDef:
    """A small problem sheet: header boxes, a side-labelled long text with a signature line, a choice."""
    fields = (
        _field("number", "text", "表单号", "Form No.", readonly=True),
        _field(
            "category",
            "choice",
            "问题类别",
            "Category",
            options=(
                Option("technical", Label("技术质量", "Technical")),
                Option("service", Label("服务", "Service")),
            ),
        ),
        _field("customer_name", "text", "客户姓名", "Customer name"),
        _field("phone", "phone", "联系电话", "Phone"),
        _field("description", "multiline", "用户事件描述", "Description"),
        _field("intake_by", "person", "受理人", "Taken by"),
        _field("intake_date", "date", "日期", "Date"),
        _field("review", "multiline", "审核意见", "Review"),
    )
    rows = (
        Row((Cell("number", span=2), Cell("category", span=2))),
        Row((Cell("customer_name", span=2), Cell("phone", span=2))),
        Row((Cell("description", span=4, label="side", min_height=50, sign=("intake_by", "intake_date")),)),
        Row((Cell(text=Label("审核", "Review"), span=4, label="none"),)),
        Row((Cell("review", span=4, label="top", min_height=20),)),
    )
    return FormDef(
        slug="test_sheet",
        code="T99",
        source="test",
        kind=SHEET,
        title=Label("测试问题处理表", "Test Problem Sheet"),
        fields=fields,
        rows=rows,
        notes=Label("备注:本表由前台保存。", "Note: kept by the front desk."),
        footer=Label("{office}", "{office}"),
    )


@pytest.fixture
def two_copy_form(sheet_form: FormDef) -> FormDef:
    """The sheet printed in two copies (联)."""
    return FormDef(
        **{
            **{
                name: getattr(sheet_form, name)
                for name in ("slug", "code", "source", "kind", "title", "fields")
            },
            "rows": sheet_form.rows,
            "copies": (Copy(Label("人力公关部留存", "HR copy")), Copy(Label("事业部留存", "Division copy"))),
        }
    )


@pytest.fixture
def register_form() -> FormDef:
    """A landscape register of visitors."""
    fields = (
        _field("number", "text", "编号", "No."),
        _field("visit_date", "date", "来访日期", "Date"),
        _field("visitor_name", "text", "来访人姓名", "Visitor"),
        _field("purpose", "multiline", "来访事由", "Purpose"),
        _field("received_by", "person", "接待人", "Received by"),
    )
    columns = (
        Column("number", 1.2),
        Column("visit_date", 1.2),
        Column("visitor_name", 1.2),
        Column("purpose", 3),
        Column("received_by", 1),
    )
    return FormDef(
        slug="test_register",
        code="R99",
        source="test",
        kind=REGISTER,
        title=Label("测试来访登记表", "Test Visitor Register"),
        fields=fields,
        orientation="landscape",
        columns=columns,
        signatures=("received_by",),
    )
