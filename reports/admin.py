"""Read-only admin over the report archive: versions, recipients, deliveries and monthly runs.
Every change goes through the pages and the API (generation, resend, recipients), whose
services keep the exactly-once and evidence rules; the PDF bytes are never listed."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from reports.models import MonthlyReport, ReportDelivery, ReportRecipient, ReportRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "vendor", "month", "version", "state", "is_current", "generated_at", "pages")
    list_filter = ("state", "is_current", "vendor")
    search_fields = ("vendor__name", "pdf_sha256", "snapshot_sha256", "reason")
    date_hierarchy = "month"
    list_select_related = ("vendor",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[MonthlyReport]:
        queryset = super().get_queryset(request)
        # The list never loads the snapshots; the change page shows one.
        return queryset.defer("snapshot") if request.resolver_match.url_name.endswith("changelist") else queryset


@admin.register(ReportRecipient)
class ReportRecipientAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "vendor", "user", "contact", "opted_out_at", "created_at")
    list_filter = ("vendor",)
    list_select_related = ("vendor", "user", "contact")


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("email", "report", "kind", "outbox_email", "created_at")
    list_filter = ("kind", "vendor")
    search_fields = ("email",)
    list_select_related = ("report__vendor", "outbox_email")


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ("month", "started_at", "finished_at", "vendors_done", "vendors_total", "last_error")
