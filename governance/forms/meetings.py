"""Forms of meetings: a series, an agenda item."""

from django import forms

from accounts.models import User
from core.forms import InstantFormField, ScopedModelForm
from core.roles import hospital_users
from governance.models import AgendaItem, MeetingSeries
from vendors import selectors as vendor_selectors
from vendors.forms import VendorChoices, VendorDependentChoicesMixin
from vendors.models import Contact


class SeriesForm(VendorDependentChoicesMixin, ScopedModelForm):
    first_start = InstantFormField(
        label="First meeting", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    # Hospital users, whatever the vendor: choices by id (a user list is not the vendor's).
    hospital_attendees = forms.TypedMultipleChoiceField(coerce=int, required=False)
    vendor_attendees = forms.ModelMultipleChoiceField(queryset=Contact.objects.all(), required=False)

    vendor_choices = {
        "vendor_attendees": VendorChoices(vendor_selectors.contact_options, blank=None, before_vendor=None)
    }

    class Meta:
        model = MeetingSeries
        fields = ["vendor", "kind", "title", "frequency", "first_start", "duration_minutes", "until", "location"]
        widgets = {"until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hospital_attendees"].choices = [
            (user.pk, user.get_full_name() or user.email)
            for user in hospital_users().order_by("last_name", "first_name")
        ]

    def clean_hospital_attendees(self) -> list[User]:
        chosen = self.cleaned_data["hospital_attendees"]
        return list(hospital_users().filter(pk__in=chosen))


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "detail"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 2})}


class RescheduleForm(forms.Form):
    starts_at = InstantFormField(
        label="New start", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
