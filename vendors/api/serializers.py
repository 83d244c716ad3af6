from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from vendors.models import Component, Contact, Contract, ContractDocument, Interface, Vendor


class VendorSerializer(ScopedModelSerializer):
    contact_count = serializers.IntegerField(read_only=True)
    component_count = serializers.IntegerField(read_only=True)
    active_contract_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "kind",
            "hosts_data",
            "website",
            "support_phone",
            "support_email",
            "support_portal",
            "notes",
            "active",
            "contact_count",
            "component_count",
            "active_contract_count",
            "created_at",
            "updated_at",
        ]


class ContactSerializer(ScopedModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "vendor",
            "name",
            "role",
            "escalation_level",
            "email",
            "phone",
            "hours",
            "notes",
            "created_at",
            "updated_at",
        ]


class ContractDocumentSerializer(ScopedModelSerializer):
    download_url = serializers.SerializerMethodField()
    file = serializers.FileField(write_only=True)

    class Meta:
        model = ContractDocument
        fields = [
            "id",
            "contract",
            "title",
            "file",
            "filename",
            "size_bytes",
            "download_url",
            "uploaded_by",
            "created_at",
        ]
        read_only_fields = ["size_bytes", "uploaded_by"]

    def get_download_url(self, document: ContractDocument) -> str:
        return reverse("api:contract-document-download", kwargs={"pk": document.pk})


class ContractSerializer(ScopedModelSerializer):
    renewal_notice_date = serializers.DateField(read_only=True)
    document_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "vendor",
            "reference",
            "title",
            "start_date",
            "end_date",
            "annual_fee",
            "currency",
            "renewal_notice_days",
            "renewal_notice_date",
            "auto_renew",
            "notes",
            "document_count",
            "created_at",
            "updated_at",
        ]


class ComponentSerializer(ScopedModelSerializer):
    class Meta:
        model = Component
        fields = [
            "id",
            "vendor",
            "name",
            "kind",
            "site",
            "criticality",
            "description",
            "active",
            "created_at",
            "updated_at",
        ]


class InterfaceSerializer(ScopedModelSerializer):
    """An interface between two components (of one vendor or two), with each end's vendor."""

    source_vendor = serializers.IntegerField(source="source.vendor_id", read_only=True)
    target_vendor = serializers.IntegerField(source="target.vendor_id", read_only=True)

    class Meta:
        model = Interface
        fields = [
            "id",
            "name",
            "source",
            "source_vendor",
            "target",
            "target_vendor",
            "protocol",
            "direction",
            "endpoint",
            "owner",
            "criticality",
            "notes",
            "active",
            "created_at",
            "updated_at",
        ]
