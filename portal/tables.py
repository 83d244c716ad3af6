"""Every table of the portal: the hospital's tables, linked to portal pages and without the vendor
column (a vendor user sees one vendor), and the list of the vendor's monthly reports."""

import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from compliance.tables.assessments import AssessmentTable
from compliance.tables.documents import ComplianceDocumentTable
from compliance.tables.incidents import SecurityIncidentTable
from compliance.tables.remote_access import RemoteAccessSessionTable
from governance.tables.meetings import MeetingTable
from kpis.tables.probes import ProbeTable
from operations.tables.health import HealthAssessmentTable
from operations.tables.lessons import LessonsReviewTable
from operations.tables.lifecycle import LifecycleTable
from operations.tables.plans import ChangePlanTable
from operations.tables.recovery import RecoveryTestTable
from reports.models import MonthlyReport, QbrPack
from reports.tables import MonthlyReportTable, QbrPackTable, hash_cell, local_instant, version_marker
from scorecards.tables.evaluations import EvaluationTable
from scorecards.tables.plans import ImprovementPlanTable
from scorecards.tables.surveys import SurveyTable
from slas.tables.credits import CreditStatementTable
from slas.tables.incidents import NOWRAP, TITLE_WIDTH, IncidentTable
from slas.tables.maintenance import MaintenanceWindowTable
from tickets.tables import TicketTable
from training.models import Article
from training.tables.articles import ArticleTable
from training.tables.certifications import CertificationTable
from training.tables.completions import CompletionTable
from training.tables.courses import CourseTable
from training.tables.sessions import SessionTable
from vendors.tables import ComponentTable, ContactTable, ContractTable, InterfaceTable


class PortalContactTable(ContactTable):
    name = tables.Column(linkify=lambda record: reverse("portal:contact_edit", kwargs={"pk": record.pk}))

    class Meta(ContactTable.Meta):
        exclude = ("vendor",)


class PortalContractTable(ContractTable):
    reference = tables.Column(linkify=lambda record: reverse("portal:contract_detail", kwargs={"pk": record.pk}))

    class Meta(ContractTable.Meta):
        exclude = ("vendor",)


class PortalComponentTable(ComponentTable):
    name = tables.Column()

    class Meta(ComponentTable.Meta):
        exclude = ("vendor",)


class PortalInterfaceTable(InterfaceTable):
    name = tables.Column(linkify=lambda record: reverse("portal:interface_detail", kwargs={"pk": record.pk}))
    source = tables.Column(order_by=("source__vendor__name", "source__name"))
    target = tables.Column(order_by=("target__vendor__name", "target__name"))


class PortalTicketTable(TicketTable):
    id = tables.Column(
        verbose_name="#", linkify=lambda record: reverse("portal:ticket_detail", kwargs={"pk": record.pk})
    )
    title = tables.Column(linkify=lambda record: reverse("portal:ticket_detail", kwargs={"pk": record.pk}))

    class Meta(TicketTable.Meta):
        exclude = ("vendor",)


class PortalCreditStatementTable(CreditStatementTable):
    month = tables.Column(linkify=lambda record: reverse("portal:credit_detail", kwargs={"pk": record.pk}))

    class Meta(CreditStatementTable.Meta):
        exclude = ("vendor",)
        empty_text = (
            "No service credits yet. The hospital computes a statement after each month ends; "
            "a month shows here once the hospital claims its credit, or when nothing is owed."
        )


def _portal_url(record: object) -> str:
    return reverse("portal:incident_detail", kwargs={"pk": record.pk})


class PortalIncidentTable(IncidentTable):
    """The hospital's incident table, linked to portal pages and without the vendor column."""

    id = tables.Column(verbose_name="#", linkify=_portal_url, attrs=NOWRAP)
    title = tables.Column(linkify=_portal_url, attrs=TITLE_WIDTH)

    class Meta(IncidentTable.Meta):
        exclude = ("vendor",)


class PortalMaintenanceWindowTable(MaintenanceWindowTable):
    detail_url_name = "portal:maintenance_detail"

    class Meta(MaintenanceWindowTable.Meta):
        exclude = ("vendor",)
        empty_text = "No maintenance windows match these filters. Announce planned work with “Announce maintenance”."


