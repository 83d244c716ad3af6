from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from core.views.mixins import protected_file_response
from vendors import filters, selectors, services
from vendors.api import serializers
from vendors.models import ContractDocument


class VendorViewSet(ScopedModelViewSet):
    write_action = "vendor.manage"
    queryset = selectors.vendor_list()
    serializer_class = serializers.VendorSerializer
    filterset_class = filters.VendorFilterSet
    ordering_fields = ["name", "kind", "active", "contact_count", "component_count"]
    ordering = ["name"]


class ContactViewSet(ScopedModelViewSet):
    write_action = "contact.manage"
    queryset = selectors.contact_list()
    serializer_class = serializers.ContactSerializer
    filterset_class = filters.ContactFilterSet
    ordering_fields = ["name", "role", "escalation_level", "vendor__name"]
    ordering = ["vendor_id", "escalation_level", "name"]


class ContractViewSet(ScopedModelViewSet):
    write_action = "contract.manage"
    queryset = selectors.contract_list()
    serializer_class = serializers.ContractSerializer
    filterset_class = filters.ContractFilterSet
    ordering_fields = ["reference", "start_date", "end_date", "annual_fee", "vendor__name"]
    ordering = ["vendor__name", "-start_date"]


class ComponentViewSet(ScopedModelViewSet):
    write_action = "component.manage"
    queryset = selectors.component_list()
    serializer_class = serializers.ComponentSerializer
    filterset_class = filters.ComponentFilterSet
    ordering_fields = ["name", "kind", "site", "criticality", "vendor__name"]
    ordering = ["vendor__name", "name"]


class InterfaceViewSet(ScopedModelViewSet):
    """Interfaces between components. Filters: ``vendor`` and ``component`` (either end),
    ``protocol``, ``direction``, ``criticality``, ``active``, ``q``. Vendor users read those with
    an end on their own components."""

    write_action = "interface.manage"
    queryset = selectors.interface_list()
    serializer_class = serializers.InterfaceSerializer
    filterset_class = filters.InterfaceFilterSet
    ordering_fields = ["name", "protocol", "criticality", "created_at"]


class ContractDocumentViewSet(ScopedModelViewSet):
    """Documents attached to contracts; upload as multipart, download through ``download/``."""

    write_action = "contract.manage"
    queryset = ContractDocument.objects.select_related("contract")
    serializer_class = serializers.ContractDocumentSerializer
    filterset_fields = ["contract"]
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        with self._audited():
            serializer.instance = services.contract_document_attach(
                contract=data["contract"], title=data.get("title", ""), file=data["file"], uploaded_by=self.request.user
            )

    def perform_destroy(self, instance: ContractDocument) -> None:
        with self._audited():
            services.contract_document_delete(document=instance)

    # The file as uploaded, with its own type (a PDF, a scan, a spreadsheet).
    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse:
        document = self.get_object()
        return protected_file_response(document.file, filename=document.filename)
