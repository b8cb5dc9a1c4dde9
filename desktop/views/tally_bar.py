"""Application-wide register shortcuts and the call counts in the status bar.

:func:`install` is called once by the main window. It adds, with ``Qt.ApplicationShortcut`` so they work from any
page and any open window:

* F5-F8: one stroke on the call tally for 技术质量 / 服务 / 销售 / 其他 (seed 000:120-121: after every call, one
  stroke of 正) — one keystroke per call;
* Ctrl+Shift+V: a new line of the visitor register (seed 001:398: written within 10 minutes of the visit) — two
  keystrokes from anywhere.

Today's counts stay visible in the status bar (:class:`TallyBar`), refreshed when a call is counted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.rules import registers as rules
from desktop.services import call_tally
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.tally_panel import CATEGORY_KEYS, count_call

VISITOR_SHORTCUT = "Ctrl+Shift+V"


class TallyBar(QLabel):
    """Today's calls per category, for the status bar: ``F5 技术质量 3 · F6 服务 1 · …``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tally_bar")
        # The counts give way on a narrow window rather than widening it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(120)
        self.setToolTip(_("Calls counted today. Press F5-F8 after each call to add one."))
        record_events().records_changed.connect(self._on_records_changed)
        self.refresh()

    def refresh(self) -> None:
        """Read today's counts again."""
        result = ops.query(lambda: call_tally.counts_for_day(ops.now().date()), parent=None)
        counts = result.value.counts if result.value is not None else dict.fromkeys(call_tally.CATEGORIES, 0)
        lang = i18n.ui_language()
        parts = [
            _("{key} {category} {count}").format(
                key=key, category=call_tally.category_label(category, lang), count=counts.get(category, 0)
            )
            for category, key in zip(call_tally.CATEGORIES, CATEGORY_KEYS, strict=True)
        ]
        self.setText("  ·  ".join(parts))
        self.counts = counts

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == call_tally.SLUG:
            self.refresh()


class RegisterShortcuts:
    """The actions :func:`install` added to a main window.

    Attributes:
        tally_actions: category key → its F5-F8 action.
        visitor_action: Ctrl+Shift+V, a new visitor line.
        bar: the status-bar counts.
    """

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.tally_actions: dict[str, QAction] = {}
        lang = i18n.ui_language()
        for category, key in zip(call_tally.CATEGORIES, CATEGORY_KEYS, strict=True):
            action = QAction(
                _("Count a call: {category}").format(category=call_tally.category_label(category, lang)),
                window,
            )
            action.setObjectName(f"action_tally_{category}")
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _checked=False, category=category: self.count(category))
            window.addAction(action)
            self.tally_actions[category] = action
        self.visitor_action = QAction(_("New visitor…"), window)
        self.visitor_action.setObjectName("action_new_visitor")
        self.visitor_action.setShortcut(QKeySequence(VISITOR_SHORTCUT))
        self.visitor_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.visitor_action.triggered.connect(lambda _checked=False: self.new_visitor())
        window.addAction(self.visitor_action)
        self.bar = TallyBar(window)
        window.statusBar().addPermanentWidget(self.bar)
        self.dialog: QWidget | None = None

    def count(self, category: str) -> None:
        """One stroke for ``category``; the status bar says what was counted."""
        result = count_call(self.window, category)
        if getattr(result, "ok", False):
            counts = self.bar.counts
            count = counts.get(category, 0)
            self.window.statusBar().showMessage(
                _("Counted: {category}, {count} today ({strokes})").format(
                    category=call_tally.category_label(category, i18n.ui_language()),
                    count=count,
                    strokes=rules.tally_strokes(count),
                ),
                4000,
            )

    def new_visitor(self) -> QWidget:
        """Open the visitor entry dialog over whatever is on screen."""
        from desktop.views.register_dialogs import open_visitor_dialog

        parent = self.window
        self.dialog = open_visitor_dialog(parent)
        return self.dialog


def install(window: QMainWindow) -> RegisterShortcuts:
    """Add the register shortcuts and the call counts to ``window``; returns them (kept on the window)."""
    shortcuts = RegisterShortcuts(window)
    window.register_shortcuts = shortcuts  # type: ignore[attr-defined]
    return shortcuts
