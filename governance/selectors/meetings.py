"""Reads on meetings, series and decisions (scoped by the callers with ``visible_to``)."""

from django.db.models import QuerySet

from governance.models import Decision, Meeting, MeetingSeries


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("series", "vendor")


def meeting_detail() -> QuerySet[Meeting]:
    return meeting_list()


def series_detail() -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.select_related("vendor").prefetch_related("hospital_attendees", "vendor_attendees")


def decision_list() -> QuerySet[Decision]:
    return Decision.objects.select_related("vendor", "meeting__series")
