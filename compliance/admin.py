"""Admin for bulk fixes: document types, and documents read-only (a review goes through the
service, which tells the vendor)."""

from django.contrib import admin

from compliance.models import ComplianceDocument, DocumentType


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "required_for", "vendor_kinds", "expires", "position", "active")
    list_filter = ("required_for", "expires", "active")
    search_fields = ("name", "code")


@admin.register(ComplianceDocument)
class ComplianceDocumentAdmin(admin.ModelAdmin):
    list_display = ("vendor", "document_type", "version", "issued_on", "valid_until", "outcome")
    list_filter = ("outcome", "document_type", "vendor")
    list_select_related = ("vendor", "document_type")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
