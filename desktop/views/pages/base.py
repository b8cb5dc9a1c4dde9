"""What every page shares: identity for the navigation, refresh on record events, and the empty state.

A page is built once per main window. It refreshes itself when :mod:`desktop.views.events` announces a
record kind it lists (``kinds``), so a save anywhere shows up everywhere without the window knowing who
shows what.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.views.events import record_events
from desktop.views.icons import icon


class Page(QWidget):
    """One page of the main window.

    Attributes:
        key: invariant name used by office-type presets and the page registry.
        title: navigation label, English source marked with ``N_``; translate with ``_()`` when shown.
        icon_name: file name (without ``.svg``) in ``resources/icons``.
        kinds: record kinds whose changes make this page refresh.
        every_kind: refresh on a change of any kind (a page that gathers every record kind, like Today).
    """

    key: str = ""
    title: str = ""
    icon_name: str = ""
    kinds: tuple[str, ...] = ()
    every_kind: bool = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{self.key}")
        record_events().records_changed.connect(self._on_records_changed)

    def refresh(self) -> None:
        """Reload what the page shows (pages that show data override this)."""

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if self.every_kind or kind in self.kinds:
            self.refresh()


class EmptyState(QWidget):
    """A friendly placeholder: big icon, a heading, one sentence of what will be here, an optional button.

    Signals:
        activated(): the button was clicked.
    """

    activated = Signal()

    def __init__(
        self,
        icon_name: str,
        heading: str,
        sentence: str,
        button_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon(icon_name).pixmap(QSize(72, 72)))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading_label = QLabel(heading)
        self.heading_label.setObjectName("empty_heading")
        self.heading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.heading_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading_label.setFont(font)
        self.sentence_label = QLabel(sentence)
        self.sentence_label.setObjectName("empty_sentence")
        self.sentence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setMaximumWidth(520)
        self.sentence_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.button: QPushButton | None = QPushButton(button_text) if button_text else None
        self._build_layout()
        if self.button is not None:
            self.button.clicked.connect(self.activated)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.icon_label)
        layout.addSpacing(12)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.sentence_label, 0, Qt.AlignmentFlag.AlignHCenter)
        if self.button is not None:
            layout.addSpacing(12)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
