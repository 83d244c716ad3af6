"""Reports in the API: one version per row with its status, hashes and the other versions of
its month; the detail adds the snapshot's key figures and the agreements it used."""

import datetime
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from core.months import last_finished_month
from core.roles import is_vendor_user
from governance.models import Meeting
from reports.forms import unfinished_month_message
from reports.models import EvaluationDelivery, EvaluationReport, MonthlyReport, QbrPack, QbrPackDelivery
from reports.selectors import ReportStatus, report_status
from scorecards.models import Evaluation
from slas.api.serializers.credits import MonthField
from vendors.models import Vendor

SUMMARY_FIELDS = (
    "sla_met",
    "findings",
    "uptime_percent",
    "target_percent",
    "credit_amount",
    "credit_percent",
    "credit_state",
    "currency",
    "tickets_opened",
    "response_compliance_percent",
    "resolution_compliance_percent",
)


def visible_status(report: MonthlyReport, user: User) -> ReportStatus:
    """The archive status; vendor users see whether a version is current, never who at the
    hospital it was emailed to."""
    if is_vendor_user(user):
        if report.is_current:
            return ReportStatus("generated", "Generated", "primary")
        return ReportStatus("superseded", "Superseded", "secondary")
    return report_status(report)


class VersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    state = serializers.CharField()
    is_current = serializers.BooleanField()


class MonthlyReportSerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    month = MonthField(read_only=True)
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    superseded_by_version = serializers.SerializerMethodField()
    requested_by_name = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "vendor",
            "vendor_name",
            "month",
            "version",
            "state",
            "status",
            "status_label",
            "is_current",
            "superseded_by",
            "superseded_by_version",
            "superseded_at",
            "requested_by",
            "requested_by_name",
            "reason",
            "progress",
            "progress_note",
            "generated_at",
            "pages",
            "pdf_size",
            "pdf_sha256",
            "snapshot_sha256",
            "pdf_url",
            "error",
            "versions",
            "created_at",
        ]
        read_only_fields = fields

    def _status(self, report: MonthlyReport) -> ReportStatus:
        request = self.context.get("request")
        return visible_status(report, getattr(request, "user", None))

    def get_status(self, report: MonthlyReport) -> str:
        return self._status(report).code

    def get_status_label(self, report: MonthlyReport) -> str:
        return self._status(report).label

    def get_superseded_by_version(self, report: MonthlyReport) -> int | None:
        return report.superseded_by.version if report.superseded_by_id else None

    def get_requested_by_name(self, report: MonthlyReport) -> str:
        return str(report.requested_by) if report.requested_by_id else "Schedule"

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, report: MonthlyReport) -> list[dict[str, Any]]:
        """Every version of the same vendor-month the caller may see, oldest first."""
        versions = self.context.get("versions", {})
        return versions.get((report.vendor_id, report.month), [])

    def get_pdf_url(self, report: MonthlyReport) -> str | None:
        if report.state != MonthlyReport.State.READY:
            return None
        request = self.context.get("request")
        path = reverse("api:report-pdf", kwargs={"pk": report.pk})
        return request.build_absolute_uri(path) if request else path


class SummarySerializer(serializers.Serializer):
    """The executive summary's figures as frozen in the snapshot (exact decimal strings)."""

    sla_met = serializers.BooleanField(allow_null=True)
    findings = serializers.ListField(child=serializers.CharField())
    uptime_percent = serializers.CharField(allow_null=True)
    target_percent = serializers.CharField(allow_null=True)
    credit_amount = serializers.CharField(allow_null=True)
    credit_percent = serializers.CharField(allow_null=True)
    credit_state = serializers.CharField(allow_null=True)
    currency = serializers.CharField(allow_null=True)
    tickets_opened = serializers.IntegerField(allow_null=True)
    response_compliance_percent = serializers.CharField(allow_null=True)
    resolution_compliance_percent = serializers.CharField(allow_null=True)


class SnapshotAgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    contract_reference = serializers.CharField()
    effective_from = serializers.CharField()
    effective_to = serializers.CharField(allow_null=True)
    uptime_target_percent = serializers.CharField(allow_null=True)


