from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.models import DataProtectionTerms
from compliance.terms import terms_checklist
from core.api.serializers import ScopedModelSerializer


class ChecklistItemSerializer(serializers.Serializer):
    label = serializers.CharField()
    met = serializers.BooleanField()
    detail = serializers.CharField()


class DataProtectionTermsSerializer(ScopedModelSerializer):
    """The terms as stated, and the checklist they make (``missing``: the labels not met)."""

    checklist = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()

    class Meta:
        model = DataProtectionTerms
        fields = [
            "id",
            "agreement",
            "encryption_at_rest",
            "encryption_in_transit",
            "access_control",
            "data_location",
            "sub_processors",
            "breach_notification_hours",
            "audit_rights",
            "data_return_and_deletion",
            "notes",
            "checklist",
            "missing",
            "created_at",
            "updated_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "agreement" in fields:
            fields["agreement"].read_only = True  # terms belong to one agreement for good
        return fields

    @staticmethod
    def _items(terms: DataProtectionTerms) -> list[Any]:
        return terms_checklist(terms.facts)

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, terms: DataProtectionTerms) -> list[dict[str, Any]]:
        return ChecklistItemSerializer(self._items(terms), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing(self, terms: DataProtectionTerms) -> list[str]:
        return [item.label for item in self._items(terms) if not item.met]
