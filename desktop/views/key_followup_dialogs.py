"""The key follow-up lists: copy requests waiting for consent or cutting, lost keys until their report is closed.

A request or a loss is not finished when it is recorded: a public or plant-room key is copied only after the
engineering manager consents (001:286), and a lost key is followed up step by step until the loss is dealt with
(001:1828). Each list shows what is still open and opens the small dialog for its next step; the consent is
refused at once for a role without ``key.duplicate``, before anything is filled in.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.rules import keys as rules
from desktop.services import key_counts, key_issues
from desktop.views import allowed, ops
from desktop.views.key_dialog_base import (
    FormDialog,
    ListDialog,
    line_edit,
    staff_on_duty_name,
)
from desktop.views.tablemodels.keys import category_label


def _copy_status(request: key_issues.CopyRequestRow) -> str:
    if request.status == key_issues.MADE:
        return _("Copies made")
    if request.status == key_issues.CONSENTED:
        return _("Consented by {name}").format(name=request.consented_by)
    if rules.needs_copy_consent(request.key_category):
        return _("Waiting for consent")
    return _("No consent needed")


def _may_be_made(request: key_issues.CopyRequestRow) -> bool:
    return request.status != key_issues.MADE and (
        request.status == key_issues.CONSENTED or not rules.needs_copy_consent(request.key_category)
    )


class CopyRequestsDialog(ListDialog):
    """The copy requests not yet made: the manager's consent is recorded here, then the copies made (001:286)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Copy requests"),
            [_("Key"), _("Kind of key"), _("Requested by"), _("Reason"), _("Copies"), _("Requested at"),
             _("Status")],
            parent,
        )  # fmt: skip
        self.setObjectName("copy_requests_dialog")
        self.table.setObjectName("copy_request_table")
        self.header.setText(
            _(
                "No public or plant-room key is copied without the consent of the engineering manager or "
                "supervisor. Record the consent, then record the copies once they are cut."
            )
        )
        self.requests: list[key_issues.CopyRequestRow] = []
        self.consent_button = self.add_button(_("Consent…"), "consent_button", self.consent_selected)
        self.made_button = self.add_button(_("Copy made…"), "copy_made_button", self.made_selected)
        self._finish_layout()
        allowed.offer(self.consent_button, key_issues.consent_copy)
        self.reload()
        self.resize(820, 380)

    def reload(self) -> None:
        """Fetch the requests not yet made, newest first."""
        result = ops.query(lambda: key_issues.copy_requests(pending_only=True), parent=self)
        self.requests = list(result.value or [])
        self._show_rows(
            [
                [
                    request.key_label,
                    category_label(request.key_category),
                    request.requested_by,
                    request.reason,
                    str(request.copies),
                    i18n.format_datetime(request.requested_at, length="short"),
                    _copy_status(request),
                ]
                for request in self.requests
            ],
            _("No copy request is waiting."),
        )

    def selected_request(self) -> key_issues.CopyRequestRow | None:
        """The request on the selected row, or None."""
        row = self.current_row()
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def _update_buttons(self) -> None:
        request = self.selected_request()
        self.consent_button.setEnabled(request is not None and request.status == key_issues.PENDING)
        self.made_button.setEnabled(request is not None and _may_be_made(request))
        if request is not None and not _may_be_made(request):
            self.made_button.setToolTip(_("Record the consent first."))
        else:
            self.made_button.setToolTip("")

    def _on_double_click(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        if request.status == key_issues.PENDING and not _may_be_made(request):
            self.consent_selected()
        elif _may_be_made(request):
            self.made_selected()

    def consent_selected(self) -> CopyConsentDialog | None:
        """Record the manager's consent to the selected request; refused here at once for a role without it."""
        request = self.selected_request()
        if request is None:
            return None
        staff_id = ops.staff_on_duty()
        # The service's own check (role and engineering department), so the desk sees its refusal at once.
        if not ops.query(lambda: key_issues.check_may_consent(staff_id), parent=self).ok:
            return None
        dialog = CopyConsentDialog(request, self)
        self._open_child(dialog)
        return dialog

    def made_selected(self) -> CopyMadeDialog | None:
        """Record that the copies of the selected request were cut."""
        request = self.selected_request()
        if request is None:
            return None
        dialog = CopyMadeDialog(request, self)
        self._open_child(dialog)
        return dialog


def _copy_header(request: key_issues.CopyRequestRow) -> str:
    return _("{label}: asked for by {name} on {moment}, copies: {copies} — {reason}").format(
        label=request.key_label,
        copies=request.copies,
        name=request.requested_by,
        moment=i18n.format_datetime(request.requested_at, length="short"),
        reason=request.reason,
    )


class CopyConsentDialog(FormDialog):
    """The engineering manager or supervisor consents to one copy request."""

    def __init__(self, request: key_issues.CopyRequestRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Consent to copying key {label}").format(label=request.key_label), parent)
        self.setObjectName("copy_consent_dialog")
        self.request = request
        self.header.setText(_copy_header(request))
        self.consented_by = line_edit(staff_on_duty_name())
        self.consented_by.setPlaceholderText(_("The engineering manager or supervisor who consents"))
        self.add_field("consented_by", _("Consented by"), self.consented_by)
        self.note.setText(
            _("Only a department head, manager or administrator on duty can record the consent.")
        )
        self.note.show()
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Consent"))
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        """Record the consent."""
        request_id, name = self.request.id, self.consented_by.text()
        self.run(
            lambda by, now: key_issues.consent_copy(request_id, consented_by=name, by=by, now=now),
            "key_copy_request",
        )


class CopyMadeDialog(FormDialog):
    """The copies were cut: the key set counts them from now on."""

    def __init__(self, request: key_issues.CopyRequestRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Copies made of key {label}").format(label=request.key_label), parent)
        self.setObjectName("copy_made_dialog")
        self.request = request
        self.header.setText(_copy_header(request))
        lines = []
        if request.consented_by:
            lines.append(_("Consented by {name}").format(name=request.consented_by))
        lines.append(
            _("The new keys ({copies}) are added to the set and hung on its hook.").format(
                copies=request.copies
            )
        )
        self.note.setText("\n".join(lines))
        self.note.show()
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record copies"))
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        """Record the copies."""
        request_id = self.request.id
        # The key set's count grew: announce the key, so the register shows the new number.
        self.run(
            lambda by, now: key_issues.record_copy_made(request_id, by=by, now=now),
            "key",
            ids=lambda row: [row.key_id],
        )


class LostKeysDialog(ListDialog):
    """Lost key reports and what is being done about each, until the report is closed (001:1828)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Lost keys"),
            [_("Report no."), _("Key"), _("Keys lost"), _("Reported at"), _("Reported by"),
             _("Reported to (superior)"), _("Closed"), _("Follow-up")],
            parent,
        )  # fmt: skip
        self.setObjectName("lost_keys_dialog")
        self.table.setObjectName("lost_key_table")
        self.header.setText(
            _(
                "A lost key is reported to the superior at once; write down each step taken until the loss is "
                "dealt with."
            )
        )
        self.show_closed = QCheckBox(_("Show closed reports"))
        self.show_closed.setObjectName("show_closed_check")
        self.reports: list[key_counts.LostRow] = []
        self.follow_up_button = self.add_button(_("Follow up…"), "follow_up_button", self.follow_up_selected)
        self._finish_layout()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.show_closed)
        self.show_closed.toggled.connect(lambda _on: self.reload())
        self.reload()
        self.resize(860, 380)

    def reload(self) -> None:
        """Fetch the reports, newest first: the open ones, or every one."""
        open_only = not self.show_closed.isChecked()
        result = ops.query(lambda: key_counts.lost_reports(open_only=open_only), parent=self)
        self.reports = list(result.value or [])
        self._show_rows(
            [
                [
                    report.number,
                    report.key_label,
                    str(report.quantity),
                    i18n.format_datetime(report.reported_at, length="short"),
                    report.reported_by,
                    report.reported_to,
                    i18n.format_date(report.closed_at.date()) if report.closed_at else _("Not closed yet"),
                    " / ".join(report.actions.splitlines()),
                ]
                for report in self.reports
            ],
            _("No lost key report is open.") if open_only else _("No key has been reported lost."),
        )

    def selected_report(self) -> key_counts.LostRow | None:
        """The report on the selected row, or None."""
        row = self.current_row()
        return self.reports[row] if 0 <= row < len(self.reports) else None

    def _update_buttons(self) -> None:
        self.follow_up_button.setEnabled(self.selected_report() is not None)

    def _on_double_click(self) -> None:
        self.follow_up_selected()

    def follow_up_selected(self) -> LostFollowUpDialog | None:
        """Write what was done about the selected loss, and close the report when it is dealt with."""
        report = self.selected_report()
        if report is None:
            return None
        dialog = LostFollowUpDialog(report, self)
        self._open_child(dialog)
        return dialog


class LostFollowUpDialog(FormDialog):
    """One step taken about a lost key (lock changed, key re-cut …), dated; optionally closing the report."""

    def __init__(self, report: key_counts.LostRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Follow up lost key report {number}").format(number=report.number), parent)
        self.setObjectName("lost_follow_up_dialog")
        self.report = report
        self.header.setText(
            _("{label}: reported lost by {name} on {moment}, keys lost: {count} — {circumstances}").format(
                label=report.key_label,
                count=report.quantity,
                name=report.reported_by,
                moment=i18n.format_datetime(report.reported_at, length="short"),
                circumstances=report.circumstances,
            )
        )
        self.done_so_far = QPlainTextEdit(report.actions)
        self.done_so_far.setReadOnly(True)
        self.done_so_far.setFixedHeight(70)
        self.action_taken = QPlainTextEdit()
        self.action_taken.setFixedHeight(60)
        self.action_taken.setPlaceholderText(_("Change the lock, cut a new key, …"))
        self.action_date = QDateEdit()
        self.action_date.setCalendarPopup(True)
        self.action_date.setDisplayFormat("yyyy-MM-dd")  # as the step is written into the report
        today = ops.now().date()
        self.action_date.setDate(QDate(today.year, today.month, today.day))
        self.action_date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.close_report = QCheckBox(_("The loss is dealt with: close the report"))
        if report.closed_at is not None:
            self.close_report.setChecked(True)
            self.close_report.setEnabled(False)
            self.close_report.setText(
                _("Closed on {date}").format(date=i18n.format_date(report.closed_at.date()))
            )
        self.add_field("done_so_far", _("Done so far"), self.done_so_far)
        self.add_field("action_taken", _("Action taken"), self.action_taken)
        self.add_field("action_date", _("Date"), self.action_date)
        self.add_field("close", _("Closed"), self.close_report)
        self.set_field_visible("done_so_far", bool(report.actions.strip()))
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.resize(520, self.sizeHint().height())

    def actions_text(self) -> str:
        """Everything done so far with the new step appended as ``YYYY-MM-DD: what was done``."""
        step = " ".join(self.action_taken.toPlainText().split())
        lines = [line for line in self.report.actions.splitlines() if line.strip()]
        if step:
            day = self.action_date.date()
            lines.append(f"{date(day.year(), day.month(), day.day()).isoformat()}: {step}")
        return "\n".join(lines)

    def save(self) -> None:
        """Record the step (and close the report when ticked)."""
        self.clear_errors()
        closing = self.close_report.isChecked() and self.report.closed_at is None
        if not self.action_taken.toPlainText().strip() and not (closing and self.report.actions.strip()):
            self.show_field_error("action_taken", _("Write what was done about the lost key."))
            return
        report_id, actions = self.report.id, self.actions_text()
        self.run(
            lambda by, now: key_counts.follow_up_lost(
                report_id, actions=actions, close=closing, by=by, now=now
            ),
            "key_lost_report",
        )