class MonthlyReportDetailSerializer(MonthlyReportSerializer):
    summary = serializers.SerializerMethodField()
    agreements = serializers.SerializerMethodField()

    class Meta(MonthlyReportSerializer.Meta):
        fields = [*MonthlyReportSerializer.Meta.fields, "summary", "agreements"]
        read_only_fields = fields

    @extend_schema_field(SummarySerializer(allow_null=True))
    def get_summary(self, report: MonthlyReport) -> dict[str, Any] | None:
        summary = ((report.snapshot or {}).get("sections") or {}).get("summary")
        if summary is None:
            return None
        return {name: summary.get(name) for name in SUMMARY_FIELDS}

    @extend_schema_field(SnapshotAgreementSerializer(many=True))
    def get_agreements(self, report: MonthlyReport) -> list[dict[str, Any]]:
        """The SLA versions the report used, as frozen in its snapshot."""
        frozen = (report.snapshot or {}).get("agreements") or []
        fields = SnapshotAgreementSerializer().fields
        return [{name: agreement.get(name) for name in fields} for agreement in frozen]


class GenerateSerializer(serializers.Serializer):
    """``vendor`` (id) and a finished ``month`` (YYYY-MM); ``reason`` is optional."""

    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    month = MonthField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        fields["vendor"].queryset = Vendor.objects.visible_to(getattr(request, "user", None))
        return fields

    def validate_month(self, month: datetime.date) -> datetime.date:
        latest = last_finished_month()
        if month > latest:
            raise serializers.ValidationError(unfinished_month_message(month, latest))
        return month


class QbrPackSerializer(serializers.ModelSerializer):
    """A QBR pack: its meeting, the months it reviews, its state and progress while a worker
    builds it, and the PDF's link once it is generated."""

    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    meeting_title = serializers.CharField(source="meeting.series.title", read_only=True)
    meeting_starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    first_month = MonthField(read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = QbrPack
        fields = [
            "id",
            "vendor",
            "vendor_name",
            "meeting",
            "meeting_title",
            "meeting_starts_at",
            "first_month",
            "state",
            "progress",
            "progress_note",
            "progress_at",
            "generated_at",
            "pages",
            "pdf_size",
            "pdf_sha256",
            "pdf_url",
            "error",
            "created_at",
        ]
        read_only_fields = fields

    def get_pdf_url(self, pack: QbrPack) -> str | None:
        if pack.state != QbrPack.State.READY:
            return None
        request = self.context.get("request")
        path = reverse("api:qbr-pack-pdf", kwargs={"pk": pack.pk})
        return request.build_absolute_uri(path) if request else path


class QbrPackGenerateSerializer(serializers.Serializer):
    """``meeting`` (id): a quarterly business review that has started."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        fields["meeting"].queryset = Meeting.objects.visible_to(getattr(request, "user", None))
        return fields


class QbrPackDeliverySerializer(serializers.ModelSerializer):
    """One email of the pack: to whom, first send or re-send, and the outbox's state of it."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField(source="outbox_email.sent_at", read_only=True, allow_null=True)
    requested_by_name = serializers.CharField(source="requested_by", read_only=True, allow_null=True)

    class Meta:
        model = QbrPackDelivery
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "email",
            "pdf_sha256",
            "state",
            "sent_at",
            "requested_by",
            "requested_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_state(self, delivery: QbrPackDelivery) -> str | None:
        return delivery.outbox_email.state if delivery.outbox_email_id else None


class EvaluationReportSerializer(serializers.ModelSerializer):
    """An evaluation's PDF: its state while generating, then its hashes and size."""

    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    period = serializers.CharField(source="evaluation.period_label", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationReport
        fields = [
            "id",
            "vendor",
            "vendor_name",
            "evaluation",
            "period",
            "state",
            "progress",
            "progress_note",
            "error",
            "generated_at",
            "pages",
            "pdf_size",
            "pdf_sha256",
            "pdf_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_url(self, report: EvaluationReport) -> str | None:
        if report.state != EvaluationReport.State.READY:
            return None
        request = self.context.get("request")
        path = reverse("api:evaluation-pdf-pdf", kwargs={"pk": report.pk})
        return request.build_absolute_uri(path) if request else path


class EvaluationReportGenerateSerializer(serializers.Serializer):
    """``evaluation`` (id): a finalised evaluation whose PDF to generate (again)."""

    evaluation = serializers.PrimaryKeyRelatedField(queryset=Evaluation.objects.none())

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        fields["evaluation"].queryset = Evaluation.objects.visible_to(getattr(request, "user", None))
        return fields


class EvaluationDeliverySerializer(serializers.ModelSerializer):
    """One address of one send of an evaluation's PDF, with its email's state in the outbox."""

    sent_by = serializers.CharField(source="sent_by.username", read_only=True, default=None)
    outbox_status = serializers.CharField(source="outbox_email.state", read_only=True, default=None)

    class Meta:
        model = EvaluationDelivery
        fields = ["id", "sent_at", "sent_by", "name", "email", "side", "pdf_sha256", "outbox_status"]
        read_only_fields = fields
