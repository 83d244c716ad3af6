"""Forms of the incident pages. They parse input only; every rule is in ``slas.services.incidents``."""

from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from core.forms import DateInput, InstantFormField, ScopedModelForm
from core.roles import HOSPITAL_ROLES
from slas.models import FollowUpAction, Incident, IncidentReview
from vendors.models import Component


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker, in hospital local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def component_choices(vendor_id: int | None, user: User | None) -> list[tuple[int, str]]:
    """The components a user may pick for an incident of that vendor (none until one is chosen)."""
    if not vendor_id:
        return []
    components = Component.objects.visible_to(user).filter(vendor_id=vendor_id).order_by("name", "site")
    return [(c.pk, f"{c.name} ({c.site})" if c.site else c.name) for c in components.only("id", "name", "site")]


class IncidentForm(ScopedModelForm):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vendor_field = self.fields["vendor"]
        # Choosing a vendor reloads the component options (htmx); without JavaScript the form
        # comes back with them after the first submit.
        vendor_field.widget.attrs.update(
            {
                "hx-get": reverse("slas:incident_components"),
                "hx-target": "#id_components",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        # The field accepts any component the user may see, so that a component of another
        # vendor reaches the service and is refused there with a clear message; the list only
        # offers the chosen vendor's.
        self.fields["components"].widget.choices = component_choices(self._chosen_vendor_id(), self.user)

    def _chosen_vendor_id(self) -> int | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("vendor"))
        else:
            value = self.initial.get("vendor") or self.instance.vendor_id
        value = getattr(value, "pk", value)
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None


class IncidentCloseForm(forms.Form):
    ended_at = InstantFormField(
        required=False,
        label="Ended at",
        widget=DateTimeLocalInput(),
        help_text="Leave empty to end it now.",
    )


class ReviewForm(forms.Form):
    root_cause = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Root cause")
    what_worked = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What worked")
    what_to_change = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What to change")
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
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment")
    proposes_root_cause = forms.BooleanField(
        required=False, label="This proposes a root cause for the post-incident review"
    )
