"""Reads on reports shared by the archive pages, the vendor portal and the API."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from core.formatting import format_count
from notifications.models import OutboxEmail
from reports.models import EvaluationDelivery, EvaluationReport, MonthlyReport, QbrPack, ReportDelivery, ReportRecipient
from scorecards.models import Evaluation


def _status_code() -> Case:
    """The archive's status of a version, in order of precedence: its generation, then its
    emails (needs the delivery counts)."""
    State = MonthlyReport.State
    return Case(
        When(state=State.GENERATING, then=Value("generating")),
        When(state=State.FAILED, then=Value("failed")),
        When(deliveries_failed__gt=0, then=Value("delivery_failed")),
        When(deliveries_queued__gt=0, then=Value("sending")),
        When(deliveries_total__gt=0, then=Value("sent")),
        When(is_current=False, then=Value("superseded")),
        default=Value("generated"),
        output_field=CharField(),
    )


STATUS_CHOICES = [
    ("generating", "Generating"),
    ("generated", "Generated, not sent"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("delivery_failed", "Delivery failed"),
    ("failed", "Generation failed"),
    ("superseded", "Superseded, not sent"),
]


def report_list() -> QuerySet[MonthlyReport]:
    """Versions, newest month first, with vendor and requester, their deliveries counted by
    outbox state and ``status_code`` (what ``report_status`` shows; filterable), in one query
    however many reports."""
    state = "deliveries__outbox_email__state"
    return (
        MonthlyReport.objects.select_related("vendor", "requested_by", "superseded_by")
        .defer("snapshot")
        .annotate(
            deliveries_total=Count("deliveries", distinct=True),
            deliveries_sent=Count("deliveries", filter=Q(**{state: OutboxEmail.State.SENT}), distinct=True),
            deliveries_failed=Count("deliveries", filter=Q(**{state: OutboxEmail.State.FAILED}), distinct=True),
            deliveries_queued=Count("deliveries", filter=Q(**{state: OutboxEmail.State.QUEUED}), distinct=True),
        )
        .annotate(status_code=_status_code())
        .order_by("-month", "vendor__name", "-version")
    )


def report_detail() -> QuerySet[MonthlyReport]:
    return report_list().prefetch_related("agreements")


@dataclass(frozen=True)
class ReportStatus:
    code: str  # generating, failed, generated, sending, sent, delivery_failed, superseded
    label: str
    tone: str  # Bootstrap colour: success, warning, danger, secondary, info


def report_status(report: MonthlyReport) -> ReportStatus:
    """What the archive shows for a version (needs the ``report_list`` annotations)."""
    code = report.status_code
    if code == "generating":
        return ReportStatus(code, f"Generating ({report.progress} %)", "info")
    if code == "failed":
        return ReportStatus(code, "Generation failed", "danger")
    if code == "delivery_failed":
        return ReportStatus(code, f"Failed to {format_count(report.deliveries_failed, 'recipient')}", "danger")
    if code == "sending":
        return ReportStatus(code, f"Sending ({report.deliveries_sent}/{report.deliveries_total})", "warning")
    if code == "sent":
        suffix = " (superseded)" if not report.is_current else ""
        return ReportStatus(code, f"Sent to {report.deliveries_total}{suffix}", "success")
    if code == "superseded":
        return ReportStatus(code, "Superseded", "secondary")
    return ReportStatus(code, "Generated, not sent", "primary")


def report_deliveries(report: MonthlyReport) -> QuerySet[ReportDelivery]:
    return (
        ReportDelivery.objects.filter(report=report)
        .select_related("outbox_email", "recipient__user", "recipient__contact", "requested_by")
        .order_by("-created_at", "email")
    )


def recipient_list() -> QuerySet[ReportRecipient]:
    return ReportRecipient.objects.select_related("vendor", "user", "contact", "added_by")


def qbr_pack_list() -> QuerySet[QbrPack]:
    """QBR packs with their vendor and meeting; never their snapshot (the pages list them)."""
    return QbrPack.objects.select_related("vendor", "meeting__series", "requested_by").defer("snapshot")


def evaluation_report_list() -> QuerySet[EvaluationReport]:
    """Evaluation PDFs with their vendor and evaluation; never their snapshot (pages list them)."""
    return EvaluationReport.objects.select_related("vendor", "evaluation", "requested_by").defer(
        "snapshot", "evaluation__snapshot"
    )


def evaluation_report_of(evaluation: Evaluation) -> EvaluationReport | None:
    """The evaluation's PDF, if one was generated (the evaluation page links it)."""
    return EvaluationReport.objects.filter(evaluation=evaluation).defer("snapshot").first()


@dataclass(frozen=True)
class EvaluationSend:
    sent_at: datetime.datetime
    sent_by: str
    deliveries: list[EvaluationDelivery]


def evaluation_sends(report: EvaluationReport) -> list[EvaluationSend]:
    """The PDF's sends, latest first, each with its addresses and their outbox state. One query."""
    rows = EvaluationDelivery.objects.filter(report=report).select_related("sent_by", "outbox_email")
    sends: dict[datetime.datetime, EvaluationSend] = {}
    for row in rows.order_by("-sent_at", "side", "name", "pk"):
        if row.sent_at not in sends:
            who = (row.sent_by.get_full_name() or row.sent_by.username) if row.sent_by else "a former user"
            sends[row.sent_at] = EvaluationSend(row.sent_at, who, [])
        sends[row.sent_at].deliveries.append(row)
    return list(sends.values())
