"""The limits of what people may enter, in one place.

Text: every free-text field is one of three kinds, each with its maximum length in characters.
Forms show the limit (the ``maxlength`` attribute, and a counter under each text area) and the
API answers 400 past it, because the model field carries it (``core.fields.BoundedTextField``).

Numbers: every number people enter has a business range. ``value_range`` gives the field its
validators (form and API errors at the field) and ``range_check`` the database check that holds
even for a write that skipped validation; both read the same ``Range``.

Dates people enter (a contract's start and end) lie in ``DATES``, so date arithmetic on them (a
notice deadline, a reminder) cannot overflow.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import CheckConstraint, Q

from core.durations import format_duration

# A line or a paragraph said in passing: reasons, decision notes, rating comments.
NOTE_LENGTH = 2_000
# What a record is: notes and descriptions of vendors, contracts, components, calendars, KPIs.
DESCRIPTION_LENGTH = 10_000
# What people write to each other about a problem: ticket descriptions and replies, incident
# summaries, comments and reviews. About ten printed pages; logs belong in attachments.
MESSAGE_LENGTH = 20_000

EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

Number = int | Decimal | datetime.date | datetime.timedelta


@dataclass(frozen=True)
class Range:
    """The values a number (or a date, or a duration) may take, both ends included."""

    low: Number
    high: Number

    def __contains__(self, value: Number) -> bool:
        return self.low <= value <= self.high

    def __str__(self) -> str:
        return f"from {shown(self.low)} to {shown(self.high)}"


def shown(value: Number) -> str:
    """A limit as the messages write it: 1,000,000, 2100-12-31, 8760h."""
    if isinstance(value, datetime.timedelta):
        return format_duration(value)
    return f"{value:%Y-%m-%d}" if isinstance(value, datetime.date) else f"{value:,}"


def value_range(bounds: Range) -> list[MinValueValidator | MaxValueValidator]:
    """The field validators of ``bounds``: a form or API error at the field, with the limit."""
    return [
        MinValueValidator(bounds.low, message=f"Ensure this value is at least {shown(bounds.low)}."),
        MaxValueValidator(bounds.high, message=f"Ensure this value is at most {shown(bounds.high)}."),
    ]


def range_check(field: str, bounds: Range, *, label: str = "") -> CheckConstraint:
    """The database check of ``bounds`` on ``field`` (a null value passes: the field says
    whether it may be empty). Named ``<app>_<model>_<field>_range``."""
    label = label or field.replace("_", " ").capitalize()
    return CheckConstraint(
        condition=Q(**{f"{field}__gte": bounds.low, f"{field}__lte": bounds.high}),
        name=f"%(app_label)s_%(class)s_{field}_range",
        violation_error_message=f"{label} must be {bounds}.",
    )


def check_length(field: str, text: str, max_length: int) -> None:
    """For a service that stores text it was handed rather than a validated row (a note on an
    event, a reason): a ValidationError at ``field`` past ``max_length``, worded as a form's."""
    try:
        MaxLengthValidator(max_length)(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


# The dates people enter.
DATES = Range(EARLIEST_DATE, LATEST_DATE)
# A percentage: of a target, of a fee.
PERCENT = Range(0, 100)
