"""The report archive's tables: the hospital archive (with its CSV export) and recipients (the
portal's list of a vendor's reports is in ``portal/tables.py``)."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.months import next_month
from reports.models import EvaluationReport, MonthlyReport, QbrPack, ReportRecipient
from reports.selectors import report_status

SHORT_HASH = 12


def _detail_url(record: MonthlyReport) -> str:
    return reverse("reports:report_detail", kwargs={"pk": record.pk})


def _progress_url(record: MonthlyReport) -> str:
    return reverse("reports:report_progress", kwargs={"pk": record.pk})


def local_instant(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def status_badge(report: MonthlyReport) -> SafeString:
    status = report_status(report)
    return format_html('<span class="badge text-bg-{}">{}</span>', status.tone, status.label)


def progress_bar(report: MonthlyReport) -> SafeString:
    """A generating version: how far it got and what it is doing (refreshed by htmx)."""
    return format_html(
        '<div class="report-progress" role="status">'
        '<div class="progress" role="progressbar" aria-label="Generating" aria-valuenow="{0}" aria-valuemin="0" '
        'aria-valuemax="100"><div class="progress-bar progress-bar-striped progress-bar-animated" '
        'style="width: {0}%"></div></div>'
        '<div class="small text-body-secondary text-truncate">Generating {0} % · {1}</div></div>',
        report.progress,
        report.progress_note or "Waiting for a worker",
    )


def hash_cell(value: str) -> SafeString:
    """The first characters of a SHA-256 (the whole of it in the title, and selectable)."""
    if not value:
        return format_html('<span class="text-body-secondary">{}</span>', "—")
    return format_html('<code class="text-nowrap" title="{0}">{1}…</code>', value, value[:SHORT_HASH])


def version_marker(report: MonthlyReport) -> SafeString:
    if report.is_current:
        return format_html('<span class="badge text-bg-success">{}</span>', "Current")
    if report.superseded_by_id:
        return format_html(
            '<span class="badge text-bg-secondary">superseded by v{}</span>', report.superseded_by.version
        )
    return format_html("{}", "")


class MonthlyReportTable(tables.Table):
    vendor = tables.Column(order_by=("vendor__name",))
    month = tables.Column(linkify=_detail_url, attrs={"td": {"class": "text-nowrap"}})
    version = tables.Column(verbose_name="Version", linkify=_detail_url, attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(accessor="state", verbose_name="Status", order_by=("state",))
    generated_at = tables.Column(verbose_name="Generated", attrs={"td": {"class": "text-nowrap"}})
    # Versions the monthly schedule generated have no requester.
    requested_by = tables.Column(
        verbose_name="By", empty_values=(), order_by=("requested_by__last_name", "requested_by__username")
    )
    pages = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    pdf_sha256 = tables.Column(verbose_name="PDF SHA-256")

    class Meta:
        model = MonthlyReport
        fields = ("vendor", "month", "version", "status", "generated_at", "requested_by", "pages", "pdf_sha256")
        empty_text = (
            "No reports match. Each vendor's report is generated after a month ends; "
            "hospital admins can generate one now."
        )
        row_attrs = {
            "id": lambda record: f"report-{record.pk}",
            # A version being generated refreshes its row every 2 s until it is done.
            "hx-get": lambda record: _progress_url(record) if record.state == MonthlyReport.State.GENERATING else None,
            "hx-trigger": lambda record: "every 2s" if record.state == MonthlyReport.State.GENERATING else None,
            "hx-swap": lambda record: "outerHTML" if record.state == MonthlyReport.State.GENERATING else None,
        }

    def render_month(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"

    def value_month(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"

    def render_version(self, record: MonthlyReport) -> SafeString:
        return format_html("v{} {}", record.version, version_marker(record))

    def value_version(self, record: MonthlyReport) -> str:
        if record.superseded_by_id:
            return f"{record.version} (superseded by {record.superseded_by.version})"
        return f"{record.version}{' (current)' if record.is_current else ''}"

    def render_status(self, record: MonthlyReport) -> SafeString:
        if record.state == MonthlyReport.State.GENERATING:
            return progress_bar(record)
        return status_badge(record)

    def value_status(self, record: MonthlyReport) -> str:
        return report_status(record).label

    def render_generated_at(self, value: datetime.datetime) -> str:
        return local_instant(value)

    def value_generated_at(self, value: datetime.datetime | None) -> str:
        return timezone.localtime(value).isoformat(timespec="seconds") if value else ""

    def render_requested_by(self, record: MonthlyReport) -> str:
        return str(record.requested_by) if record.requested_by_id else "Schedule"

    def value_requested_by(self, record: MonthlyReport) -> str:
        return str(record.requested_by) if record.requested_by_id else "Schedule"

    def render_pages(self, record: MonthlyReport) -> str:
        return str(record.pages) if record.state == MonthlyReport.State.READY else "—"

    def render_pdf_sha256(self, value: str) -> SafeString:
        return hash_cell(value)

    def value_pdf_sha256(self, value: str) -> str:
        return value


class SiblingRowTable(MonthlyReportTable):
    """Rows the progress poll swaps in beside the one it asked for (htmx out-of-band)."""

    class Meta(MonthlyReportTable.Meta):
        row_attrs = {**MonthlyReportTable.Meta.row_attrs, "hx-swap-oob": "true"}


class RecipientTable(tables.Table):
    vendor = tables.Column(order_by=("vendor__name",))
    name = tables.Column(accessor="pk", verbose_name="Name", orderable=False, attrs={"td": {"class": "text-nowrap"}})
    email = tables.Column(accessor="pk", verbose_name="Email", orderable=False)
    kind = tables.Column(accessor="pk", verbose_name="Kind", orderable=False, attrs={"td": {"class": "text-nowrap"}})
    opted_out_at = tables.Column(verbose_name="Receives", empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    added = tables.Column(accessor="created_at", verbose_name="Added", attrs={"td": {"class": "text-nowrap"}})
    actions = tables.TemplateColumn(
        template_name="reports/includes/recipient_actions.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
        attrs={"td": {"class": "text-end text-nowrap"}},
    )

    class Meta:
        model = ReportRecipient
        fields = ("vendor", "name", "email", "kind", "opted_out_at", "added", "actions")
        empty_text = "No recipients. Add hospital users or the vendor's contacts who should receive the report."

    def render_name(self, record: ReportRecipient) -> str:
        return record.name

    def value_name(self, record: ReportRecipient) -> str:
        return record.name

    def render_email(self, record: ReportRecipient) -> SafeString:
        if not record.email:
            return format_html('<span class="badge text-bg-warning">{}</span>', "no email address")
        return format_html("{}", record.email)

    def value_email(self, record: ReportRecipient) -> str:
        return record.email

    def render_kind(self, record: ReportRecipient) -> str:
        return record.kind_display

    def value_kind(self, record: ReportRecipient) -> str:
        return record.kind_display

    def render_opted_out_at(self, record: ReportRecipient) -> SafeString:
        if record.opted_out_at:
            return format_html(
                '<span class="badge text-bg-secondary">Opted out {}</span>',
                f"{timezone.localdate(record.opted_out_at)}",
            )
        if record.user_id and not record.user.is_active:
            return format_html('<span class="badge text-bg-warning">{}</span>', "Account deactivated")
        return format_html('<span class="badge text-bg-success">{}</span>', "Yes")

    def value_opted_out_at(self, record: ReportRecipient) -> str:
        if record.opted_out_at:
            return f"opted out {timezone.localdate(record.opted_out_at)}"
        return "yes"

    def render_added(self, record: ReportRecipient) -> str:
        by = f" by {record.added_by}" if record.added_by_id else ""
        return f"{timezone.localdate(record.created_at)}{by}"

    def value_added(self, record: ReportRecipient) -> str:
        return timezone.localtime(record.created_at).isoformat(timespec="seconds")


QBR_STATE_TONES = {QbrPack.State.GENERATING: "info", QbrPack.State.READY: "success", QbrPack.State.FAILED: "danger"}


def qbr_months_label(pack: QbrPack) -> str:
    return f"{pack.first_month:%b %Y} to {next_month(next_month(pack.first_month)):%b %Y}"


class QbrPackTable(tables.Table):
    vendor = tables.Column(order_by=("vendor__name",))
    meeting = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("meeting__starts_at",))
    months = tables.Column(
        accessor="first_month", verbose_name="Months reviewed", attrs={"td": {"class": "text-nowrap"}}
    )
    state = tables.Column(verbose_name="Status")
    generated_at = tables.Column(verbose_name="Generated", attrs={"td": {"class": "text-nowrap"}})
    pages = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta:
        model = QbrPack
        fields = ("vendor", "meeting", "months", "state", "generated_at", "pages")
        empty_text = "No QBR packs yet. Once a quarterly business review has started, generate its pack here."

    def render_meeting(self, record: QbrPack) -> str:
        return f"{record.meeting.series.title}, {timezone.localtime(record.meeting.starts_at):%Y-%m-%d}"

    def value_meeting(self, record: QbrPack) -> str:
        return self.render_meeting(record)

    def render_months(self, record: QbrPack) -> str:
        return qbr_months_label(record)

    def value_months(self, record: QbrPack) -> str:
        return qbr_months_label(record)

    def render_state(self, record: QbrPack) -> SafeString:
        if record.state == QbrPack.State.GENERATING:
            return format_html(
                '<span class="badge text-bg-info">Generating {} %</span> '
                '<span class="small text-body-secondary">{}</span>',
                record.progress,
                record.progress_note,
            )
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', QBR_STATE_TONES[record.state], record.get_state_display()
        )

    def value_state(self, record: QbrPack) -> str:
        return record.get_state_display()

    def render_generated_at(self, value: datetime.datetime) -> str:
        return local_instant(value)

    def value_generated_at(self, value: datetime.datetime | None) -> str:
        return timezone.localtime(value).isoformat(timespec="seconds") if value else ""

    def render_pages(self, record: QbrPack) -> str:
        return str(record.pages) if record.state == QbrPack.State.READY else "—"


class EvaluationReportTable(tables.Table):
    vendor = tables.Column(order_by=("vendor__name",))
    evaluation = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        order_by=("evaluation__period_start",),
        verbose_name="Period",
    )
    standing = tables.Column(accessor="evaluation__standing", verbose_name="Standing", orderable=False)
    state = tables.Column(verbose_name="Status")
    generated_at = tables.Column(verbose_name="Generated", attrs={"td": {"class": "text-nowrap"}})
    pages = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta:
        model = EvaluationReport
        fields = ("vendor", "evaluation", "standing", "state", "generated_at", "pages")
        empty_text = "No evaluation PDFs yet. Once an evaluation is finalised, generate its PDF here."

    def render_evaluation(self, record: EvaluationReport) -> str:
        return f"{record.evaluation.period_label} evaluation"

    def value_evaluation(self, record: EvaluationReport) -> str:
        return self.render_evaluation(record)

    def render_state(self, record: EvaluationReport) -> SafeString:
        if record.state == EvaluationReport.State.GENERATING:
            return format_html(
                '<span class="badge text-bg-info">Generating {} %</span> '
                '<span class="small text-body-secondary">{}</span>',
                record.progress,
                record.progress_note,
            )
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', QBR_STATE_TONES[record.state], record.get_state_display()
        )

    def value_state(self, record: EvaluationReport) -> str:
        return record.get_state_display()

    def render_generated_at(self, value: datetime.datetime | None) -> str:
        return local_instant(value)
