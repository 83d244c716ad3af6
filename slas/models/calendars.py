"""Business calendars: a timezone, weekly windows in local time, holidays, or always open."""

import datetime
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import SharedQuerySet, TimeStampedModel
from slas.clock import MINUTES_PER_DAY, CalendarSpec, Window


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class BusinessCalendar(TimeStampedModel):
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, default="Europe/Berlin", help_text="IANA timezone, e.g. Europe/Berlin.")
    always_open = models.BooleanField(
        default=False, help_text="24x7: every hour counts; weekly windows and holidays are ignored."
    )
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="slas_calendar_name_unique",
                violation_error_message="A calendar with this name exists.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("slas:businesscalendar_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.timezone not in zoneinfo.available_timezones():
            raise ValidationError({"timezone": f"“{self.timezone}” is not an IANA timezone, e.g. Europe/Berlin."})


class CalendarWindow(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField(help_text="00:00 means midnight at the end of the day.")

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="slas_window_weekday_range"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")) | Q(end=datetime.time(0)),
                name="slas_window_end_after_start",
                violation_error_message="A window ends after it starts (00:00 as the end means midnight).",
            ),
        ]

    def __str__(self) -> str:
        end = "24:00" if self.end_minute == MINUTES_PER_DAY else f"{self.end:%H:%M}"
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{end}"

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        minute = self.end.hour * 60 + self.end.minute
        return MINUTES_PER_DAY if minute == 0 else minute

    def as_window(self) -> Window:
        return Window(self.weekday, self.start_minute, self.end_minute)


class Holiday(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(max_length=120)
    date = models.DateField(validators=limits.value_range(limits.DATES))
    end_date = models.DateField(
        null=True,
        blank=True,
        validators=limits.value_range(limits.DATES),
        help_text="For a closure of several days: the last day.",
    )
    source = models.CharField(max_length=60, blank=True, help_text="Where it came from, e.g. “holidays DE-BE”.")

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="slas_holiday_end_after_start",
                violation_error_message="A holiday range ends on or after its first day.",
            ),
            models.UniqueConstraint(fields=["calendar", "date", "name"], name="slas_holiday_once"),
            limits.range_check("date", limits.DATES, label="The date"),
            limits.range_check("end_date", limits.DATES, label="The last day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return self.calendar.get_absolute_url()

    def days(self) -> list[datetime.date]:
        last = self.end_date or self.date
        return [self.date + datetime.timedelta(days=n) for n in range((last - self.date).days + 1)]


def calendar_spec(calendar: BusinessCalendar, windows: list[CalendarWindow], holidays: list[Holiday]) -> CalendarSpec:
    """The pure description ``slas.clock`` computes with; raises ValueError when inconsistent."""
    return CalendarSpec(
        timezone=calendar.timezone,
        windows=tuple(window.as_window() for window in windows),
        holidays=frozenset(day for holiday in holidays for day in holiday.days()),
        always_open=calendar.always_open,
    )
