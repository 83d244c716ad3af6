"""Reads on components over their life, for the hospital pages, the portal and the API (each
scoped by its caller through ``visible_to``).

The overview reads every component with its lifecycle row (one join) and its patch backlog and
latest version change as correlated subqueries on indexed columns, so a page costs the same few
queries whatever the number of components, bulletins or years of version history."""

import datetime
from typing import Any

from django.db.models import DateField, OuterRef, Q, QuerySet, Subquery

from core.db import subquery_count
from operations import lifecycle_rules as rules
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from vendors.models import Component
from vendors.selectors import component_list

Severity = SecurityBulletin.Severity


def _open_bulletins() -> QuerySet[SecurityBulletin]:
    return SecurityBulletin.objects.filter(applied_on__isnull=True)


def lifecycle_list() -> QuerySet[Component]:
    """Components by vendor and name with their lifecycle facts (``component.lifecycle``, absent
    when none are recorded) and ``open_bulletins``, ``open_critical``,
    ``oldest_open_released_on`` and ``last_changed_on``."""
    latest_change = (
        VersionChange.objects.filter(component=OuterRef("pk")).order_by("-changed_on", "-id").values("changed_on")[:1]
    )
    return (
        component_list()
        .select_related("lifecycle")
        .annotate(**_backlog_annotations(), last_changed_on=Subquery(latest_change, output_field=DateField()))
        .order_by("vendor__name", "name", "site", "pk")
    )


def lifecycle_flag_q(flag: str, today: datetime.date) -> Q:
    """The components carrying ``flag`` today, as a filter on ``lifecycle_list`` (the same rules
    as ``operations.lifecycle_rules``)."""
    support_soon = today + datetime.timedelta(days=rules.SUPPORT_SOON_DAYS)
    warranty_soon = today + datetime.timedelta(days=rules.WARRANTY_SOON_DAYS)
    not_end_of_life = Q(lifecycle__end_of_life_on__isnull=True) | Q(lifecycle__end_of_life_on__gte=today)
    return {
        rules.PAST_END_OF_LIFE: Q(lifecycle__end_of_life_on__lt=today),
        rules.PAST_END_OF_SUPPORT: Q(lifecycle__support_ends_on__lt=today) & not_end_of_life,
        rules.SUPPORT_ENDING: Q(lifecycle__support_ends_on__gte=today, lifecycle__support_ends_on__lte=support_soon)
        & not_end_of_life,
        rules.OUT_OF_WARRANTY: Q(lifecycle__warranty_ends_on__lt=today),
        rules.WARRANTY_ENDING: Q(
            lifecycle__warranty_ends_on__gte=today, lifecycle__warranty_ends_on__lte=warranty_soon
        ),
        rules.PATCHES_BEHIND: Q(open_bulletins__gt=0),
    }[flag]


def lifecycle_of_component(component: Component) -> ComponentLifecycle | None:
    """The lifecycle row ``lifecycle_list`` joined, or None when nothing is recorded yet."""
    try:
        return component.lifecycle
    except ComponentLifecycle.DoesNotExist:
        return None


def _backlog_annotations() -> dict[str, Any]:
    """The patch backlog of each row whose primary key is its component's (a component, or its
    lifecycle, keyed one to one to it)."""
    oldest_open = _open_bulletins().filter(component=OuterRef("pk")).order_by("released_on").values("released_on")[:1]
    return {
        "open_bulletins": subquery_count(_open_bulletins(), parent_field="component"),
        "open_critical": subquery_count(_open_bulletins().filter(severity=Severity.CRITICAL), parent_field="component"),
        "oldest_open_released_on": Subquery(oldest_open, output_field=DateField()),
    }


def patch_backlog(row: Component | ComponentLifecycle) -> rules.PatchBacklog:
    """The backlog annotated on a row of ``lifecycle_list`` or ``lifecycle_records``."""
    return rules.PatchBacklog(
        open_bulletins=getattr(row, "open_bulletins", 0) or 0,
        open_critical=getattr(row, "open_critical", 0) or 0,
        oldest_open_released_on=getattr(row, "oldest_open_released_on", None),
    )


def _flags(lifecycle: ComponentLifecycle | None, backlog: rules.PatchBacklog, today: datetime.date) -> list[rules.Flag]:
    dates = rules.LifecycleDates(
        support_ends_on=lifecycle.support_ends_on if lifecycle else None,
        end_of_life_on=lifecycle.end_of_life_on if lifecycle else None,
        warranty_ends_on=lifecycle.warranty_ends_on if lifecycle else None,
    )
    return rules.lifecycle_flags(dates, backlog, today)


def component_flags(component: Component, today: datetime.date) -> list[rules.Flag]:
    """The component's flags today; reads the annotations of ``lifecycle_list``."""
    return _flags(lifecycle_of_component(component), patch_backlog(component), today)


def lifecycle_record_flags(lifecycle: ComponentLifecycle, today: datetime.date) -> list[rules.Flag]:
    """A lifecycle row's flags today; reads the annotations of ``lifecycle_records``."""
    return _flags(lifecycle, patch_backlog(lifecycle), today)


def version_history(component: Component) -> QuerySet[VersionChange]:
    """The component's version changes, newest first, with who recorded each."""
    changes = VersionChange.objects.filter(component=component).select_related("recorded_by")
    return changes.order_by("-changed_on", "-id")


def component_bulletins(component: Component) -> QuerySet[SecurityBulletin]:
    """The component's bulletins: open ones first (oldest first: the most overdue on top), then
    the applied ones, newest first."""
    return (
        SecurityBulletin.objects.filter(component=component)
        .select_related("applied_by")
        .order_by("-applied_on", "released_on", "reference")
    )


def bulletin_list() -> QuerySet[SecurityBulletin]:
    """Every bulletin with its component and vendor, newest first (the API's list)."""
    return SecurityBulletin.objects.select_related("component__vendor", "applied_by").order_by(
        "-released_on", "reference", "pk"
    )


def version_change_list() -> QuerySet[VersionChange]:
    """Every version change with its component and vendor, newest first (the API's list)."""
    return VersionChange.objects.select_related("component__vendor", "recorded_by").order_by("-changed_on", "-id")


def lifecycle_records() -> QuerySet[ComponentLifecycle]:
    """Recorded lifecycles with their component and vendor (the API's list)."""
    return (
        ComponentLifecycle.objects.select_related("component__vendor")
        .annotate(**_backlog_annotations())
        .order_by("component__vendor__name", "component__name", "pk")
    )


def bulletin_days_behind(bulletin: SecurityBulletin, today: datetime.date) -> int:
    """Days from release to the fix: to the day applied, or to today while it is open."""
    end = bulletin.applied_on or today
    return max((end - bulletin.released_on).days, 0)
