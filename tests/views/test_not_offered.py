"""Actions a role may not take are not offered to it (issue 13): the Review button was offered, then refused.

Each control that needs a permission is tagged with it (:mod:`desktop.views.allowed`); the walk opens every
page and every dialog of :mod:`tests.views.screens` as a receptionist and requires every control she may not
use to be hidden or disabled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.rules import sheet_workflow as wf
from desktop.services import authz, office, sheets
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.allowed import PERMISSION_PROPERTY
from desktop.views.main_window import MainWindow
from desktop.views.pages import page_classes
from desktop.views.sheet_detail import SheetDetail
from tests.views import screens
from tests.views.conftest import ShownMessage
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    return fill_desk(clock.now())


def open_detail(qtbot: QtBot, sheet: sheets.SheetRow) -> SheetDetail:
    detail = SheetDetail(sheets.get_sheet(sheet.id, now=ops.now()))
    qtbot.addWidget(detail)
    detail.show()
    return detail


def test_review_is_offered_only_to_the_roles_that_may_review(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    resolved = desk.sheets["王芳菲"]
    ops.set_staff_on_duty(desk.staff["李四"])  # receptionist
    detail = open_detail(qtbot, resolved)
    assert not detail.action_buttons[wf.REVIEW].isVisibleTo(detail)
    assert detail.action_buttons[wf.REOPEN].isVisibleTo(detail)  # a step she may take is there
    head = office.add_staff(
        {"employee_no": "007", "name": "周主管", "role": "department_head"}, by=None, now=clock.now()
    )
    ops.set_staff_on_duty(head.id)
    detail.show_sheet(sheets.get_sheet(resolved.id, now=ops.now()))
    assert detail.action_buttons[wf.REVIEW].isVisibleTo(detail)


def test_file_menu_offers_backup_restore_purge_and_import_only_to_those_allowed(
    main_window: MainWindow, office_db: Any
) -> None:
    receptionist = next(row for row in office.list_staff() if row.role == "receptionist")
    main_window.staff_combo.setCurrentIndex(main_window.staff_combo.findData(receptionist.id))
    actions = (
        main_window.backup_action,
        main_window.restore_action,
        main_window.retention_action,
        main_window.import_action,
    )
    assert [action.isVisible() for action in actions] == [False, False, False, False]
    administrator = next(row for row in office.list_staff() if row.role == "administrator")
    main_window.staff_combo.setCurrentIndex(main_window.staff_combo.findData(administrator.id))
    assert [action.isVisible() for action in actions] == [True, True, True, True]


#: Every permission tagged on a control somewhere in the walk.
SEEN: set[str] = set()


def offered_but_forbidden(root: QWidget, staff_id: int) -> list[str]:
    """Controls on ``root`` that need a permission ``staff_id`` lacks and are still offered."""
    found = []
    tagged: list[QWidget | QAction] = [
        *(widget for widget in root.findChildren(QWidget) if widget.property(PERMISSION_PROPERTY)),
        *(action for action in root.findChildren(QAction) if action.property(PERMISSION_PROPERTY)),
    ]
    for control in tagged:
        permission = str(control.property(PERMISSION_PROPERTY))
        SEEN.add(permission)
        if authz.is_allowed(permission, staff_id):
            continue
        shown = control.isVisibleTo(root) if isinstance(control, QWidget) else control.isVisible()
        if shown and control.isEnabled():
            label = control.text() if hasattr(control, "text") else control.objectName()
            found.append(f"{type(root).__name__}: {label!r} needs {permission}")
    return found


def as_receptionist() -> int:
    receptionist = next(row for row in office.list_staff() if row.role == "receptionist")
    ops.set_staff_on_duty(receptionist.id)
    return receptionist.id


def test_a_receptionist_is_offered_nothing_she_may_not_do_on_any_page(
    qtbot: QtBot, demo_screens: screens.Demo, shown_messages: list[ShownMessage]
) -> None:
    staff_id = as_receptionist()
    found = []
    for page_class in page_classes():
        page = page_class()
        qtbot.addWidget(page)
        page.show()
        found += offered_but_forbidden(page, staff_id)
    window = MainWindow(Path(demo_screens.db_path))
    qtbot.addWidget(window)
    window.staff_combo.setCurrentIndex(window.staff_combo.findData(staff_id))
    found += offered_but_forbidden(window, staff_id)
    assert found == []
    # The walk did meet the guarded controls: exports, backup, restore, purge, loan and disposal approvals.
    assert {"data.export", "data.import", "database.backup", "database.restore", "records.purge",
            "loan.approve", "document.dispose_review", "document.dispose"} <= SEEN  # fmt: skip


@pytest.mark.parametrize("name", screens.dialog_names())
def test_a_receptionist_is_offered_nothing_she_may_not_do_in_any_dialog(
    qtbot: QtBot, demo_screens: screens.Demo, name: str, shown_messages: list[ShownMessage]
) -> None:
    staff_id = as_receptionist()
    for dialog in screens.build(name, demo_screens):
        qtbot.addWidget(dialog)
        dialog.show()
        assert offered_but_forbidden(dialog, staff_id) == []
