"""Report rows for tests, written directly: a generated version is a snapshot dict and some PDF
bytes with their hashes (the PDF sections and rendering have their own tests)."""

import datetime
import hashlib
from typing import Any

from django.utils import timezone

from core.testing.registry import register_test_object
from notifications.models import OutboxEmail
from reports.models import (
    EvaluationDelivery,
    EvaluationReport,
    EvaluationReportDocument,
    MonthlyReport,
    QbrPack,
    QbrPackDelivery,
    QbrPackDocument,
    ReportDelivery,
    ReportDocument,
    ReportRecipient,
)
from reports.snapshot import snapshot_sha256

MARCH = datetime.date(2026, 3, 1)


def summary_for(**figures: Any) -> dict[str, Any]:
    summary = {
        "sla_met": False,
        "findings": ["Uptime 99.640 % is below the 99.9 % target (116.6 minutes over the downtime budget)."],
        "uptime_percent": "99.640",
        "target_percent": "99.9",
        "credit_amount": "500.00",
        "credit_percent": "5",
        "credit_state": "Owed",
        "currency": "EUR",
        "outstanding_amount": "500.00",
        "tickets_opened": 42,
        "response_compliance_percent": "95.2",
        "resolution_compliance_percent": "88.1",
        "headline_kpis": [],
        "changes": [],
    }
    summary.update(figures)
    return summary


def snapshot_for(vendor: Any, month: datetime.date = MARCH, *, agreements: list | None = None, **figures: Any) -> dict:
    return {
        "schema": 1,
        "vendor": {"id": vendor.pk, "name": vendor.name, "kind": "PACS"},
        "month": f"{month:%Y-%m}",
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "contract": None,
        "agreements": agreements or [],
        "sections": {"summary": summary_for(**figures)},
    }


def report_for(
    vendor: Any,
    month: datetime.date = MARCH,
    *,
    version: int = 1,
    state: str = MonthlyReport.State.READY,
    pdf: bytes | None = None,
    snapshot: dict | None = None,
    **fields: Any,
) -> MonthlyReport:
    """A version as the generation leaves it: ready (current, with its PDF), generating or failed."""
    ready = state == MonthlyReport.State.READY
    values: dict[str, Any] = {"is_current": ready, "progress": 100 if ready else 0}
    if ready:
        snapshot = snapshot if snapshot is not None else snapshot_for(vendor, month)
        pdf = pdf if pdf is not None else f"%PDF-1.7 {vendor.name} {month:%Y-%m} v{version}\n".encode()
        values.update(
            snapshot=snapshot,
            snapshot_sha256=snapshot_sha256(snapshot),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            pdf_size=len(pdf),
            pages=6,
            generated_at=timezone.now(),
            progress_note="Done",
        )
    elif state == MonthlyReport.State.GENERATING:
        values.update(progress=40, progress_note="Collecting tickets", progress_at=timezone.now())
    else:
        values.update(error="RuntimeError: the KPI roll-ups are missing", progress_note="Failed")
    values.update(fields)
    report = MonthlyReport.objects.create(vendor=vendor, month=month, version=version, state=state, **values)
    if ready:
        ReportDocument.objects.create(report=report, pdf=pdf)
    return report


def supersede(report: MonthlyReport, **fields: Any) -> MonthlyReport:
    """A newer version of the same month that replaces ``report`` as the current one."""
    MonthlyReport.objects.filter(pk=report.pk).update(is_current=False)
    newer = report_for(report.vendor, report.month, version=report.version + 1, **fields)
    MonthlyReport.objects.filter(pk=report.pk).update(superseded_by=newer, superseded_at=timezone.now())
    report.refresh_from_db()
    return newer


def delivery_for(
    report: MonthlyReport,
    recipient: ReportRecipient | None,
    *,
    email: str = "",
    state: str = OutboxEmail.State.SENT,
    kind: str = ReportDelivery.Kind.SCHEDULED,
    **fields: Any,
) -> ReportDelivery:
    email = email or (recipient.email if recipient else "someone@hospital.example")
    outbox = OutboxEmail.objects.create(
        to=[email],
        from_email="desk@hospital.example",
        subject=f"{report.vendor.name}: performance report",
        state=state,
        attempts=1 if state != OutboxEmail.State.QUEUED else 0,
        sent_at=timezone.now() if state == OutboxEmail.State.SENT else None,
        last_error="SMTP 451 try again later" if state == OutboxEmail.State.FAILED else "",
    )
    return ReportDelivery.objects.create(
        report=report,
        vendor_id=report.vendor_id,
        month=report.month,
        kind=kind,
        recipient=recipient,
        email=email,
        outbox_email=outbox,
        **fields,
    )


