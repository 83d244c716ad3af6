"""Forms of the incident pages. They parse input only; every rule is in ``slas.services.incidents``."""

from typing import Any

from django import forms
from django.db.models import Q

from core import limits
from core.forms import DateInput, InstantFormField, ScopedModelForm
from core.roles import HOSPITAL_ROLES
from slas.models import FollowUpAction, Incident, IncidentReview
from vendors.forms import SEVERAL_COMPONENTS, VendorDependentChoicesMixin


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker, in hospital local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class IncidentForm(VendorDependentChoicesMixin, ScopedModelForm):
    vendor_choices = {"components": SEVERAL_COMPONENTS}

    class Meta:
        model = Incident
        fields = [
            "vendor",
            "components",
            "title",
            "impact",
            "started_at",
            "ended_at",
            "detected_by",
            "cause_category",
            "vendor_attributable",
            "summary",
        ]
        widgets = {
            "components": forms.SelectMultiple(attrs={"size": 6}),
            "started_at": DateTimeLocalInput(),
            "ended_at": DateTimeLocalInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"started_at": "Started", "ended_at": "Ended", "cause_category": "Cause"}
        help_texts = {
            "components": "Only the chosen vendor's components are offered. Hold Ctrl (⌘ on a Mac) to choose several.",
            "ended_at": "Leave empty while the incident is ongoing.",
        }


class IncidentCloseForm(forms.Form):
    ended_at = InstantFormField(
        required=False,
        label="Ended at",
        widget=DateTimeLocalInput(),
        help_text="Leave empty to end it now.",
    )


class ReviewForm(forms.Form):
    root_cause = forms.CharField(
        required=False, max_length=limits.MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), label="Root cause"
    )
    what_worked = forms.CharField(
        required=False, max_length=limits.MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), label="What worked"
    )
    what_to_change = forms.CharField(
        required=False,
        max_length=limits.MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What to change",
    )
    status = forms.ChoiceField(
        choices=IncidentReview.Status.choices,
        help_text="Completing needs the root cause and what to change, and an incident that has ended.",
    )

    @classmethod
    def for_review(cls, review: IncidentReview | None) -> "ReviewForm":
        if review is None:
            return cls()
        return cls(
            initial={
                "root_cause": review.root_cause,
                "what_worked": review.what_worked,
                "what_to_change": review.what_to_change,
                "status": review.status,
            }
        )


class FollowUpForm(ScopedModelForm):
    """A follow-up action of one incident; its owner is a hospital user, a user of the
    incident's vendor, or a name typed in."""

    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "owner_name", "due_date"]
        labels = {"owner": "Owner (user)", "owner_name": "or owner's name"}
        help_texts = {"owner_name": ""}
        widgets = {
            "due_date": DateInput(),
            "owner_name": forms.TextInput(attrs={"placeholder": "e.g. vendor engineer"}),
        }

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = owner.queryset.filter(
            Q(role__in=HOSPITAL_ROLES) | Q(vendor_id=incident.vendor_id), is_active=True
        ).only("id", "first_name", "last_name", "username")
        owner.empty_label = "— nobody with an account —"
        owner.widget.choices = owner.choices


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(choices=FollowUpAction.Status.choices)


class CommentForm(forms.Form):
    body = forms.CharField(max_length=limits.MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), label="Comment")
    proposes_root_cause = forms.BooleanField(
        required=False, label="This proposes a root cause for the post-incident review"
    )
