"""Admin for bulk fixes. Writes with business rules (agreement versions, claims, maintenance
approval) go through the pages and the API; here credit statements and their history are read-only."""

from django.contrib import admin

from slas.models import (
    Agreement,
    BusinessCalendar,
    CreditStatement,
    CreditStatementEvent,
    FollowUpAction,
    Incident,
    MaintenanceWindow,
)


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "timezone", "always_open")
    search_fields = ("name",)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("contract", "version", "effective_from", "effective_to", "uptime_target_percent")
    list_filter = ("contract__vendor",)
    list_select_related = ("contract",)


class FollowUpInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    autocomplete_fields = ("owner",)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "vendor", "impact", "started_at", "ended_at", "vendor_attributable")
    list_filter = ("impact", "vendor_attributable", "detected_by", "vendor")
    search_fields = ("title", "summary")
    date_hierarchy = "started_at"
    list_select_related = ("vendor",)
    inlines = [FollowUpInline]


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(admin.ModelAdmin):
    list_display = ("__str__", "vendor", "state", "planned_start", "planned_end", "actual_start", "actual_end")
    list_filter = ("state", "vendor")
    date_hierarchy = "planned_start"
    list_select_related = ("vendor",)


class CreditStatementEventInline(admin.TabularInline):
    model = CreditStatementEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "note", "at")

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CreditStatement)
class CreditStatementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "uptime_percent", "credit_percent", "credit_amount", "currency")
    list_filter = ("state", "vendor", "chronic_failure")
    list_select_related = ("vendor",)
    inlines = [CreditStatementEventInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
