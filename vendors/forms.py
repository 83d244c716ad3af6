from django import forms

from core.forms import DateInput, ScopedModelForm
from vendors.models import Component, Contact, Contract, ContractDocument, Vendor


class VendorForm(ScopedModelForm):
    class Meta:
        model = Vendor
        fields = ["name", "kind", "website", "support_phone", "support_email", "support_portal", "notes", "active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactForm(ScopedModelForm):
    class Meta:
        model = Contact
        fields = ["vendor", "name", "role", "escalation_level", "email", "phone", "hours", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactReachabilityForm(ScopedModelForm):
    """What a vendor user may change about their own vendor's contacts."""

    class Meta:
        model = Contact
        fields = ["email", "phone"]


class ContractForm(ScopedModelForm):
    class Meta:
        model = Contract
        fields = [
            "vendor",
            "reference",
            "title",
            "start_date",
            "end_date",
            "annual_fee",
            "currency",
            "renewal_notice_days",
            "auto_renew",
            "notes",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()


class ContractDocumentForm(ScopedModelForm):
    class Meta:
        model = ContractDocument
        fields = ["title", "file"]


class ComponentForm(ScopedModelForm):
    class Meta:
        model = Component
        fields = ["vendor", "name", "kind", "site", "criticality", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
