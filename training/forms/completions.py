from django import forms

from accounts.models import StaffMember
from core.forms import DateInput, ScopedForm
from training.models import Course


class CompletionForm(ScopedForm):
    """One completion, by hand (``training.services.completions.completion_record``)."""

    person = forms.ModelChoiceField(queryset=StaffMember.objects.filter(active=True).order_by("name"))
    course = forms.ModelChoiceField(queryset=Course.objects.filter(active=True).order_by("title"))
    completed_on = forms.DateField(widget=DateInput())


class CompletionImportForm(forms.Form):
    file = forms.FileField(label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
