from django import forms

from core import limits

RATINGS = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label="How useful was the session? (1 poor, 5 excellent)"
    )
    comment = forms.CharField(
        required=False,
        max_length=limits.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        label="Comment",
    )
