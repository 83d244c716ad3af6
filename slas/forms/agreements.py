"""Forms of the agreement pages: the version's identity and availability terms, and its tables
of rows (targets per severity, escalation rules, credit bands, ticket credits)."""

from typing import Any

from django import forms

from accounts.models import User
from core.forms import EMPTY_CHOICE, DateInput, HumanDurationField, ScopedModelForm, TableRowForm, TableRowFormSet
from slas.models import Agreement, BusinessCalendar, Metric, Severity
from slas.models.agreements import SupportTier
from slas.services.agreements import AVAILABILITY_TERMS
from vendors.forms import VendorNamedChoiceField
from vendors.models import Contact


class AgreementForm(ScopedModelForm):
    """The version's identity, then its availability and service-credit terms (a section of
    their own on the page: ``version_fields`` and ``terms_groups``)."""

    VERSION_FIELDS = ("contract", "version", "name", "effective_from", "effective_to", "notes")
    TERMS_GROUPS = {
        "Measuring uptime": (
            "uptime_target_percent",
            "degraded_counting",
            "retrieval_degraded_seconds",
            "maintenance_notice_hours",
            "maintenance_calendar",
        ),
        "Credits and claims": ("credit_cap_percent", "ticket_credit_cap_percent", "claim_deadline_days"),
        "Chronic failure": ("chronic_threshold_percent", "chronic_months", "chronic_window_months"),
    }

    class Meta:
        model = Agreement
        fields = [
            "contract",
            "version",
            "name",
            "effective_from",
            "effective_to",
            "notes",
            *AVAILABILITY_TERMS,
        ]
        widgets = {
            "effective_from": DateInput(),
            "effective_to": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"contract": VendorNamedChoiceField}  # every vendor's contracts: name the vendor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contract = self.fields["contract"]
        contract.queryset = contract.queryset.select_related("vendor").order_by("vendor__name", "reference")
        contract.widget.choices = contract.choices

    def version_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.VERSION_FIELDS]

    def terms_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The availability terms in the groups the page shows them in."""
        return [(title, [self[name] for name in names]) for title, names in self.TERMS_GROUPS.items()]


class TargetForm(TableRowForm):
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.HiddenInput)
    calendar = forms.ModelChoiceField(queryset=BusinessCalendar.objects.all())
    response = HumanDurationField()
    update = HumanDurationField(required=False, label="Status update")
    resolution = HumanDurationField(required=False)

    def __init__(self, *args: object, user: User | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = BusinessCalendar.objects.visible_to(user)


TargetFormSet = forms.formset_factory(TargetForm, extra=0, min_num=4, max_num=4, validate_min=True)


class RuleForm(TableRowForm):
    metric = forms.ChoiceField(choices=EMPTY_CHOICE + Metric.choices)
    threshold_percent = forms.IntegerField(min_value=1, max_value=500, label="At % of target")
    notify_assignee = forms.BooleanField(required=False)
    notify_contact_role = forms.ChoiceField(choices=[("", "—"), *Contact.Role.choices], required=False)
    notify_escalation_level = forms.IntegerField(min_value=1, max_value=5, required=False)
    notify_hospital_admins = forms.BooleanField(required=False)
    raise_tier_to = forms.ChoiceField(choices=[("", "—"), *SupportTier.choices], required=False)


RuleFormSet = forms.formset_factory(RuleForm, formset=TableRowFormSet, extra=2, can_delete=True)


class BandForm(TableRowForm):
    below_percent = forms.DecimalField(
        min_value=0, max_value=100, max_digits=6, decimal_places=3, label="Uptime below %"
    )
    credit_percent = forms.DecimalField(min_value=0, max_value=100, max_digits=5, decimal_places=2, label="Credit %")


BandFormSet = forms.formset_factory(BandForm, formset=TableRowFormSet, extra=2, can_delete=True)


class TicketCreditForm(TableRowForm):
    severity = forms.ChoiceField(choices=EMPTY_CHOICE + Severity.choices)
    metric = forms.ChoiceField(choices=EMPTY_CHOICE + Metric.choices)
    credit_percent = forms.DecimalField(
        min_value=0, max_value=100, max_digits=5, decimal_places=2, label="Credit % per miss"
    )


TicketCreditFormSet = forms.formset_factory(TicketCreditForm, formset=TableRowFormSet, extra=2, can_delete=True)
