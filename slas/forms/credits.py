"""Forms of the credit-statement pages: a month typed as YYYY-MM, and computing a month."""

import datetime
import re
from typing import Any

from django import forms

from accounts.models import User
from core.forms import scope_choice_fields
from core.months import last_finished_month
from vendors.models import Vendor

MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month(value: str) -> datetime.date | None:
    """``"2026-03"`` as the first day of that month; None when it is not a month."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    return datetime.date(year, month, 1)


class MonthInput(forms.TextInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    """A calendar month written ``YYYY-MM``; cleaned to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": "Write the month as YYYY-MM, e.g. 2026-03."}

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class StatementComputeForm(forms.Form):
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.only("pk", "name"),
        required=False,
        empty_label="All vendors with an SLA that month",
    )
    month = MonthField(help_text="A finished month. Claimed statements are kept as they are.")

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_choice_fields(self.fields, user)
        latest = last_finished_month()
        self.fields["month"].widget.attrs["max"] = f"{latest:%Y-%m}"
        self.fields["month"].initial = latest

    def clean_month(self) -> datetime.date:
        month = self.cleaned_data["month"]
        latest = last_finished_month()
        if month > latest:
            raise forms.ValidationError(
                f"{month:%Y-%m} has not ended yet; the latest month you can compute is {latest:%Y-%m}."
            )
        return month
