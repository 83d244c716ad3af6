"""Form bases: foreign-key choices are always scoped to what the user may see."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Model, QuerySet
from django.forms.utils import pretty_name

from core.durations import format_duration, parse_duration
from core.instants import instant_check
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


def show_model_limits(fields: dict[str, forms.Field], model: type[Model]) -> None:
    """Put the model's range of each number and date on its input (``min``, ``max``), so the
    form shows the limit the model enforces. Text limits need nothing: a model field's
    ``max_length`` already reaches the form field and its ``maxlength`` attribute."""
    for name, field in fields.items():
        if not isinstance(field.widget, forms.NumberInput | forms.DateInput):
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        for validator in model_field.validators:
            attribute = {MinValueValidator: "min", MaxValueValidator: "max"}.get(type(validator))
            if attribute:
                limit = validator.limit_value() if callable(validator.limit_value) else validator.limit_value
                field.widget.attrs.setdefault(attribute, str(limit))


class ScopedModelForm(forms.ModelForm):
    """A ModelForm that takes the acting ``user`` and limits every choice list to ``visible_to(user)``;
    its inputs show the limits of the model's numbers and dates."""

    def __init__(self, *args: Any, user: ScopedUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choice_fields(self.fields, user)
        show_model_limits(self.fields, self._meta.model)


class ScopedForm(forms.Form):
    """A Form that takes the acting ``user`` and limits every choice list to ``visible_to(user)``."""

    def __init__(self, *args: Any, user: ScopedUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choice_fields(self.fields, user)


class DurationInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.timedelta):
            return format_duration(value)
        return super().format_value(value)


class HumanDurationField(forms.Field):
    """A duration typed as ``15m``, ``4h``, ``1h30m``, ``30h`` or ``hh:mm``."""

    widget = DurationInput
    default_error_messages = {"invalid": "Write a duration in hours and minutes, like 15m, 4h, 1h30m or 30h."}

    def to_python(self, value: Any) -> datetime.timedelta | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.timedelta):
            return value
        parsed = parse_duration(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class InstantFormField(forms.DateTimeField):
    """A date and time within the sane range of core.instants (1990 to 2100, offsets within ±14 h)."""

    default_validators = [instant_check]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at the fields it names where the form has
    them, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


# --- forms shown as table rows (a calendar's windows, an agreement's targets) ---

TIME_INPUT = forms.TimeInput(attrs={"type": "time", "class": "form-control form-control-sm"}, format="%H:%M")


class TableRowForm(forms.Form):
    """A form shown as one table row: compact inputs labelled for screen readers, not on screen."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            widget.attrs.setdefault("aria-label", str(field.label or pretty_name(name)))
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")


class TableRowFormSet(forms.BaseFormSet):
    """Rows of a table: the Remove box is labelled for screen readers too."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.update({"aria-label": "Remove this row", "class": "form-check-input"})


# Choice lists of table rows start empty, so an untouched extra row posts nothing and is skipped.
EMPTY_CHOICE = [("", "—")]
