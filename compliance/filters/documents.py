"""The FilterSet of compliance documents: the hospital's list, the portal's, the CSV export and
the API."""

import django_filters

from compliance.models import ComplianceDocument, DocumentType
from core.filters import SearchFilterSet
from vendors.filters import vendor_choices


class ComplianceDocumentFilterSet(SearchFilterSet):
    search_fields = ("version", "scope", "vendor__name", "document_type__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    document_type = django_filters.ModelChoiceFilter(queryset=DocumentType.objects.all())

    class Meta:
        model = ComplianceDocument
        fields = ["q", "vendor", "document_type", "outcome"]


class DocumentTypeFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "description")

    class Meta:
        model = DocumentType
        fields = ["q", "required_for", "expires", "active"]
