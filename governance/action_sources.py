"""The sources of the action register: each app with actions (governance's meeting actions, the
incident follow-ups of slas, later improvement-plan items and findings) is one registered source.

A source answers one question, ``open_actions(query)``: its open actions that ``query.user`` may
see and that match the query's filters, as a values queryset with exactly ``COLUMNS`` (all
annotations, in this order). The register unions them in the database, so sorting, paging and
counting are one query over every source and nothing is copied. Sources register from
``GovernanceConfig.ready()``; a source in an app below governance is read through that app's
selectors and models, as any lower app is.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User

# What every source's rows hold, in this order (the SQL UNION matches columns by position).
COLUMNS = (
    "r_source",
    "r_action_id",
    "r_vendor_id",
    "r_vendor_name",
    "r_description",
    "r_owner_user_id",
    "r_owner_name",
    "r_owner_email",
    "r_side",
    "r_due_date",
    "r_status",
    "r_parent_model",
    "r_parent_id",
)


@dataclass(frozen=True, kw_only=True)
class ActionQuery:
    """Which open actions to list: those ``user`` may see, narrowed by the filters given."""

    user: User | None
    unscoped: bool = False  # a periodic job reading every action (reminders): no user to scope by
    vendor_id: int | None = None
    owner_user_id: int | None = None
    side: str = ""
    overdue_on: datetime.date | None = None  # only actions due before this day
    due_by: datetime.date | None = None  # only actions due on or before this day


@dataclass(frozen=True)
class ActionSource:
    key: str  # stored in reminders: never rename
    label: str
    open_actions: Callable[[ActionQuery], QuerySet]


def scoped(queryset: QuerySet, query: ActionQuery) -> QuerySet:
    """A source's rows as the query may see them: ``visible_to(user)``, or all for a job."""
    return queryset if query.unscoped else queryset.visible_to(query.user)


_sources: dict[str, ActionSource] = {}


def register(source: ActionSource) -> None:
    _sources[source.key] = source


def sources() -> list[ActionSource]:
    return list(_sources.values())


def source_choices() -> list[tuple[str, str]]:
    return [(source.key, source.label) for source in _sources.values()]
