"""Hospital pages of the document types: every hospital user reads which documents vendors
must hold; hospital admins add and change the types and their rules."""

from typing import Any

from django.urls import reverse

from compliance.filters.documents import DocumentTypeFilterSet
from compliance.forms.documents import DocumentTypeForm
from compliance.models import DocumentType
from compliance.selectors.documents import document_type_list
from compliance.tables.documents import DocumentTypeTable
from core.permissions import can
from core.views.generic import ObjectCreateView, ObjectListView, ObjectUpdateView


class DocumentTypeListView(ObjectListView):
    manage_action = "compliance.configure"
    queryset = document_type_list()
    table_class = DocumentTypeTable
    filterset_class = DocumentTypeFilterSet
    export_filename = "compliance-document-types"
    add_label = "Add a document type"

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "can_edit": can(self.request.user, self.manage_action)}


class DocumentTypeFormMixin:
    """Types have no page of their own: the list is where the form returns to."""

    model = DocumentType
    form_class = DocumentTypeForm
    permission_action = "compliance.configure"

    def get_success_url(self) -> str:
        return reverse("compliance:documenttype_list")

    def get_cancel_url(self) -> str:
        return reverse("compliance:documenttype_list")


class DocumentTypeCreateView(DocumentTypeFormMixin, ObjectCreateView):
    title = "Add a document type"


class DocumentTypeUpdateView(DocumentTypeFormMixin, ObjectUpdateView):
    pass
