from django import forms

from core import limits
from training.models.sessions import FEEDBACK_PARTS

RATINGS = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    """The three ratings (``FEEDBACK_PARTS``, 1 poor to 5 excellent) and a comment."""

    comment = forms.CharField(
        required=False,
        max_length=limits.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        label="Comment",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        parts = {
            field: forms.TypedChoiceField(choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=question)
            for field, question in FEEDBACK_PARTS
        }
        self.fields = {**parts, "comment": self.fields["comment"]}

    def ratings(self) -> dict[str, int]:
        return {field: self.cleaned_data[field] for field, _ in FEEDBACK_PARTS}

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _ in FEEDBACK_PARTS]
