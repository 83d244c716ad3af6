import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import SearchFilterSet
from training.models import Course, Session
from training.selectors.sessions import past, upcoming

WHEN = [("upcoming", "Upcoming"), ("past", "Past")]


class SessionFilterSet(SearchFilterSet):
    search_fields = ("course__title", "location", "trainer__name", "vendor_trainer__name")

    when = django_filters.ChoiceFilter(choices=WHEN, method="filter_when", label="When")
    course = django_filters.ModelChoiceFilter(queryset=Course.objects.all(), label="Course")

    class Meta:
        model = Session
        fields = ["q", "when", "course", "status"]

    def filter_when(self, queryset: QuerySet[Session], name: str, value: str) -> QuerySet[Session]:
        now = timezone.now()
        return upcoming(queryset, now=now) if value == "upcoming" else past(queryset, now=now)
