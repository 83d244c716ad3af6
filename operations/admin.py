"""Admin for bulk fixes of lifecycle facts and bulletins; version changes are read-only (they are
recorded through ``operations.services.lifecycle``, which keeps the component's version right)."""

from django.contrib import admin

from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange


@admin.register(ComponentLifecycle)
class ComponentLifecycleAdmin(admin.ModelAdmin):
    list_display = ("component", "software_version", "patch_level", "support_ends_on", "warranty_ends_on")
    list_select_related = ("component__vendor",)
    search_fields = ("component__name", "component__vendor__name", "serial_number")
    readonly_fields = ("component", "software_version", "patch_level")


@admin.register(SecurityBulletin)
class SecurityBulletinAdmin(admin.ModelAdmin):
    list_display = ("reference", "component", "severity", "released_on", "applied_on")
    list_filter = ("severity",)
    list_select_related = ("component__vendor",)
    search_fields = ("reference", "title", "component__name")
    raw_id_fields = ("component", "applied_by")


@admin.register(VersionChange)
class VersionChangeAdmin(admin.ModelAdmin):
    list_display = ("component", "changed_on", "kind", "from_version", "to_version", "to_patch_level")
    list_filter = ("kind",)
    list_select_related = ("component__vendor",)
    search_fields = ("component__name", "to_version")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
