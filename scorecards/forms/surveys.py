"""Survey templates (questions one per line), starting a survey and its audience, and the
answer form behind a personal link (one 1-to-5 choice per question, plus free text)."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Profession
from core import limits
from core.forms import InstantFormField, ScopedForm, ScopedModelForm
from scorecards.forms.evaluations import QUARTERS
from scorecards.models import PeriodKind, SurveyQuestion, SurveyTemplate
from scorecards.models.surveys import DEFAULT_REMIND_DAYS, REMIND_DAYS
from vendors.models import Vendor

SCALE = [
    (1, "1 · strongly disagree"),
    (2, "2 · disagree"),
    (3, "3 · neither"),
    (4, "4 · agree"),
    (5, "5 · strongly agree"),
]


class SurveyTemplateForm(ScopedModelForm):
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=limits.NOTE_LENGTH * 2,
        help_text="One statement per line, answered from 1 (strongly disagree) to 5 (strongly agree).",
    )

    class Meta:
        model = SurveyTemplate
        fields = ["name", "description", "comment_prompt"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["questions"] = "\n".join(q.text for q in self.instance.questions.all())

    def question_lines(self) -> list[str]:
        return self.cleaned_data["questions"].splitlines()


class SurveyStartForm(ScopedForm):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.order_by("name"))
    template = forms.ModelChoiceField(queryset=SurveyTemplate.objects.all())
    period_kind = forms.ChoiceField(label="Period", choices=PeriodKind.choices, initial=PeriodKind.ANNUAL)
    year = forms.IntegerField(min_value=limits.EARLIEST_DATE.year, max_value=limits.LATEST_DATE.year)
    quarter = forms.TypedChoiceField(choices=QUARTERS, coerce=int, required=False, help_text="Quarterly only.")
    closes_at = InstantFormField(
        label="Closes at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Answers are taken until then.",
    )
    professions = forms.MultipleChoiceField(
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Who is asked (none ticked: every profession).",
    )
    department = forms.CharField(max_length=120, required=False, help_text="Only this department (empty: all).")
    site = forms.CharField(max_length=120, required=False, help_text="Only this site (empty: all).")
    remind_days_before = forms.IntegerField(
        label="Remind days before closing",
        min_value=REMIND_DAYS.low,
        max_value=REMIND_DAYS.high,
        initial=DEFAULT_REMIND_DAYS,
        required=False,
        help_text="Those who have not answered get one reminder with their link, this many days before it closes "
        "(0: no reminder).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year - 1
        self.fields["closes_at"].initial = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(
            days=14
        )

    def survey_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        month = data["quarter"] if data["period_kind"] == PeriodKind.QUARTERLY and data["quarter"] else 1
        return {
            "vendor": data["vendor"],
            "template": data["template"],
            "period_kind": data["period_kind"],
            "period_start": datetime.date(data["year"], month, 1),
            "closes_at": data["closes_at"],
            "professions": data["professions"],
            "department": data["department"],
            "site": data["site"],
            "remind_days_before": DEFAULT_REMIND_DAYS
            if data["remind_days_before"] is None
            else data["remind_days_before"],
        }


class SurveyAnswerForm(forms.Form):
    """One radio choice per question, named ``q<id>``, and the comment if the template asks one."""

    def __init__(self, *args: Any, questions: list[SurveyQuestion], comment_prompt: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
        if comment_prompt:
            self.fields["comment"] = forms.CharField(
                label=comment_prompt,
                required=False,
                max_length=limits.NOTE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    def scores(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"q{question.pk}"] for question in self.questions}

    def comment(self) -> str:
        return self.cleaned_data.get("comment", "")
