from django import forms

from core.forms import DateInput, ScopedModelForm
from training.models import Certification, CertificationKind


class CertificationKindForm(ScopedModelForm):
    class Meta:
        model = CertificationKind
        fields = ["name", "vendor", "validity_months", "internal_trainer", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CertificationForm(ScopedModelForm):
    """Who holds which certification since when; the last valid day follows from the kind
    (``training.services.certifications.certification_save`` sets it)."""

    class Meta:
        model = Certification
        fields = ["person", "kind", "earned_on", "evidence", "note"]
        widgets = {"earned_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"evidence": "The certificate: a PDF or an image.", "earned_on": "The day it was awarded."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["kind"].queryset = self.fields["kind"].queryset.filter(active=True)
