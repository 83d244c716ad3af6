"""Reads of security incidents: the list, one incident's timeline, the open ones whose clocks run."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from compliance.models import SecurityIncident, SecurityIncidentUpdate
from core.roles import ScopedUser
from vendors.models import Component


def incident_list() -> QuerySet[SecurityIncident]:
    return SecurityIncident.objects.select_related("vendor").annotate(update_count=Count("updates"))


def incident_detail() -> QuerySet[SecurityIncident]:
    return SecurityIncident.objects.select_related("vendor", "reported_by").prefetch_related(
        Prefetch("components", queryset=Component.objects.order_by("name"))
    )


def incident_timeline(incident: SecurityIncident, *, user: ScopedUser) -> QuerySet[SecurityIncidentUpdate]:
    return SecurityIncidentUpdate.objects.visible_to(user).filter(incident=incident).select_related("author")


def incidents_with_running_clocks() -> QuerySet[SecurityIncident]:
    """Open incidents with a clock still running: the vendor has not told us (and a deadline was
    agreed), or we have not told the authority."""
    vendor_running = Q(reported_at__isnull=True, vendor_deadline_hours__isnull=False)
    return (
        SecurityIncident.objects.exclude(status=SecurityIncident.Status.CLOSED)
        .filter(vendor_running | Q(authority_notified_at__isnull=True))
        .select_related("vendor")
    )


def incidents_open_during(
    vendor_id: int, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[SecurityIncident]:
    """``vendor_id``'s incidents we knew of before ``end`` and not closed before ``start``: those
    of a month, for the monthly report (a system read), in the order we learnt of them."""
    return (
        SecurityIncident.objects.filter(vendor_id=vendor_id, hospital_aware_at__lt=end)
        .exclude(closed_at__lt=start)
        .order_by("hospital_aware_at", "pk")
    )
