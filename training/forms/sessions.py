from django import forms

from accounts.models import StaffMember
from core import limits
from core.forms import InstantFormField, ScopedForm, ScopedModelForm
from training.models import Enrolment, Session
from training.models.sessions import ATTENDANCE_CHOICES
from vendors.forms import VendorNamedChoiceField
from vendors.models import Contact


def _when(label: str) -> InstantFormField:
    return InstantFormField(
        label=label, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


class SessionForm(ScopedModelForm):
    """A session of a course; ``training.services.sessions.session_save`` checks the trainer
    (a certified internal trainer, or a contact of the course's vendor) and the seats."""

    starts_at = _when("Starts")
    ends_at = _when("Ends")
    vendor_trainer = VendorNamedChoiceField(
        queryset=Contact.objects.select_related("vendor").order_by("vendor__name", "name"),
        required=False,
        label="Vendor trainer",
        help_text="A contact of the course's vendor.",
    )

    class Meta:
        model = Session
        fields = ["course", "starts_at", "ends_at", "location", "link", "trainer", "vendor_trainer", "capacity", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = self.fields["course"].queryset.filter(active=True)
        self.fields["trainer"].queryset = StaffMember.objects.filter(active=True).order_by("name")
        if self.instance.pk:
            self.fields["course"].disabled = True


class EnrolForm(ScopedForm):
    person = forms.ModelChoiceField(
        queryset=StaffMember.objects.filter(active=True).order_by("name"), help_text="From the staff directory."
    )


class AttendanceForm(forms.Form):
    """One choice per seat of the session (``status_<enrolment id>``) and, when the course ends
    with a quiz, the attendee's score (``quiz_<enrolment id>``, 0-100, empty for none)."""

    def __init__(self, *args: object, enrolments: list[Enrolment], quiz: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        self.rows = []
        for enrolment in enrolments:
            name = f"status_{enrolment.pk}"
            initial = enrolment.status if enrolment.status != Enrolment.Status.ENROLLED else Enrolment.Status.ATTENDED
            self.fields[name] = forms.ChoiceField(
                choices=ATTENDANCE_CHOICES, initial=initial, label=enrolment.person.name, widget=forms.RadioSelect
            )
            if quiz:
                self.fields[f"quiz_{enrolment.pk}"] = forms.IntegerField(
                    required=False,
                    min_value=limits.PERCENT.low,
                    max_value=limits.PERCENT.high,
                    initial=enrolment.quiz_score,
                    label=f"{enrolment.person.name}'s quiz score",
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "width: 6em"}),
                )
            self.rows.append((enrolment, name))

    def marks(self) -> dict[int, str]:
        return {enrolment.pk: self.cleaned_data[name] for enrolment, name in self.rows}

    def quiz_scores(self) -> dict[int, int | None]:
        if not self.quiz:
            return {}
        return {enrolment.pk: self.cleaned_data[f"quiz_{enrolment.pk}"] for enrolment, _ in self.rows}

    def bound_rows(self) -> list[tuple[Enrolment, forms.BoundField, forms.BoundField | None]]:
        return [
            (enrolment, self[name], self[f"quiz_{enrolment.pk}"] if self.quiz else None)
            for enrolment, name in self.rows
        ]
