"""The Keys page (钥匙管理, spec §2.5): the register, who has which key, and everything the desk does with keys.

The register lists every key set with filters (kind, status, building, "out now" for the closing-time round,
overdue only) and search as you type over label, hook, custodian and holder; headers sort in SQL. Ctrl+L lends
the selected key, Ctrl+R takes it back; Issue to owner, Copy, Lost report, Count and Hand-over open their
dialogs; Print offers the day's loan register and key log, the selected key's history and tag sheets.

Scanning: a USB barcode scanner is a keyboard that types the tag's payload (``FDKEY:<id>:<label>``) fast and
ends with Enter. While the page is on screen an application event filter watches key presses aimed at it:
once ``FDKEY:`` has been typed it swallows the rest up to Enter (so nothing lands in the search box), then
opens that key with Loan or Return ready. The prefix characters that reached a line edit are taken out again.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.rules import keys as rules
from desktop.services import key_loans, key_store, keys
from desktop.services.due import DueItem
from desktop.services.keys import KeyQuery, KeyRow
from desktop.views import messages, openers, ops
from desktop.views.forms_menu import file_name, print_language
from desktop.views.key_count_dialogs import CountDialog, LostReportDialog
from desktop.views.key_followup_dialogs import CopyRequestsDialog, LostKeysDialog
from desktop.views.key_issue_dialogs import CopyRequestDialog, OwnerIssueDialog
from desktop.views.key_loan_dialogs import LoanDialog, ReturnDialog
from desktop.views.key_set_dialog import NewKeyDialog
from desktop.views.listing import (
    ListStack,
    SearchBox,
    add_count,
    current_row,
    filter_combo,
    make_action,
    make_table,
    make_toolbar,
    show_row,
    signals_blocked,
)
from desktop.views.pages.base import EmptyState, Page
from desktop.views.preview import PreviewWindow
from desktop.views.tablemodels.keys import KeysModel, category_label, status_label

#: Status filter entries beyond the key statuses.
OUT_NOW = "out_now"
OVERDUE = "overdue"


class KeysPage(Page):
    """The key register and its actions.

    Signals:
        key_scanned(object): a tag was scanned; the :class:`~desktop.services.keys.KeyRow` (None: unknown tag).
    """

    key = "keys"
    title = N_("Keys")
    icon_name = "keys"
    kinds = ("key", "key_loan", "office", "staff")

    key_scanned = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = KeysModel(self)
        self.view = make_table("key_table", self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default indicator is descending
        self.heading = QLabel(_("Keys"))
        self.heading.setObjectName("page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("key_summary")
        self.search_edit = SearchBox("key_search", _("Search keys or scan a tag"), min_width=220)
        self.search_edit.setToolTip(_("Search label, hook, custodian or holder — or scan a tag"))
        self.category_combo = filter_combo("key_category_filter")
        self.status_combo = filter_combo("key_status_filter")
        self.building_combo = filter_combo("key_building_filter")
        self.out_check = QCheckBox(_("Out now (closing time)"))
        self.out_check.setObjectName("key_out_filter")
        self.count_label = QLabel()
        self.count_label.setObjectName("key_count")
        self.new_action = self._action(_("New key…"), "action_new_key", None, self.new_key)
        self.lend_action = self._action(_("Lend…"), "action_lend_key", "Ctrl+L", self.lend_selected)
        self.return_action = self._action(_("Return…"), "action_return_key", "Ctrl+R", self.return_selected)
        self.issue_action = self._action(_("Issue to owner…"), "action_issue_key", None, self.issue_selected)
        self.copy_action = self._action(_("Copy request…"), "action_copy_key", None, self.copy_selected)
        self.lost_action = self._action(_("Lost report…"), "action_lost_key", None, self.lost_selected)
        self.count_action = self._action(_("Count…"), "action_count_keys", None, self.count_keys)
        self.handover_action = self._action(_("Hand-over…"), "action_handover_keys", None, self.hand_over)
        # Follow-ups (issue 7): copies waiting for consent or cutting, lost keys until the report is closed.
        self.copy_requests_action = self._action(
            _("Copy requests…"), "action_copy_requests", None, lambda: self._open(CopyRequestsDialog(self))
        )
        self.lost_keys_action = self._action(
            _("Lost keys…"), "action_lost_keys", None, lambda: self._open(LostKeysDialog(self))
        )
        self.print_menu = QMenu(_("Print"), self)
        self.print_menu.setObjectName("key_print_menu")
        self.print_actions = {
            "loans_today": self.print_menu.addAction(_("Key loan register, today"), self.print_loans_today),
            "log_today": self.print_menu.addAction(_("Premises key log, today"), self.print_log_today),
            "loans_key": self.print_menu.addAction(_("Loans of the selected key"), self.print_loans_of_key),
            "tag_key": self.print_menu.addAction(_("Tag of the selected key"), self.print_selected_tag),
            "tags_listed": self.print_menu.addAction(_("Tags of every listed key"), self.print_listed_tags),
        }
        self.print_button = QToolButton()
        self.print_button.setObjectName("key_print_button")
        self.print_button.setText(_("Print"))
        self.print_button.setMenu(self.print_menu)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.empty_state = EmptyState(
            "keys",
            _("No keys registered yet"),
            _(
                "Register the key sets kept at the desk: owners' keys by unit, public door and window keys by "
                "floor, plant-room keys by equipment. Then print their tags."
            ),
            _("New key…"),
        )
        self.no_match_state = EmptyState(
            "keys",
            _("No key matches"),
            _("No key matches the search and filters. Clear them to see every key."),
            _("Clear filters"),
        )
        self.stack = ListStack(self.view, self.empty_state, self.no_match_state)
        self.dialog: QWidget | None = None
        self.previews: list[PreviewWindow] = []
        self._scan_buffer = ""
        self._capturing = False
        self._filter_installed = False
        self._kept_id: int | None = None
        self.fill_filter_choices()
        self._build_layout()
        self._connect_signals()
        self.apply_filters()
        self.view.resizeColumnsToContents()
        self._update_actions()

    # -- building -----------------------------------------------------------------------------------------

    def _action(self, text: str, name: str, shortcut: str | None, slot: Any) -> QAction:
        return make_action(self, text, name, shortcut, slot)

    def _build_layout(self) -> None:
        top = make_toolbar("key_toolbar")
        for action in (self.new_action, self.lend_action, self.return_action):
            top.addAction(action)
        top.addSeparator()
        for action in (self.issue_action, self.copy_action, self.copy_requests_action, self.lost_action,
                       self.lost_keys_action):  # fmt: skip
            top.addAction(action)
        top.addSeparator()
        for action in (self.count_action, self.handover_action):
            top.addAction(action)
        top.addWidget(self.print_button)
        filters = make_toolbar("key_filters")
        for widget in (self.search_edit, self.category_combo, self.status_combo, self.building_combo,
                       self.out_check):  # fmt: skip
            filters.addWidget(widget)
        add_count(filters, self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(top)
        layout.addWidget(filters)
        layout.addWidget(self.stack, 1)

    def _connect_signals(self) -> None:
        self.search_edit.text_settled.connect(lambda _text: self.apply_filters())
        for combo in (self.category_combo, self.status_combo, self.building_combo):
            combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.out_check.toggled.connect(lambda _on: self.apply_filters())
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_actions())
        self.view.activated.connect(lambda _index: self.act_on_selected())  # Enter or a double click
        # A save anywhere reloads the model; keep the same key current across the reset.
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.empty_state.activated.connect(self.new_key)
        self.no_match_state.activated.connect(self.clear_filters)

    def fill_filter_choices(self) -> None:
        """(Re)fill the category, status and building filters, keeping the current choices."""
        current = (
            self.category_combo.currentData(),
            self.status_combo.currentData(),
            self.building_combo.currentData(),
        )
        combos = (self.category_combo, self.status_combo, self.building_combo)
        with signals_blocked(*combos):
            for combo in combos:
                combo.clear()
            self.category_combo.addItem(_("All kinds of key"), None)
            for value in rules.CATEGORIES:
                self.category_combo.addItem(category_label(value), value)
            self.status_combo.addItem(_("Any status"), None)
            for value in rules.STATUSES:
                self.status_combo.addItem(status_label(value), value)
            self.status_combo.addItem(_("Overdue"), OVERDUE)
            self.building_combo.addItem(_("All buildings"), None)
            result = ops.query(keys.buildings, parent=None)
            for building in result.value or []:
                self.building_combo.addItem(_("Building {building}").format(building=building), building)
            for combo, value in zip(combos, current, strict=True):
                combo.setCurrentIndex(max(0, combo.findData(value)))

    # -- data ---------------------------------------------------------------------------------------------

    def current_query(self) -> KeyQuery:
        """The filters on screen as a query (order kept from the model)."""
        status = self.status_combo.currentData()
        out_now = self.out_check.isChecked()
        return KeyQuery(
            category=self.category_combo.currentData(),
            status=status if status in rules.STATUSES else None,
            building=self.building_combo.currentData(),
            text=self.search_edit.text().strip(),
            out_only=out_now,
            overdue_only=status == OVERDUE,
            sort_key=self.model.query.sort_key,
            descending=self.model.query.descending,
        )

    def apply_filters(self) -> None:
        """Show the keys the filters select."""
        selected = self.selected_key()
        self.model.set_query(self.current_query())
        if selected is not None:
            self.select_key(selected.id)
        self._show_state()

    def clear_filters(self) -> None:
        """Every key again."""
        combos = (self.category_combo, self.status_combo, self.building_combo)
        with signals_blocked(*combos, self.out_check, self.search_edit):
            for combo in combos:
                combo.setCurrentIndex(0)
            self.out_check.setChecked(False)
            self.search_edit.clear()
        self.apply_filters()

    def refresh(self) -> None:
        """Reload filters and rows (staff, office or keys changed elsewhere)."""
        self.fill_filter_choices()
        self.model.reload(keep_loaded=True)
        self._show_state()

    def _on_records_changed(self, kind: str, ids: list[int]) -> None:
        if kind in self.kinds:
            self._show_state()
            if kind in ("office", "staff", "key"):
                self.fill_filter_choices()

    def _show_state(self) -> None:
        now = ops.now()
        all_count = ops.query(lambda: keys.count_keys(KeyQuery(), now=now), parent=None).value or 0
        out = ops.query(lambda: keys.count_keys(KeyQuery(out_only=True), now=now), parent=None).value or 0
        late = (
            ops.query(lambda: keys.count_keys(KeyQuery(overdue_only=True), now=now), parent=None).value or 0
        )
        self.summary.setText(
            _("{total} key sets · {out} out now · {overdue} overdue").format(
                total=all_count, out=out, overdue=late
            )
        )
        self.count_label.setText(_("{count} listed").format(count=self.model.total()))
        if all_count == 0:
            self.stack.setCurrentWidget(self.empty_state)
        elif self.model.total() == 0:
            self.stack.setCurrentWidget(self.no_match_state)
        else:
            self.stack.setCurrentWidget(self.view)

    def selected_key(self) -> KeyRow | None:
        """The key set on the current row, or None."""
        key: KeyRow | None = current_row(self.view)
        return key

    def select_key(self, key_id: int) -> bool:
        """Make key set ``key_id`` the current row; False when the filters hide it."""
        row = self.model.row_of(key_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(key_id)
        return show_row(self.view, row)

    def _remember_selection(self) -> None:
        key = self.selected_key()
        self._kept_id = key.id if key is not None else None

    def _restore_selection(self) -> None:
        kept = self._kept_id
        if kept is not None:
            row = self.model.row_of(kept)
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_actions()

    def _update_actions(self) -> None:
        key = self.selected_key()
        status = key.status if key else None
        self.lend_action.setEnabled(status == rules.IN)
        self.return_action.setEnabled(status == rules.OUT)
        self.issue_action.setEnabled(key is not None and key.category == rules.OWNER and status == rules.IN)
        self.copy_action.setEnabled(key is not None and status in (rules.IN, rules.OUT))
        self.lost_action.setEnabled(key is not None and status in (rules.IN, rules.OUT))
        self.print_actions["loans_key"].setEnabled(key is not None)
        self.print_actions["tag_key"].setEnabled(key is not None)

    # -- acting -------------------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a week of loans leaves no dialogs behind
        self.dialog = dialog
        dialog.saved.connect(lambda _value: self.model.reload(keep_loaded=True))
        dialog.open()
        return dialog

    def new_key(self) -> NewKeyDialog:
        """Register a key set."""
        dialog: NewKeyDialog = self._open(NewKeyDialog(self))
        dialog.saved.connect(lambda row: self.select_key(row.id))
        return dialog

    def lend_selected(self) -> LoanDialog | None:
        """Lend the selected key (Ctrl+L)."""
        key = self.selected_key()
        if key is None or key.status != rules.IN:
            return None
        return self.lend(key)

    def lend(self, key: KeyRow) -> LoanDialog:
        """Open the loan dialog for ``key``; after saving, offer the day's register to sign."""
        dialog: LoanDialog = self._open(LoanDialog(key, self))
        return dialog

    def return_selected(self) -> ReturnDialog | None:
        """Take the selected key back (Ctrl+R)."""
        key = self.selected_key()
        if key is None or key.loan_id is None:
            return None
        return self.take_back(key)

    def take_back(self, key: KeyRow) -> ReturnDialog | None:
        """Open the return dialog for ``key``'s open loan."""
        if key.loan_id is None:
            return None
        loan_id = key.loan_id
        result = ops.query(lambda: key_loans.get_loan(loan_id), parent=self)
        if not result.ok or result.value is None:
            return None
        dialog: ReturnDialog = self._open(ReturnDialog(result.value, self))
        dialog.saved.connect(self._after_return)
        return dialog

    def _after_return(self, result: Any) -> None:
        flags = getattr(result, "flags", ())
        if flags:
            messages.show(self, "\n".join(flags), kind=messages.Kind.WARNING, title=_("Check the return"))

    def issue_selected(self) -> OwnerIssueDialog | None:
        """Issue the selected owner set to its owner; the receipt preview opens after saving."""
        key = self.selected_key()
        if key is None or key.category != rules.OWNER or key.status != rules.IN:
            return None
        dialog: OwnerIssueDialog = self._open(OwnerIssueDialog(key, self))
        dialog.saved.connect(lambda receipt: self.preview(
            _("Key receipt {number}").format(number=receipt.number),
            lambda lang: key_store.print_receipt(receipt.number, lang=lang),
        ))  # fmt: skip
        return dialog

    def copy_selected(self) -> CopyRequestDialog | None:
        """Record a copy request for the selected key."""
        key = self.selected_key()
        return self._open(CopyRequestDialog(key, self)) if key is not None else None

    def lost_selected(self) -> LostReportDialog | None:
        """Report the selected key lost."""
        key = self.selected_key()
        return self._open(LostReportDialog(key, self)) if key is not None else None

    def count_keys(self) -> CountDialog:
        """Count the keys in custody; the count report opens after saving."""
        dialog: CountDialog = self._open(CountDialog(parent=self))
        dialog.saved.connect(lambda count: self.preview(
            _("Key count {number}").format(number=count.number),
            lambda lang: key_store.print_count_report(count.id, lang=lang),
        ))  # fmt: skip
        return dialog

    def hand_over(self) -> CountDialog:
        """Hand the keys over to another custodian; the P03 sheet opens after saving for both to sign."""
        dialog: CountDialog = self._open(CountDialog(handover=True, parent=self))
        dialog.saved.connect(lambda count: self.preview(
            _("Key hand-over {number}").format(number=count.number),
            lambda lang: key_store.print_handover(count.id, lang=lang),
        ))  # fmt: skip
        return dialog

    def act_on_selected(self) -> QWidget | None:
        """Double click / scan: the key's next step — lend it when in, take it back when out."""
        key = self.selected_key()
        if key is None:
            return None
        if key.status == rules.IN:
            return self.lend(key)
        if key.status == rules.OUT:
            return self.take_back(key)
        messages.show(
            self,
            _("Key {label} is {status}: it cannot be lent.").format(
                label=key.label, status=status_label(key.status)
            ),
            kind=messages.Kind.INFO,
        )
        return None

    # -- printing -----------------------------------------------------------------------------------------

    def preview(self, title: str, render: Any) -> PreviewWindow | None:
        """Render in the print language and open the preview (the other language one click away)."""
        lang = print_language()
        result = ops.query(lambda: render(lang), parent=self)
        if not result.ok or result.value is None:
            return None
        window = PreviewWindow(
            result.value,
            title=title,
            suggested_name=file_name(title),
            lang=lang,
            rerender=render,
            parent=self,
        )
        window.show()
        self.previews.append(window)
        return window

    def print_loans_today(self) -> PreviewWindow | None:
        """钥匙借用登记表 of today, for the signatures."""
        day = ops.now().date()
        return self.preview(
            _("Key loan register {date}").format(date=i18n.format_date(day)),
            lambda lang: key_store.print_loan_register(day=day, lang=lang),
        )

    def print_log_today(self) -> PreviewWindow | None:
        """房屋钥匙管理记录表 of today."""
        day = ops.now().date()
        return self.preview(
            _("Premises key log {date}").format(date=i18n.format_date(day)),
            lambda lang: key_store.print_key_log(day=day, lang=lang),
        )

    def print_loans_of_key(self) -> PreviewWindow | None:
        """Every loan of the selected key."""
        key = self.selected_key()
        if key is None:
            return None
        key_id = key.id
        return self.preview(
            _("Loans of key {label}").format(label=key.label),
            lambda lang: key_store.print_loan_register(key_id=key_id, lang=lang),
        )

    def print_selected_tag(self) -> PreviewWindow | None:
        """The selected key's tag."""
        key = self.selected_key()
        if key is None:
            return None
        ids = [key.id]
        return self.preview(
            _("Key tag {label}").format(label=key.label), lambda lang: key_store.print_tags(ids, lang=lang)
        )

    def print_listed_tags(self) -> PreviewWindow | None:
        """Tags of every key the filters list (24 to an A4 label sheet)."""
        now = ops.now()
        query = dataclasses.replace(self.current_query())
        result = ops.query(lambda: keys.list_keys(query, now=now, limit=100_000), parent=self)
        ids = [row.id for row in result.value or []]
        if not ids:
            return None
        return self.preview(_("Key tags"), lambda lang: key_store.print_tags(ids, lang=lang))

    # -- scanning -----------------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None and not self._filter_installed:
            app.installEventFilter(self)
            self._filter_installed = True

    def hideEvent(self, event: Any) -> None:
        self._remove_filter()
        super().hideEvent(event)

    def _remove_filter(self) -> None:
        app = QApplication.instance()
        if app is not None and self._filter_installed:
            app.removeEventFilter(self)
            self._filter_installed = False
        self._scan_buffer, self._capturing = "", False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        target_is_focus = watched is focus or (focus is None and watched is self)
        if not target_is_focus or not (watched is self or self.isAncestorOf(watched)):
            return False
        return self._scan_key(watched, event)  # type: ignore[arg-type]

    def _scan_key(self, target: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self._capturing:
                self._scan_buffer = ""
                return False
            payload, self._scan_buffer, self._capturing = self._scan_buffer, "", False
            self.open_scanned(payload)
            return True
        text = event.text()
        if not text or not text.isprintable():
            return self._capturing  # shift and the like while a tag is typed
        self._scan_buffer = (self._scan_buffer + text)[-200:]
        if self._capturing:
            return True
        if self._scan_buffer.upper().endswith(rules.TAG_PREFIX):
            self._capturing = True
            self._scan_buffer = rules.TAG_PREFIX
            self._strip_prefix(target)
            return True  # the ":" never reaches the widget
        return False

    @staticmethod
    def _strip_prefix(target: QWidget) -> None:
        """Take the ``FDKEY`` typed so far back out of a line edit (the ``:`` was swallowed)."""
        if isinstance(target, QLineEdit):
            text = target.text()
            stem = rules.TAG_PREFIX[:-1]
            if text.upper().endswith(stem):
                target.setText(text[: -len(stem)])

    def open_scanned(self, payload: str) -> QWidget | None:
        """Show the key a scanned tag names and open Loan or Return for it."""
        now = ops.now()
        result = ops.query(lambda: keys.find_by_tag(payload, now=now), parent=self)
        key = result.value if result.ok else None
        self.key_scanned.emit(key)
        if key is None:
            messages.show(
                self, _("No key has the tag {tag}.").format(tag=payload), kind=messages.Kind.WARNING
            )
            return None
        if not self.select_key(key.id):
            self.clear_filters()
            self.select_key(key.id)
        return self.act_on_selected()

    def open_loan(self, loan_id: int) -> QWidget | None:
        """Show the key of loan ``loan_id`` with Return ready (the Today board's opener)."""
        result = ops.query(lambda: key_loans.get_loan(loan_id), parent=self)
        if not result.ok or result.value is None:
            return None
        if not self.select_key(result.value.key_id):
            self.clear_filters()
            self.select_key(result.value.key_id)
        return self.act_on_selected()


def _open_loan_item(item: DueItem, parent: QWidget | None) -> Any:
    """Today board: bring the Keys page forward and open the key's return."""
    window = parent.window() if parent is not None else None
    if window is None or not hasattr(window, "show_page"):
        return None
    window.show_page("keys")
    page = window.findChild(KeysPage)
    return page.open_loan(item.record_id) if page is not None else None


openers.register_opener(key_loans.SLUG, _open_loan_item)

PAGE = KeysPage