class PortalProbeTable(ProbeTable):
    """The hospital's probe table, linked to portal pages and without the vendor column."""

    detail_url_name = "portal:probe_detail"
    incident_url_name = "portal:incident_detail"

    class Meta(ProbeTable.Meta):
        exclude = ("vendor",)
        order_by = ("name",)
        empty_text = "The hospital does not probe any of your systems yet."


def _portal_pdf_url(record: MonthlyReport) -> str:
    return reverse("portal:report_pdf", kwargs={"pk": record.pk})


class PortalReportTable(tables.Table):
    """What a vendor user sees: generated versions, the current one marked, and the download."""

    month = tables.Column(attrs={"td": {"class": "text-nowrap fw-semibold"}})
    version = tables.Column()
    generated_at = tables.Column(verbose_name="Generated", attrs={"td": {"class": "text-nowrap"}})
    pages = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    pdf_sha256 = tables.Column(verbose_name="PDF SHA-256")
    download = tables.Column(
        empty_values=(), orderable=False, verbose_name="", exclude_from_export=True, attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = MonthlyReport
        fields = ("month", "version", "generated_at", "pages", "pdf_sha256")
        empty_text = "No reports yet. The hospital generates a report of your service after each month ends."
        row_attrs = {"class": lambda record: "table-success" if record.is_current else None}

    def render_month(self, value: datetime.date) -> str:
        return f"{value:%B %Y}"

    def value_month(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"

    def render_version(self, record: MonthlyReport) -> SafeString:
        return format_html("v{} {}", record.version, version_marker(record))

    def value_version(self, record: MonthlyReport) -> str:
        return MonthlyReportTable.value_version(self, record)  # type: ignore[arg-type]

    def render_generated_at(self, value: datetime.datetime) -> str:
        return local_instant(value)

    def render_pdf_sha256(self, value: str) -> SafeString:
        return hash_cell(value)

    def render_download(self, record: MonthlyReport) -> SafeString:
        return format_html(
            '<a class="btn btn-outline-primary btn-sm text-nowrap" href="{}">'
            '<i class="bi bi-file-earmark-pdf me-1" aria-hidden="true"></i>PDF</a>',
            _portal_pdf_url(record),
        )


class PortalQbrPackTable(QbrPackTable):
    """The vendor's generated QBR packs and their download."""

    meeting = tables.Column(order_by=("meeting__starts_at",))
    download = tables.Column(
        empty_values=(), orderable=False, verbose_name="", exclude_from_export=True, attrs={"td": {"class": "text-end"}}
    )

    class Meta(QbrPackTable.Meta):
        exclude = ("vendor", "state")
        empty_text = "No QBR packs yet. The hospital makes the pack of each quarterly business review after it is held."

    def render_download(self, record: QbrPack) -> SafeString:
        return format_html(
            '<a class="btn btn-outline-primary btn-sm text-nowrap" href="{}">'
            '<i class="bi bi-file-earmark-pdf me-1" aria-hidden="true"></i>PDF</a>',
            reverse("portal:qbr_pdf", kwargs={"pk": record.pk}),
        )


class PortalLifecycleTable(LifecycleTable):
    detail_url_name = "portal:lifecycle_detail"

    class Meta(LifecycleTable.Meta):
        exclude = ("vendor",)


class PortalChangePlanTable(ChangePlanTable):
    detail_url_name = "portal:change_plan_detail"

    class Meta(ChangePlanTable.Meta):
        exclude = ("vendor",)


class PortalLessonsReviewTable(LessonsReviewTable):
    detail_url_name = "portal:lessons_detail"

    class Meta(LessonsReviewTable.Meta):
        exclude = ("vendor",)


class PortalRecoveryTestTable(RecoveryTestTable):
    detail_url_name = "portal:recovery_detail"

    class Meta(RecoveryTestTable.Meta):
        exclude = ("vendor",)


class PortalHealthAssessmentTable(HealthAssessmentTable):
    detail_url_name = "portal:health_detail"

    class Meta(HealthAssessmentTable.Meta):
        exclude = ("vendor",)


class PortalMeetingTable(MeetingTable):
    starts_at = tables.DateTimeColumn(
        verbose_name="When",
        format="D d M Y, H:i",
        linkify=lambda record: reverse("portal:meeting_detail", kwargs={"pk": record.pk}),
    )

    class Meta(MeetingTable.Meta):
        exclude = ("vendor",)


class PortalEvaluationTable(EvaluationTable):
    period_start = tables.Column(
        verbose_name="Period",
        linkify=lambda record: reverse("portal:evaluation_detail", kwargs={"pk": record.pk}),
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta(EvaluationTable.Meta):
        exclude = ("vendor", "template")
        empty_text = (
            "No evaluations shared with you yet. The hospital evaluates its vendors each year and shares "
            "the finalised scorecard here, where you can acknowledge or appeal each criterion."
        )


class PortalImprovementPlanTable(ImprovementPlanTable):
    title = tables.Column(linkify=lambda record: reverse("portal:plan_detail", kwargs={"pk": record.pk}))

    class Meta(ImprovementPlanTable.Meta):
        exclude = ("vendor",)
        empty_text = "No improvement plans. A plan agreed with the hospital shows here with what each side will do."


class PortalSurveyTable(SurveyTable):
    period_start = tables.Column(
        verbose_name="Period",
        linkify=lambda record: reverse("portal:survey_detail", kwargs={"pk": record.pk}),
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta(SurveyTable.Meta):
        exclude = ("vendor",)
        empty_text = (
            "No staff surveys yet. When the hospital asks its staff about working with you, the response rate "
            "and the results per question and profession show here (never who answered)."
        )


class PortalComplianceDocumentTable(ComplianceDocumentTable):
    detail_url_name = "portal:compliance_document_detail"

    class Meta(ComplianceDocumentTable.Meta):
        exclude = ("vendor",)
        order_by = ("document_type", "-issued_on")
        empty_text = "No documents uploaded yet. Upload the documents the hospital asks for above."


class PortalAssessmentTable(AssessmentTable):
    detail_url_name = "portal:assessment_detail"

    class Meta(AssessmentTable.Meta):
        exclude = ("vendor",)
        empty_text = "No security assessments with the hospital yet."


class PortalSecurityIncidentTable(SecurityIncidentTable):
    detail_url_name = "portal:security_incident_detail"

    class Meta(SecurityIncidentTable.Meta):
        exclude = ("vendor",)
        empty_text = "No security incidents reported. Report one as soon as you notice a suspected breach."


class PortalRemoteAccessSessionTable(RemoteAccessSessionTable):
    detail_url_name = "portal:remote_access_detail"

    class Meta(RemoteAccessSessionTable.Meta):
        exclude = ("vendor",)
        empty_text = "No remote-access sessions yet: request one before you connect."


class PortalCourseTable(CourseTable):
    title = tables.Column(linkify=lambda record: reverse("portal:course_detail", kwargs={"pk": record.pk}))

    class Meta(CourseTable.Meta):
        exclude = ("vendor",)


class PortalArticleTable(ArticleTable):
    def article_url(self, record: Article) -> str:
        return reverse("portal:article_detail", kwargs={"pk": record.pk})

    class Meta(ArticleTable.Meta):
        exclude = ("vendor",)
        empty_text = "No articles yet: share a tip, a feature update or a known issue's workaround."


class PortalCompletionTable(CompletionTable):
    """Who completed the vendor's courses: names and professions only (no link to the hospital's
    staff directory, which vendors never see)."""

    person = tables.Column(order_by=("person__name",))
    course = tables.Column(
        linkify=lambda record: reverse("portal:course_detail", kwargs={"pk": record.course_id}),
        order_by=("course__title",),
    )


class PortalSessionTable(SessionTable):
    starts_at = tables.DateTimeColumn(
        format="Y-m-d H:i",
        verbose_name="Starts",
        linkify=lambda record: reverse("portal:session_detail", kwargs={"pk": record.pk}),
    )

    class Meta(SessionTable.Meta):
        empty_text = "No sessions of your courses yet."


class PortalCertificationTable(CertificationTable):
    """Who holds the certifications the vendor issues: names and professions only."""

    evidence_url_name = "portal:certification_evidence"
    person = tables.Column(order_by=("person__name",))
    profession = tables.Column(accessor="person__profession", verbose_name="Profession", orderable=False)

    class Meta(CertificationTable.Meta):
        fields = ("person", "profession", "kind", "earned_on", "expires_on", "state", "evidence")
        exclude = ("issuer",)

    def render_profession(self, record: object) -> str:
        return record.person.get_profession_display()

    def value_profession(self, record: object) -> str:
        return record.person.get_profession_display()
