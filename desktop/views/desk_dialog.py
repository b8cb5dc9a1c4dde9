"""What every FrontDesk dialog does, kept in one base class: :class:`DeskDialog`.

**Messages are never clipped.** A line that appears under a field ("Enter a phone number to reach the borrower
while the key is out.") is a word-wrapped label. Qt sizes a top-level window from its layout's minimum size,
which ignores height-for-width, so a form row keeps the height of one line and the rest of the message is cut
off mid-line. :func:`keep_text_visible` watches the window's layout requests and grows the window to the height
its layout needs at its width (never past the screen); every dialog gets it from :class:`DeskDialog`.

**Escape never throws typed text away.** Escape, Cancel and the window's close button all end in ``reject()``.
When the desk typed anything since the dialog opened (:meth:`DeskDialog.has_changes`), it is asked "Discard what
you typed in this form?" first; answering No keeps the dialog and the text. Search boxes and password fields
hold nothing worth asking about (:func:`throwaway`).

Message lines are made by :func:`message_line`, so tests find every one of them (the ``frontdesk_message``
property) and prove none is clipped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from desktop.i18n import _
from desktop.views import messages

#: Colour of error text: the same dark red the desk's paper forms use for corrections, readable on white.
ERROR_COLOUR = "#b00020"
#: Amber for a warning that does not stop the save ("this phone already has open sheets").
WARNING_COLOUR = "#8a5a00"
#: Dynamic property marking a message line, with its kind ("error", "warning", "note").
MESSAGE_PROPERTY = "frontdesk_message"
#: Dynamic property marking an input whose text is not worth a question (a search box, a password).
THROWAWAY_PROPERTY = "frontdesk_throwaway"

_COLOURS = {"error": ERROR_COLOUR, "warning": WARNING_COLOUR, "note": ""}


def message_line(name: str = "", *, kind: str = "error", parent: QWidget | None = None) -> QLabel:
    """A word-wrapped line for a message beside a field, hidden until it has something to say.

    Args:
        name: the object name (tests find it by this).
        kind: ``"error"`` (red), ``"warning"`` (amber) or ``"note"`` (the ordinary text colour).
        parent: the owner.
    """
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setProperty(MESSAGE_PROPERTY, kind)
    if _COLOURS[kind]:
        label.setStyleSheet(f"color: {_COLOURS[kind]};")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def fit_placeholder(edit: QLineEdit, *, at_least: int = 0) -> None:
    """Never let ``edit`` be narrower than its placeholder (a cut hint such as "YYYY-MM-D" misleads)."""
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 16
    if edit.isClearButtonEnabled():
        needed += edit.sizeHint().height()  # the clear button, a square as high as the edit
    edit.setMinimumWidth(max(at_least, needed, edit.minimumWidth()))


def throwaway(widget: QWidget) -> QWidget:
    """Mark ``widget`` (a search or filter box) as holding nothing the desk would miss; returns it."""
    widget.setProperty(THROWAWAY_PROPERTY, True)
    return widget


def typed_text(root: QWidget) -> tuple[str, ...]:
    """Everything typed into ``root``'s editable text inputs (line edits, text boxes), in widget order.

    Read-only inputs, passwords and :func:`throwaway` inputs are left out. The line edits inside spin boxes,
    date edits and editable combo boxes count: what the desk entered there is typed too. A dialog opened over
    ``root`` (a consent over the list of copy requests) is a window of its own: its inputs are its own.
    """
    texts: list[str] = []
    window = root.window()
    for widget in root.findChildren(QWidget):
        if (
            widget.property(THROWAWAY_PROPERTY)
            or _inside_throwaway(widget, root)
            or widget.window() is not window
        ):
            continue
        if isinstance(widget, QLineEdit):
            if not widget.isReadOnly() and widget.echoMode() == QLineEdit.EchoMode.Normal:
                texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
            texts.append(widget.toPlainText())
    return tuple(texts)


def _inside_throwaway(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if parent.property(THROWAWAY_PROPERTY):
            return True
        parent = parent.parentWidget()
    return False


def ask_before_discarding(parent: QWidget, discard: object) -> None:
    """Ask "Discard what you typed in this form?"; ``discard()`` runs only on Yes."""
    messages.show(
        parent,
        _("Discard what you typed in this form?"),
        kind=messages.Kind.QUESTION,
        title=_("Discard changes"),
        on_yes=discard,  # type: ignore[arg-type]
    )


def fit_height(window: QWidget) -> None:
    """Grow ``window`` to the height its layout needs at its present width (at most the screen's)."""
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    if needed <= window.height():
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        frame = window.frameGeometry().height() - window.geometry().height()
        needed = min(needed, max(screen.availableGeometry().height() - frame, window.height()))
    window.resize(window.width(), needed)


class _TextKeeper(QObject):
    """Refits its window after every layout change and resize."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            fit_height(watched)
        return False


def keep_text_visible(window: QWidget) -> None:
    """Make ``window`` grow whenever a wrapped line (a message under a field) needs more height."""
    if window.findChild(_TextKeeper, options=Qt.FindChildOption.FindDirectChildrenOnly) is None:
        window.installEventFilter(_TextKeeper(window))


class DeskDialog(QDialog):
    """A dialog that shows its messages whole and asks before typed text is thrown away.

    Subclasses that know better what "changed" means (the generated entry dialog compares field values)
    override :meth:`has_changes`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed_at_open: tuple[str, ...] | None = None
        keep_text_visible(self)

    def mark_unchanged(self) -> None:
        """Take what the inputs hold now as the starting point (after filling them in code)."""
        self._typed_at_open = typed_text(self)

    def has_changes(self) -> bool:
        """Whether anything was typed since the dialog opened (or :meth:`mark_unchanged`)."""
        if self._typed_at_open is None:
            return False
        return typed_text(self) != self._typed_at_open

    def reject(self) -> None:
        """Escape / Cancel / the close button: ask first when something was typed."""
        if self.result() != QDialog.DialogCode.Accepted and self.isVisible() and self.has_changes():
            ask_before_discarding(self, self.discard)
            return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        QDialog.reject(self)

    def showEvent(self, event: object) -> None:
        if self._typed_at_open is None:
            self.mark_unchanged()
        super().showEvent(event)  # type: ignore[arg-type]