def _next_month(vendor: Any) -> datetime.date:
    taken = MonthlyReport.objects.filter(vendor=vendor).count()
    return datetime.date(2025, 1 + taken % 12, 1)


@register_test_object(MonthlyReport)
def make_report(*, vendor: Any, user: Any, marker: str) -> MonthlyReport:
    # Generated and current: what vendor users may see of their own vendor.
    return report_for(vendor, _next_month(vendor), reason=f"{marker} reason", snapshot=snapshot_for(vendor, MARCH))


@register_test_object(ReportRecipient)
def make_recipient(*, vendor: Any, user: Any, marker: str) -> ReportRecipient:
    from vendors.tests.factories import ContactFactory

    contact = ContactFactory(vendor=vendor, name=f"{marker} report reader")
    return ReportRecipient.objects.create(vendor=vendor, contact=contact)


@register_test_object(ReportDelivery)
def make_delivery(*, vendor: Any, user: Any, marker: str) -> ReportDelivery:
    report = make_report(vendor=vendor, user=user, marker=marker)
    recipient = make_recipient(vendor=vendor, user=user, marker=marker)
    return delivery_for(report, recipient, email=f"{marker.lower()}-reader@vendor.example")


@register_test_object(QbrPack)
def make_qbr_pack(*, vendor: Any, user: Any, marker: str) -> QbrPack:
    """A generated pack of a held review (the snapshot and PDF written directly)."""
    from governance.models import Frequency, MeetingKind
    from governance.tests.factories import series_for, started_meeting_for

    series = series_for(
        vendor, title=f"{marker} QBR", kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW, frequency=Frequency.QUARTERLY
    )
    meeting = started_meeting_for(vendor, series=series)
    pdf = f"%PDF-1.7 {marker} pack".encode()
    pack = QbrPack.objects.create(
        vendor=vendor,
        meeting=meeting,
        first_month=datetime.date(2026, 6, 1),
        state=QbrPack.State.READY,
        snapshot={"vendor": {"id": vendor.pk, "name": vendor.name}},
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        pdf_size=len(pdf),
        pages=1,
        generated_at=timezone.now(),
        progress=100,
    )
    QbrPackDocument.objects.create(pack=pack, pdf=pdf)
    return pack


@register_test_object(QbrPackDelivery)
def make_qbr_delivery(*, vendor: Any, user: Any, marker: str) -> QbrPackDelivery:
    pack = make_qbr_pack(vendor=vendor, user=user, marker=marker)
    return QbrPackDelivery.objects.create(
        pack=pack,
        vendor=vendor,
        kind=QbrPackDelivery.Kind.SEND,
        name=f"{marker} reader",
        email=f"{marker.lower()}-qbr@vendor.example",
        pdf_sha256=pack.pdf_sha256,
    )


@register_test_object(EvaluationReport)
def make_evaluation_report(*, vendor: Any, user: Any, marker: str) -> EvaluationReport:
    """The generated PDF of the vendor's shared evaluation (the snapshot and PDF written directly)."""
    from scorecards.tests.factories import make_evaluation

    evaluation = make_evaluation(vendor=vendor, user=user, marker=marker)
    pdf = f"%PDF-1.7 {marker} evaluation".encode()
    report, _ = EvaluationReport.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "vendor": vendor,
            "state": EvaluationReport.State.READY,
            "snapshot": {"vendor": {"id": vendor.pk, "name": vendor.name}, "recognition": marker},
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            "pdf_size": len(pdf),
            "pages": 1,
            "generated_at": timezone.now(),
            "progress": 100,
        },
    )
    EvaluationReportDocument.objects.update_or_create(report=report, defaults={"pdf": pdf})
    return report


@register_test_object(EvaluationDelivery)
def make_evaluation_delivery(*, vendor: Any, user: Any, marker: str) -> EvaluationDelivery:
    report = make_evaluation_report(vendor=vendor, user=user, marker=marker)
    return EvaluationDelivery.objects.create(
        report=report,
        vendor=vendor,
        sent_at=timezone.now(),
        pdf_sha256=report.pdf_sha256,
        name=f"{marker} account manager",
        email=f"{marker.lower()}-manager@vendor.example",
        side=EvaluationDelivery.Side.VENDOR,
    )
