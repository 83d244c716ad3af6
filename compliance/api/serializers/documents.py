from django.urls import reverse
from rest_framework import serializers

from compliance.models import ComplianceDocument, DocumentType, Outcome
from core import limits
from core.api.serializers import ScopedModelSerializer


class DocumentTypeSerializer(ScopedModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["id", "code", "name", "description", "required_for", "vendor_kinds", "expires", "position", "active"]


class ComplianceDocumentSerializer(ScopedModelSerializer):
    """A document as read, and as filed (multipart: ``file`` with the other fields). Filed
    documents wait for review; ``outcome`` and the review are read-only here (``review/``)."""

    file = serializers.FileField(write_only=True)
    filename = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ComplianceDocument
        fields = [
            "id",
            "vendor",
            "document_type",
            "version",
            "issued_on",
            "valid_until",
            "scope",
            "file",
            "filename",
            "size_bytes",
            "download_url",
            "uploaded_by",
            "outcome",
            "reviewed_by",
            "reviewed_at",
            "review_notes",
            "created_at",
        ]
        read_only_fields = ["size_bytes", "uploaded_by", "outcome", "reviewed_by", "reviewed_at", "review_notes"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["document_type"].queryset = DocumentType.objects.filter(active=True)
        return fields

    def get_download_url(self, document: ComplianceDocument) -> str:
        return reverse("api:compliance-document-download", kwargs={"pk": document.pk})


class DocumentReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING])
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)
