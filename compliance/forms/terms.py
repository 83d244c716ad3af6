from django import forms

from compliance.models import DataProtectionTerms
from compliance.services.terms import TERMS_FIELDS
from core.forms import ScopedModelForm


class DataProtectionTermsForm(ScopedModelForm):
    class Meta:
        model = DataProtectionTerms
        fields = list(TERMS_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("access_control", "sub_processors", "data_return_and_deletion", "notes")
        }
