"""``/api/v1/compliance-documents/``: list, retrieve and file documents (multipart), ``review/``
for hospital admins, ``download/`` for the file. Vendor tokens see and file their own vendor's
documents only. ``/api/v1/compliance-document-types/``: the types, read by every user."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from compliance.api.serializers.documents import (
    ComplianceDocumentSerializer,
    DocumentReviewSerializer,
    DocumentTypeSerializer,
)
from compliance.filters.documents import ComplianceDocumentFilterSet, DocumentTypeFilterSet
from compliance.selectors.documents import document_list, document_type_list
from compliance.services.documents import document_review, document_submit
from core.api.viewsets import ScopedModelViewSet
from core.views.mixins import protected_file_response


class DocumentTypeViewSet(ScopedModelViewSet):
    write_action = "compliance.configure"
    queryset = document_type_list()
    serializer_class = DocumentTypeSerializer
    filterset_class = DocumentTypeFilterSet
    ordering_fields = ["position", "name", "code"]
    ordering = ["position", "name"]
    http_method_names = ["get", "head", "options"]


class ComplianceDocumentViewSet(ScopedModelViewSet):
    write_action = "compliance.document_submit"
    permission_actions = {"review": "compliance.document_review"}
    queryset = document_list()
    serializer_class = ComplianceDocumentSerializer
    filterset_class = ComplianceDocumentFilterSet
    ordering_fields = ["issued_on", "valid_until", "created_at", "vendor__name"]
    ordering = ["vendor__name", "document_type__position", "-issued_on", "-pk"]
    http_method_names = ["get", "post", "head", "options"]  # a filed version is kept, never edited

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        with self._audited():
            serializer.instance = document_submit(
                vendor=data["vendor"],
                document_type=data["document_type"],
                version=data["version"],
                issued_on=data["issued_on"],
                valid_until=data.get("valid_until"),
                scope=data.get("scope", ""),
                file=data["file"],
                submitted_by=self.request.user,
            )
        self._reload(serializer)

    @extend_schema(request=DocumentReviewSerializer, responses=ComplianceDocumentSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """A hospital admin accepts (with or without findings) or rejects a pending document;
        ``notes`` are required unless it is accepted as it is."""
        document = self.get_object()
        serializer = DocumentReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            document_review(document=document, reviewer=request.user, **_review_arguments(serializer.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data)

    # The file as uploaded, with its own type (a PDF report, a scanned certificate).
    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse:
        document = self.get_object()
        return protected_file_response(document.file, filename=document.filename)


def _review_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {"outcome": data["outcome"], "notes": data.get("notes", "")}
