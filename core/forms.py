"""Form bases: foreign-key choices are always scoped to what the user may see."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from core.models import is_vendor_scoped
from core.roles import ScopedUser
from core.widgets import FastSelect


def scope_choice_fields(fields: dict[str, forms.Field], user: ScopedUser | None) -> None:
    for field in fields.values():
        queryset: QuerySet | None = getattr(field, "queryset", None)
        if queryset is not None and is_vendor_scoped(queryset.model):
            field.queryset = queryset.visible_to(user)
        if isinstance(field, forms.ModelChoiceField) and type(field.widget) is forms.Select:
            field.widget = FastSelect(attrs=field.widget.attrs)
            field.widget.choices = field.choices


class ScopedModelForm(forms.ModelForm):
    """A ModelForm that takes the acting ``user`` and limits every choice list to ``visible_to(user)``."""

    def __init__(self, *args: Any, user: ScopedUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choice_fields(self.fields, user)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
