"""Forms of a meeting's minutes: attendance, a note, a decision, an action, an action's status."""

from typing import Any

from django import forms
from django.forms.models import construct_instance

from core import limits
from core.forms import DateInput
from core.roles import hospital_users
from governance.models import ActionItem, ActionStatus, Meeting
from vendors.models import Contact


class AttendanceForm(forms.Form):
    present_users = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    present_contacts = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        rows = list(meeting.attendance.all())
        initial = {
            "present_users": [row.user_id for row in rows if row.user_id and row.present],
            "present_contacts": [row.contact_id for row in rows if row.contact_id and row.present],
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["present_users"].choices = [(r.user_id, r.person_name) for r in rows if r.user_id]
        self.fields["present_contacts"].choices = [(r.contact_id, r.person_name) for r in rows if r.contact_id]


class NoteForm(forms.Form):
    item_key = forms.ChoiceField(label="Agenda item")
    text = forms.CharField(label="Note", max_length=limits.DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(required=False, label="Internal (never shown to the vendor)")

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_key"].choices = items


class DecisionForm(forms.Form):
    text = forms.CharField(label="Decision", max_length=limits.NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.ModelForm):
    """An action's owner: a hospital user or one of the vendor's contacts (the service refuses
    neither or both, and a missing due date, with a message at the field)."""

    class Meta:
        model = ActionItem
        fields = ["description", "owner_user", "owner_contact", "due_date"]
        labels = {"owner_user": "Owner (hospital user)", "owner_contact": "Owner (vendor contact)"}
        widgets = {"due_date": DateInput()}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = hospital_users().order_by("last_name", "first_name")
        self.fields["owner_contact"].queryset = Contact.objects.filter(vendor_id=meeting.vendor_id)
        self.fields["due_date"].required = False  # the service says what is missing, with the owner

    def _post_clean(self) -> None:
        # The row is validated by ``action_add`` (owner, due date, vendor), whose messages name
        # the fields; the form only fills the instance.
        self.instance = construct_instance(self, self.instance, self._meta.fields)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
