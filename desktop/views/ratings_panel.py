"""Customer performance ratings (绩效评定表 F09): the month's list, a new rating, print, and "Make a complaint".

A rating whose comments read like strong dissatisfaction is red (:func:`desktop.rules.complaints.looks_like_complaint`);
seed 000:47 says it must become a complaint: "Make a complaint" registers one in a single step, linked to the
rating.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.formspec.loader import load_form
from desktop.formspec.model import FieldDef, FormDef, Label
from desktop.i18n import _, ui_language
from desktop.rules.statistics import MONTH, Period, recent_periods
from desktop.services import ratings
from desktop.services.ratings import RatingRow
from desktop.views import ops
from desktop.views.complaint_dialog import department_options, staff_options
from desktop.views.form_dialog import FormDialog
from desktop.views.forms_menu import file_name, print_language
from desktop.views.preview import PreviewWindow
from desktop.views.tablemodels.complaints import ROW_ROLE, RatingsModel


def rating_form() -> FormDef:
    """F09 plus who was rated: the engineer and the department (for the averages)."""
    form = load_form("performance_rating")
    extra = (
        FieldDef("engineer", "choice", Label(_("Engineer rated"), _("Engineer rated")), options=staff_options()),
        FieldDef("department", "choice", Label(_("Department rated"), _("Department rated")), options=department_options()),
    )  # fmt: skip
    return dataclasses.replace(form, fields=(*form.fields, *extra), _by_key={})


class RatingDialog(FormDialog):
    """Record one rating.

    Signals:
        saved(object): the :class:`RatingRow`.
    """

    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(rating_form(), None, lang=ui_language(), now=ops.now(), parent=parent)
        self.setObjectName("rating_dialog")
        self.submitted.connect(self._on_submitted)

    def _on_submitted(self, values: dict[str, Any]) -> None:
        engineer, department = values.pop("engineer", None), values.pop("department", None)
        values["engineer_id"] = int(engineer) if engineer else None
        values["department_id"] = int(department) if department else None
        result = ops.run(
            lambda by, now: ratings.record_rating(values, by=by, now=now),
            parent=self,
            kind="performance_rating",
            show_field_error=self.show_field_error,
        )
        if result.ok:
            self.saved.emit(result.value)
            self.accept()


class RatingsPanel(QWidget):
    """The ratings of one month.

    Signals:
        complaint_made(object): a rating became a complaint; the :class:`ComplaintRow`.
    """

    complaint_made = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratings_panel")
        self.month_combo = QComboBox(objectName="rating_month")
        for period in reversed(recent_periods(ops.now().date(), MONTH, 12)):
            self.month_combo.addItem(period.key, period)
        self.model = RatingsModel(self)
        self.view = QTableView(objectName="rating_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton(_("New rating…"), objectName="new_rating")
        self.complaint_button = QPushButton(_("Make a complaint"), objectName="rating_to_complaint")
        self.complaint_button.setToolTip(
            _("Strong dissatisfaction must be handled as a complaint (seed 000:47).")
        )
        self.print_button = QPushButton(_("Print…"), objectName="print_rating")
        self.dialog: RatingDialog | None = None
        self.preview: PreviewWindow | None = None
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(QLabel(_("Month")))
        top.addWidget(self.month_combo)
        top.addStretch(1)
        top.addWidget(self.complaint_button)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.month_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.new_button.clicked.connect(self.new_rating)
        self.complaint_button.clicked.connect(self.make_complaint)
        self.print_button.clicked.connect(self.print_selected)
        self.view.activated.connect(lambda _index: self.print_selected())  # Enter or a double click: the form
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        """Reload the month's ratings."""
        period: Period = self.month_combo.currentData()
        result = ops.query(lambda: ratings.list_ratings(period.start, period.end), parent=self)
        self.model.set_rows(result.value or [])
        self._update_buttons()

    def selected(self) -> RatingRow | None:
        """The rating of the current row."""
        index = self.view.currentIndex()
        return self.model.data(index, ROW_ROLE) if index.isValid() else None

    def new_rating(self) -> RatingDialog:
        """Open the entry dialog of a rating."""
        dialog = RatingDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _row: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def make_complaint(self) -> None:
        """Turn the selected rating into a complaint (000:47)."""
        row = self.selected()
        if row is None:
            return
        result = ops.run(
            lambda by, now: ratings.rating_to_complaint(row.id, by=by, now=now), parent=self, kind="complaint"
        )
        if result.ok:
            self.refresh()
            self.complaint_made.emit(result.value)

    def print_selected(self) -> PreviewWindow | None:
        """Preview the selected rating on its form."""
        row = self.selected()
        if row is None:
            return None
        lang = print_language()
        result = ops.query(lambda: ratings.print_rating(row.number, lang=lang), parent=self)
        if not result.ok or result.value is None:
            return None
        self.preview = PreviewWindow(
            result.value,
            title=row.number,
            suggested_name=file_name(f"F09 {row.number}"),
            lang=lang,
            rerender=lambda other: ratings.print_rating(row.number, lang=other),
            parent=self,
        )
        self.preview.show()
        return self.preview

    def _update_buttons(self) -> None:
        row = self.selected()
        self.complaint_button.setEnabled(
            row is not None and row.complaint_id is None and bool(row.comments.strip())
        )
        self.print_button.setEnabled(row is not None)
        if row is not None and row.suggests_complaint and row.complaint_id is None:
            self.complaint_button.setStyleSheet("font-weight: bold;")
        else:
            self.complaint_button.setStyleSheet("")
