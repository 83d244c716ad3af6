"""Forms of compliance documents: filing a version (the hospital names the vendor, the portal's
vendor is the user's), reviewing one, and the document types."""

from typing import Any

from django import forms

from compliance.models import ComplianceDocument, DocumentType, Outcome
from core import limits
from core.forms import DateInput, ScopedModelForm
from vendors.models import Vendor

DOCUMENT_FIELDS = ["document_type", "version", "issued_on", "valid_until", "scope", "file"]


class DocumentSubmitForm(ScopedModelForm):
    """The hospital files a document for a vendor."""

    class Meta:
        model = ComplianceDocument
        fields = ["vendor", *DOCUMENT_FIELDS]
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = DocumentType.objects.filter(active=True)
        if "vendor" in self.fields:
            self.fields["vendor"].queryset = self.fields["vendor"].queryset.filter(active=True)

    def submitted(self) -> dict[str, Any]:
        """The service's arguments from the cleaned form (the vendor is the caller's)."""
        data = self.cleaned_data
        return {name: data[name] for name in DOCUMENT_FIELDS}


class PortalDocumentSubmitForm(DocumentSubmitForm):
    """A vendor user files a document for their own vendor (given by the view, never chosen)."""

    class Meta(DocumentSubmitForm.Meta):
        fields = DOCUMENT_FIELDS

    def __init__(self, *args: Any, vendor: Vendor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.vendor = vendor


class DocumentReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(value, label) for value, label in Outcome.choices if value != Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        required=False,
        max_length=limits.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The findings, or why it is rejected: the vendor reads them.",
    )


class DocumentTypeForm(ScopedModelForm):
    vendor_kinds = forms.MultipleChoiceField(
        choices=Vendor.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The kinds of vendor it applies to; none chosen: every kind.",
    )

    class Meta:
        model = DocumentType
        fields = ["name", "code", "description", "required_for", "vendor_kinds", "expires", "position", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
