"""The forms of lessons learned: the review of a finished change, an action it agrees, marking an
action done."""

from typing import Any

from django import forms

from core.forms import DateInput, ScopedModelForm
from operations.forms.plans import MAX_ID
from operations.models import LessonAction, LessonsReview
from operations.selectors.lessons import plans_awaiting_review


class LessonsReviewForm(ScopedModelForm):
    class Meta:
        model = LessonsReview
        fields = ["plan", "held_on", "went_well", "went_badly"]
        widgets = {
            "held_on": DateInput(),
            "went_well": forms.Textarea(attrs={"rows": 4}),
            "went_badly": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.fields["plan"]
        if self.instance.pk is not None:
            plan.disabled = True
            plan.help_text = "A review stays with its change."
        else:
            plan.queryset = plans_awaiting_review().filter(pk__in=plan.queryset.values("pk"))
            plan.help_text = "A done or rolled-back change without a review yet."


class LessonActionForm(forms.ModelForm):
    class Meta:
        model = LessonAction
        fields = ["description", "side", "owner_name", "due_date"]
        widgets = {"due_date": DateInput()}


class ActionDoneForm(forms.Form):
    action_id = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
