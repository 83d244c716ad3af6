"""The forms of backup and DR tests: scheduling a component's test, recording a run. Times are
hospital local time."""

from django import forms

from core.forms import DateInput, InstantFormField, ScopedModelForm
from operations.models import RecoveryTest, RecoveryTestRun
from slas.forms.maintenance import LocalDateTimeInput
from vendors.forms import VendorNamedChoiceField
from vendors.models import Component


class RecoveryTestForm(ScopedModelForm):
    component = VendorNamedChoiceField(
        queryset=Component.objects.select_related("vendor").order_by("vendor__name", "name")
    )

    class Meta:
        model = RecoveryTest
        fields = [
            "component",
            "kind",
            "every_months",
            "rto_target_minutes",
            "rpo_target_minutes",
            "next_due_on",
            "active",
            "description",
        ]
        widgets = {"next_due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["component"].disabled = True


class RecoveryRunForm(ScopedModelForm):
    started_at = InstantFormField(label="Started", widget=LocalDateTimeInput())
    restored_at = InstantFormField(label="Restore complete", widget=LocalDateTimeInput())
    verified_at = InstantFormField(label="Data verified", widget=LocalDateTimeInput(), required=False)

    class Meta:
        model = RecoveryTestRun
        fields = ["started_at", "restored_at", "verified_at", "rpo_achieved_minutes", "result", "issues"]
        widgets = {"issues": forms.Textarea(attrs={"rows": 2})}
