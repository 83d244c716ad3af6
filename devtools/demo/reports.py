"""Demo reports: recipients for every demo vendor, and an archive with history: for each vendor
the month before last, sent; for the PACS vendor also the month before that, and one version
regenerated after an incident was reclassified. Last month is left for the admin to generate
(the issue's walk-through), and the schedule then emails it once. The PACS vendor also held a
quarterly business review three weeks ago, with two decisions, and its QBR pack is generated and
emailed to the meeting's attendees and the vendor's contacts (recorded as sent; nobody is mailed).
Each vendor's latest finalised evaluation has its PDF; the shared one was sent (recorded; the
seed runs silenced, so nobody is mailed), the other waits for the admin to send it.

Generating real PDFs takes a second or two each; it happens once (the seed is idempotent)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.months import last_finished_month, previous_months
from devtools.seeding import DemoSeeder
from governance.models import Frequency, MeetingKind, MeetingSeries
from governance.services import agenda, meetings, minutes
from notifications.models import OutboxEmail
from reports.models import EvaluationReport, MonthlyReport, QbrPack, ReportRecipient
from reports.services.delivery import deliveries_schedule
from reports.services.evaluation_delivery import evaluation_report_send
from reports.services.evaluations import evaluation_report_generate
from reports.services.generation import report_generate
from reports.services.qbr import qbr_pack_generate
from reports.services.qbr_delivery import qbr_pack_send
from scorecards.models import Evaluation
from scorecards.selectors.evaluations import latest_frozen_evaluation
from vendors.models import Contact, Vendor

PACS_VENDOR = "Meridian Imaging Systems"
DEMO_VENDORS = ["Meridian Imaging Systems", "Archivault Health", "Lumen Diagnostics AI"]


def _recipients(demo: DemoSeeder, vendor: Vendor) -> None:
    User = get_user_model()
    people = list(User.objects.filter(Q(username="admin") | Q(vendor=vendor, is_active=True)))
    for user in people:
        _, created = ReportRecipient.objects.get_or_create(vendor=vendor, user=user)
        demo.count_created("report recipients", created)
    manager = (
        Contact.objects.filter(vendor=vendor, role=Contact.Role.ACCOUNT_MANAGER)
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    if manager is not None:
        _, created = ReportRecipient.objects.get_or_create(vendor=vendor, contact=manager)
        demo.count_created("report recipients", created)


def _mark_delivered(report: MonthlyReport, sent_at: datetime.datetime, failed_address: str = "") -> None:
    """Record the demo's deliveries in the outbox as the worker would have (so seeding sends no
    real mail), one of them failed after its last attempt."""
    for delivery in report.deliveries.select_related("outbox_email"):
        email = delivery.outbox_email
        if email.to == [failed_address]:
            email.state, email.attempts, email.next_attempt_at = OutboxEmail.State.FAILED, 6, None
            email.last_error = "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable"
        else:
            email.state, email.attempts, email.sent_at, email.next_attempt_at = OutboxEmail.State.SENT, 1, sent_at, None
        email.save(update_fields=["state", "attempts", "sent_at", "next_attempt_at", "last_error"])


def _archive(demo: DemoSeeder, vendor: Vendor, month: datetime.date, *, failed_address: str = "") -> MonthlyReport:
    report = MonthlyReport.objects.filter(vendor=vendor, month=month, is_current=True).first()
    if report is None:
        report = report_generate(vendor=vendor, month=month)
        demo.count_created("monthly reports", True)
        deliveries_schedule(report=report)
        _mark_delivered(report, timezone.now(), failed_address)
    return report


def seed(demo: DemoSeeder) -> None:
    vendors = list(Vendor.objects.filter(name__in=DEMO_VENDORS).order_by("name"))
    for vendor in vendors:
        _recipients(demo, vendor)
    last = last_finished_month()
    before_last, two_before = previous_months(last, 3)[1], previous_months(last, 3)[0]
    admin = get_user_model().objects.filter(username="admin").first()
    for vendor in vendors:
        failed = "lumen@vendor.example" if vendor.name == "Lumen Diagnostics AI" else ""
        _archive(demo, vendor, before_last, failed_address=failed)
        if vendor.name != PACS_VENDOR:
            continue
        first = _archive(demo, vendor, two_before)
        if first.version == 1 and not MonthlyReport.objects.filter(vendor=vendor, month=two_before, version=2).exists():
            report_generate(
                vendor=vendor,
                month=two_before,
                requested_by=admin,
                reason="Incident reclassified as not vendor attributable after the review.",
            )
            demo.count_created("monthly reports", True)
    qbr_seed(demo)
    evaluation_seed(demo)


QBR_DECISIONS = [
    "The P2 response target stays at one hour; the vendor adds a second on-call engineer.",
    "The viewer upgrade to release 8.2 follows the next disaster-recovery test.",
]


def qbr_seed(demo: DemoSeeder) -> None:
    """The PACS vendor's last quarterly business review, held three weeks ago, and its pack."""
    vendor = Vendor.objects.filter(name=PACS_VENDOR).first()
    admin = get_user_model().objects.filter(username="admin").first()
    if vendor is None or admin is None or QbrPack.objects.filter(vendor=vendor).exists():
        return
    held = timezone.localdate() - datetime.timedelta(days=21)
    series = meetings.series_create(
        series=MeetingSeries(
            vendor=vendor,
            kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW,
            title=f"Last quarter's business review with {vendor}",
            frequency=Frequency.ONCE,
            first_start=timezone.make_aware(datetime.datetime.combine(held, datetime.time(14, 0))),
            duration_minutes=120,
            location="Board room",
        ),
        hospital_attendees=[admin],
        vendor_attendees=list(vendor.contacts.order_by("escalation_level", "pk")[:1]),
        actor=admin,
    )
    meeting = agenda.meeting_start(meeting=series.meetings.get(), actor=admin, now=series.first_start)
    for text in QBR_DECISIONS:
        minutes.decision_record(meeting=meeting, text=text, actor=admin)
    pack = qbr_pack_generate(meeting=meeting, requested_by=admin)
    demo.count_created("QBR packs", True)
    sent_at = timezone.now()
    for delivery in qbr_pack_send(pack=pack, requested_by=admin):
        # Recorded in the outbox as the worker would have sent it (seeding sends no real mail).
        OutboxEmail.objects.filter(pk=delivery.outbox_email_id).update(
            state=OutboxEmail.State.SENT, attempts=1, sent_at=sent_at, next_attempt_at=None
        )


def evaluation_seed(demo: DemoSeeder) -> None:
    """The PDF of each demo vendor's latest finalised evaluation; a shared one sent once."""
    admin = get_user_model().objects.filter(username="admin").first()
    if admin is None:
        return
    for vendor in Vendor.objects.filter(name__in=DEMO_VENDORS).order_by("name"):
        evaluation = latest_frozen_evaluation(vendor.pk, before=timezone.now())
        if evaluation is None or EvaluationReport.objects.filter(evaluation=evaluation).exists():
            continue
        report = evaluation_report_generate(evaluation=evaluation, requested_by=admin)
        demo.count_created("evaluation PDFs", True)
        if evaluation.state == Evaluation.State.SHARED and report.state == EvaluationReport.State.READY:
            evaluation_report_send(report=report, by=admin)
