"""The entry dialog generated from a form definition: one dialog for every sheet and register.

A sheet's dialog follows the paper's rows (STYLE 8): each boxed cell becomes a label and its editor on a grid
with the cell's span, the signature lines of a section ("拟案人 ____ 日期 ____") sit under its text box, and a
field the layout does not place is added at the end, so a field added to a TOML appears with no code change.
A register's dialog is a plain form of its fields. Values are checked with the types registry on Save; every
message is shown under its field and nothing is emitted until all are fixed.

The dialog does not save: the receiver of :attr:`FormDialog.submitted` calls the service (through
``views/ops.py``), then either ``accept()`` or :meth:`FormDialog.show_user_error` with what the service refused.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formspec.model import REGISTER, Cell, FieldDef, FormDef
from desktop.formspec.types import default_value, is_empty, validate_record
from desktop.i18n import _
from desktop.views import draft_keeper
from desktop.views.desk_dialog import DeskDialog, message_line
from desktop.views.fields import EditorContext, FieldEditor, create_editor
from desktop.views.fields.base import ERROR_COLOUR
from desktop.views.fields.text import TextEditor

#: The dialog never opens larger than this, so it fits a 1280×800 screen with the taskbar and title bar.
MAX_SIZE = (1240, 740)
#: Least width of the scrolled body of a sheet, so four grid columns of label + editor stay readable.
SHEET_MIN_WIDTH = 860


class FormDialog(DeskDialog):
    """Enter or change one record of ``form``.

    Args:
        form: the definition the dialog is built from.
        values: the record's current values (type values or their CSV text); None for a new record, which
            starts from the definition's defaults.
        lang: language of the labels and options (normally the UI language).
        readonly_keys: fields shown but not editable here, beside those the definition marks ``readonly``.
        staff_names: returns the names person fields offer.
        now: the moment ``today``/``now`` defaults stand for (the app passes its clock's time).
        parent: owning window.

    Signals:
        submitted(dict): Save was pressed and every value is valid: field key → parsed value, for every field
            the desk could edit (read-only and signature fields are left out).
    """

    submitted = Signal(dict)

    def __init__(
        self,
        form: FormDef,
        values: Mapping[str, Any] | None = None,
        *,
        lang: str,
        readonly_keys: Iterable[str] = (),
        staff_names: Callable[[], Sequence[str]] | None = None,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.lang = lang
        self._readonly = {f.key for f in form.fields if f.readonly} | set(readonly_keys)
        self._context = EditorContext(lang=lang, staff_names=staff_names)
        self.setObjectName(f"form_dialog_{form.slug}")
        self.setWindowTitle(f"{form.code} {form.title.get(lang)}")
        self.setSizeGripEnabled(True)

        # Editors are created in field order, so Qt's default focus chain is already the tab order.
        self._editors: dict[str, FieldEditor] = {}
        self._labels: dict[str, QLabel] = {}
        self._body = QWidget(self)
        self._body.setObjectName("form_body")
        for field in form.fields:
            editor = create_editor(field, self._context, self._body)
            if field.key in self._readonly:
                editor.set_read_only(True)
                if isinstance(editor, TextEditor):
                    editor.line_edit().setPlaceholderText(_("Filled in by FrontDesk"))
            self._editors[field.key] = editor
        self._title = QLabel(html.escape(form.title.get(lang)), self)
        self._title.setObjectName("form_title")
        title_font = self._title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._general_error = message_line("general_error", parent=self)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._buttons = QDialogButtonBox(self)
        self._save_button = self._buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self._save_button.setObjectName("save_button")
        self._save_button.setToolTip(_("Save (Ctrl+S or Ctrl+Enter)"))
        self._cancel_button = self._buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self._cancel_button.setObjectName("cancel_button")
        # Enter in a field must not save a half-filled sheet: only Save, Ctrl+S and Ctrl+Enter do.
        for button in (self._save_button, self._cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)

        self._build_layout()
        self._set_tab_order()
        self._load_values(values, now)
        self._initial = self._snapshot()
        self._connect_signals()
        self._fit_to_screen()
        # issue 9: what is typed survives a crash as a draft (None unless the app enabled drafts).
        number = values.get("number") if values else None
        self.draft_keeper = draft_keeper.keep_drafts(self, record_key=str(number) if number else None)

    # -- public -------------------------------------------------------------------------------------------------

    def editor(self, key: str) -> FieldEditor:
        """The editor of field ``key``."""
        return self._editors[key]

    def label_widget(self, key: str) -> QLabel | None:
        """The label shown for field ``key`` (None for a field shown without one)."""
        return self._labels.get(key)

    def editable_keys(self) -> tuple[str, ...]:
        """Fields the desk can change here, in entry order."""
        return tuple(f.key for f in self.form.fields if f.key not in self._readonly and f.type != "signature")

    def values(self) -> dict[str, Any]:
        """The editable fields' values as typed (parsed where they parse; see :class:`FieldEditor`)."""
        return {key: self._editors[key].value() for key in self.editable_keys()}

    def has_changes(self) -> bool:
        """Whether anything differs from what the dialog opened with (Escape asks before discarding it)."""
        return self._snapshot() != self._initial

    def set_errors(self, errors: Mapping[str, str]) -> None:
        """Show each message beside its field (replacing earlier ones) and move the focus to the first.

        Messages about a key the dialog cannot edit (a read-only field, or ``""`` for the whole record) are
        shown above the form.
        """
        general: list[str] = []
        for key, editor in self._editors.items():
            editor.set_error(errors.get(key) if key not in self._readonly else None)
        for key, message in errors.items():
            if key not in self._editors or key in self._readonly:
                general.append(message)
        self._show_general(general)
        first = next((key for key in self.form.keys if key in errors and key not in self._readonly), None)
        if first is not None:
            editor = self._editors[first]
            self._scroll.ensureWidgetVisible(editor)
            editor.focus_widgets()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_field_error(self, key: str, message: str) -> bool:
        """Put one message beside field ``key``; False when the desk cannot edit that field here.

        This is the ``show_field_error`` sink :func:`desktop.views.ops.run` takes, so a service's refusal lands
        beside the field it is about.
        """
        if key not in self._editors or key in self._readonly:
            return False
        editor = self._editors[key]
        editor.set_error(message)
        self._scroll.ensureWidgetVisible(editor)
        editor.focus_widgets()[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def errors(self) -> dict[str, str]:
        """The messages shown beside fields now."""
        return {key: message for key, editor in self._editors.items() if (message := editor.error())}

    def show_user_error(self, error: UserError) -> None:
        """Show what a service refused: a ValidationError beside its fields, a UserError beside its field."""
        if isinstance(error, ValidationError):
            self.set_errors(error.errors)
        else:
            self.set_errors({error.field or "": error.message})

    def save(self) -> None:
        """Check every value; show the problems, or emit :attr:`submitted` with the parsed values."""
        values = self.values()
        everything = {key: editor.value() for key, editor in self._editors.items()}
        errors = validate_record(self.form, everything)
        if errors:
            self.set_errors(errors)
            return
        self.set_errors({})
        self.submitted.emit(values)

    # -- Qt overrides -------------------------------------------------------------------------------------------

    # -- building -----------------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        if self.form.kind == REGISTER:
            self._build_register_body()
        else:
            self._build_sheet_body()
        self._scroll.setWidget(self._body)
        header = QHBoxLayout()
        code = QLabel(html.escape(self.form.code), self)
        code.setStyleSheet("color: palette(mid);")
        header.addWidget(self._title)
        header.addStretch(1)
        header.addWidget(code)
        hint = QLabel(_("Fields marked * are required."), self)
        hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self._general_error)
        layout.addWidget(self._scroll, 1)
        footer = QHBoxLayout()
        footer.addWidget(hint)
        footer.addStretch(1)
        footer.addWidget(self._buttons)
        layout.addLayout(footer)

    def _build_sheet_body(self) -> None:
        """Rows of cells on a grid: each grid column is a label column and an editor column."""
        grid = QGridLayout(self._body)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        columns = max(self.form.grid_columns, 1)
        for index in range(columns):
            grid.setColumnStretch(2 * index + 1, 1)
        placed: set[str] = set()
        row_index = 0
        for row in self.form.rows:
            column = 0
            for cell in row.cells:
                span = max(1, min(cell.span, columns - column))
                self._place_cell(grid, cell, row_index, column, span, placed)
                column += span
            row_index += 1
        # Fields the layout does not place (a field just added to the TOML, or a form without rows) go last,
        # one per row, so nothing defined is left out of the dialog.
        for field in self.form.fields:
            if field.key not in placed:
                self._place_field(grid, field, row_index, 0, columns)
                placed.add(field.key)
                row_index += 1
        grid.setRowStretch(row_index, 1)
        # An explicit minimum replaces the layout's own: never below what the grid needs, or labels are cut.
        self._body.setMinimumWidth(max(SHEET_MIN_WIDTH, grid.totalMinimumSize().width()))

    def _place_cell(
        self, grid: QGridLayout, cell: Cell, row: int, column: int, span: int, placed: set[str]
    ) -> None:
        if cell.field is None or cell.field in placed or not self.form.has_field(cell.field):
            if cell.text is not None:
                text = QLabel(html.escape(cell.text.get(self.lang)), self._body)
                text.setWordWrap(True)
                font = text.font()
                font.setBold(True)
                text.setFont(font)
                grid.addWidget(text, row, 2 * column, 1, 2 * span)
            return
        field = self.form.field(cell.field)
        signs = [self.form.field(key) for key in cell.sign if self.form.has_field(key) and key not in placed]
        self._place_field(grid, field, row, column, span, signs=signs, label_on_top=cell.label == "top")
        placed.add(field.key)
        placed.update(sign.key for sign in signs)

    def _place_field(
        self,
        grid: QGridLayout,
        field: FieldDef,
        row: int,
        column: int,
        span: int,
        *,
        signs: Sequence[FieldDef] = (),
        label_on_top: bool = False,
    ) -> None:
        label = self._make_label(field)
        box = QWidget(self._body)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        if label_on_top:
            box_layout.addWidget(label)
        box_layout.addWidget(self._editors[field.key])
        help_label = self._make_help(field)
        if help_label is not None:
            box_layout.addWidget(help_label)
        if signs:
            # The section's signature line, as on paper: 拟案人: ____  日期: ____ under the text box.
            sign_row = QHBoxLayout()
            sign_row.addStretch(1)
            for sign in signs:
                sign_row.addWidget(self._make_label(sign))
                editor = self._editors[sign.key]
                editor.setMinimumWidth(160)
                sign_row.addWidget(editor)
            box_layout.addLayout(sign_row)
        box_layout.addStretch(1)
        if label_on_top:
            grid.addWidget(box, row, 2 * column, 1, 2 * span)
        else:
            grid.addWidget(label, row, 2 * column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, row, 2 * column + 1, 1, 2 * span - 1)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def _build_register_body(self) -> None:
        """A register's record: its fields one per line."""
        form_layout = QFormLayout(self._body)
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field in self.form.fields:
            box = QWidget(self._body)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(2)
            box_layout.addWidget(self._editors[field.key])
            help_label = self._make_help(field)
            if help_label is not None:
                box_layout.addWidget(help_label)
            form_layout.addRow(self._make_label(field), box)
        self._body.setMinimumWidth(max(560, form_layout.totalMinimumSize().width()))

    def _make_label(self, field: FieldDef) -> QLabel:
        text = html.escape(field.label.get(self.lang))
        if field.required and field.key not in self._readonly:
            text += f' <span style="color:{ERROR_COLOUR}">*</span>'
        label = QLabel(text, self._body)
        label.setObjectName(f"label_{field.key}")
        label.setTextFormat(Qt.TextFormat.RichText)
        first = self._editors[field.key].focus_widgets()[0]
        label.setBuddy(first)
        # Centre the label on the editor's first line (not on a tall text box, not above a line edit).
        label.setMinimumHeight(min(first.sizeHint().height(), self._line_height()))
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self._labels.setdefault(field.key, label)
        return label

    def _line_height(self) -> int:
        if not hasattr(self, "_line_height_px"):
            probe = QLineEdit()
            self._line_height_px = probe.sizeHint().height()
            probe.deleteLater()
        return self._line_height_px

    def _make_help(self, field: FieldDef) -> QLabel | None:
        if field.help is None or field.key in self._readonly:
            return None
        label = QLabel(html.escape(field.help.get(self.lang)), self._body)
        label.setObjectName(f"help_{field.key}")
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(mid);")
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        label.setFont(font)
        return label

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = []
        for field in self.form.fields:
            chain.extend(self._editors[field.key].focus_widgets())
        chain += [self._save_button, self._cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self._save_button.clicked.connect(self.save)
        self._cancel_button.clicked.connect(self.reject)
        for keys in (QKeySequence.StandardKey.Save, "Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.save)

    def _load_values(self, values: Mapping[str, Any] | None, now: datetime | None) -> None:
        for field in self.form.fields:
            editor = self._editors[field.key]
            value = default_value(field, now or datetime.now()) if values is None else values.get(field.key)
            if not is_empty(value):
                editor.set_value(value)

    def _snapshot(self) -> dict[str, Any]:
        return {key: self._editors[key].value() for key in self.editable_keys()}

    def _show_general(self, messages_: list[str]) -> None:
        self._general_error.setText("\n".join(messages_))
        self._general_error.setVisible(bool(messages_))

    def _fit_to_screen(self) -> None:
        hint = self.sizeHint()
        body = self._body.sizeHint()
        # Room for the body at its least width plus margins and a vertical scroll bar, so no field is cut.
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width()
        width = max(hint.width(), max(body.width(), self._body.minimumWidth()) + 40 + scroll_bar)
        height = max(hint.height(), body.height() + 140)
        max_width, max_height = MAX_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            max_width = min(max_width, available.width())
            max_height = min(max_height, available.height())
        self.resize(min(width, max_width), min(height, max_height))
