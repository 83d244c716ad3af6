"""The forms of a component's lifecycle page: its facts (hospital admins), a version change and
a security bulletin (hospital admins and the vendor), the day a bulletin was applied."""

from typing import Any

from django import forms
from django.utils import timezone

from core import limits
from core.forms import DateInput, ScopedModelForm
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange

DATE_FIELDS = ("installed_on", "warranty_ends_on", "support_ends_on", "end_of_life_on", "replacement_planned_on")


class LifecycleForm(ScopedModelForm):
    class Meta:
        model = ComponentLifecycle
        fields = [
            "operating_system",
            "hardware_model",
            "serial_number",
            *DATE_FIELDS,
            "replacement_budget",
            "notes",
        ]
        widgets = {name: DateInput() for name in DATE_FIELDS}


class VersionChangeForm(forms.Form):
    to_version = forms.CharField(label="Version now running", max_length=60)
    to_patch_level = forms.CharField(label="Patch level", max_length=60, required=False)
    changed_on = forms.DateField(label="Changed on", widget=DateInput(), validators=limits.value_range(limits.DATES))
    kind = forms.ChoiceField(choices=VersionChange.Kind.choices, initial=VersionChange.Kind.UPGRADE)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.NOTE_LENGTH,
        required=False,
        help_text="The plan or ticket behind it; for a rollback, what made you roll back.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["changed_on"].initial = timezone.localdate()


class BulletinForm(ScopedModelForm):
    class Meta:
        model = SecurityBulletin
        fields = ["reference", "title", "severity", "released_on", "fixed_in_version", "description"]
        widgets = {"released_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class BulletinAppliedForm(forms.Form):
    applied_on = forms.DateField(label="Applied on", widget=DateInput(), validators=limits.value_range(limits.DATES))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].initial = timezone.localdate()
