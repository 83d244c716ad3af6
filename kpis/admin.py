"""Admin for bulk fixes: the catalogue, probes, alerts; samples and roll-ups are read-only
(samples come in through the ingest service, which keeps the roll-ups right)."""

from django.contrib import admin

from kpis.models import Kpi, KpiAlert, KpiRollup, KpiSample, Probe, ProbeRun


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "unit", "direction", "target", "warning", "period", "source", "active")
    list_filter = ("source", "scope", "period", "active")
    search_fields = ("name", "code")
    readonly_fields = ("code",)


@admin.register(Probe)
class ProbeAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "component", "host", "port", "ae_title", "active", "last_run_at")
    list_filter = ("active", "vendor")
    list_select_related = ("vendor", "component")
    readonly_fields = ("last_run_at", "consecutive_failures", "failing_since", "open_incident")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ProbeRun)
class ProbeRunAdmin(ReadOnlyAdmin):
    list_display = ("probe", "started_at", "reachable", "ok")
    list_filter = ("ok", "reachable")
    list_select_related = ("probe",)


@admin.register(KpiSample)
class KpiSampleAdmin(ReadOnlyAdmin):
    list_display = ("kpi", "vendor", "component", "measured_at", "value", "source")
    list_filter = ("source",)
    list_select_related = ("kpi", "vendor", "component")
    show_full_result_count = False


@admin.register(KpiRollup)
class KpiRollupAdmin(ReadOnlyAdmin):
    list_display = ("kpi", "vendor", "component", "source", "period", "period_start", "value", "samples")
    list_filter = ("period", "source")
    list_select_related = ("kpi", "vendor", "component")


@admin.register(KpiAlert)
class KpiAlertAdmin(admin.ModelAdmin):
    list_display = ("message", "vendor", "kind", "level", "raised_at", "cleared_at")
    list_filter = ("kind", "level", "vendor")
    list_select_related = ("vendor",)
