"""Forms of the report pages: generating a month, regenerating a version, adding recipients,
choosing the meeting of a QBR pack and the evaluation of an evaluation PDF."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User
from compliance.services.remote_access_log_storage import access_log_kept_since
from core.forms import ScopedForm
from core.months import last_finished_month, month_start
from core.roles import HOSPITAL_ROLES, Role, ScopedUser
from governance.models import Meeting, MeetingKind
from governance.selectors.meetings import meeting_list
from scorecards.models import Evaluation
from scorecards.selectors.evaluations import FROZEN_STATES, evaluation_list
from slas.forms.credits import MonthField
from vendors.forms import VendorChoices, VendorDependentChoicesMixin
from vendors.models import Contact, Vendor


def unfinished_month_message(month: datetime.date, latest: datetime.date) -> str:
    return (
        f"{month:%Y-%m} has not ended yet: reports cover whole months. The latest you can generate is {latest:%Y-%m}."
    )


class ReportGenerateForm(ScopedForm):
    prefix = "generate"  # the archive's filters have a vendor and a month too
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.only("pk", "name").order_by("name"), empty_label="Choose a vendor"
    )
    month = MonthField(label="Month (ended)")
    reason = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Optional: why now (kept with the version)"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = last_finished_month()
        self.fields["month"].initial = latest
        self.fields["month"].widget.attrs["max"] = f"{latest:%Y-%m}"

    def clean_month(self) -> datetime.date:
        month = self.cleaned_data["month"]
        latest = last_finished_month()
        if month > latest:
            raise forms.ValidationError(unfinished_month_message(month, latest), code="unfinished")
        return month


class RegenerateForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False)


def _user_label(user: User) -> str:
    role = user.get_role_display().lower() if user.role in HOSPITAL_ROLES else f"user of {user.vendor}"
    return f"{user.get_full_name() or user.username} ({role}) · {user.email or 'no email'}"


def _contact_label(contact: Contact) -> str:
    return f"{contact.name} ({contact.get_role_display().lower()}) · {contact.email or 'no email'}"


def _recipient_user_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """Hospital users, and the portal users of the chosen vendor."""
    people = User.objects.visible_to(user).filter(is_active=True).select_related("vendor")
    people = people.filter(role__in=HOSPITAL_ROLES) | people.filter(role=Role.VENDOR_USER, vendor_id=vendor_id)
    return [(person.pk, _user_label(person)) for person in people.order_by("role", "last_name", "first_name")]


def _recipient_contact_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    contacts = Contact.objects.visible_to(user).filter(vendor_id=vendor_id).order_by("escalation_level", "name")
    return [(contact.pk, _contact_label(contact)) for contact in contacts] if vendor_id else []


class RecipientAddForm(VendorDependentChoicesMixin, ScopedForm):
    """A vendor, then one person: a hospital user, a user of that vendor, or one of its contacts.
    The lists offer the chosen vendor's people only (reloaded when the vendor changes); the
    service refuses anyone else with a clear message."""

    vendor_choices = {
        "user": VendorChoices(_recipient_user_options, before_vendor=None),
        "contact": VendorChoices(_recipient_contact_options),
    }

    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.only("pk", "name").order_by("name"), empty_label="Choose a vendor"
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).select_related("vendor"),
        required=False,
        label="User",
        help_text="A hospital user, or a portal user of this vendor.",
    )
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.select_related("vendor"),
        required=False,
        label="or a vendor contact",
        help_text="One of the vendor's contacts (they need an email address).",
    )


class UsualRecipientsForm(ScopedForm):
    prefix = "usual"  # beside the list's vendor filter
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.only("pk", "name").order_by("name"), empty_label="Choose…")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.vendor}: {obj.series.title}, {timezone.localtime(obj.starts_at):%Y-%m-%d}"


class QbrPackForm(ScopedForm):
    """Which quarterly business review to make the pack of: those held, newest first (the
    service says why another one cannot have a pack)."""

    meeting = MeetingChoiceField(
        queryset=meeting_list()
        .filter(series__kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW, status=Meeting.Status.STARTED)
        .order_by("-starts_at"),
        empty_label="Choose a quarterly business review that was held",
        label="Quarterly business review",
    )


class EvaluationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Evaluation) -> str:
        return f"{obj.vendor}: {obj.period_label} evaluation ({obj.get_state_display().lower()})"


class EvaluationReportForm(ScopedForm):
    """Which finalised evaluation to make the PDF of, newest first."""

    evaluation = EvaluationChoiceField(
        queryset=evaluation_list()
        .filter(state__in=FROZEN_STATES)
        .defer("snapshot")
        .order_by("-period_start", "vendor__name"),
        empty_label="Choose a finalised evaluation",
        label="Evaluation",
    )


class AccessLogMonthForm(ScopedForm):
    """Which vendor's month of the access log to download (``reports.access_log``): a month the
    log still keeps, up to this one. The portal's form has no vendor: its own is meant."""

    vendor = forms.ModelChoiceField(queryset=Vendor.objects.only("pk", "name").order_by("name"), empty_label="Choose…")
    month = MonthField(help_text="YYYY-MM; the current month reads as far as today.")

    def __init__(self, *args: Any, with_vendor: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_vendor:
            del self.fields["vendor"]

    def clean_month(self) -> datetime.date:
        month = self.cleaned_data["month"]
        this_month = month_start(timezone.localdate())
        oldest = month_start(timezone.localdate(access_log_kept_since()))
        if month > this_month:
            raise forms.ValidationError(f"{month:%Y-%m} has not begun yet.")
        if month < oldest:
            raise forms.ValidationError(f"The access log is kept from {oldest:%Y-%m} on: older months are deleted.")
        return month
