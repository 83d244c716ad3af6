"""The action register: every open action of every registered source, in one query."""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet

from accounts.models import User
from core.links import Audience, object_url
from governance import action_sources
from governance.action_sources import ActionQuery
from governance.models import ActionItem
from governance.models.actions import OPEN_ACTION_STATUSES


def _ordering(sort: str) -> list:
    """The register's order: ``sort`` (a column of ``COLUMNS``, ``-`` for descending) first,
    then due date (undated last), source and id, so equal rows keep one order."""
    column = sort.lstrip("-")
    keys = []
    if column in action_sources.COLUMNS and column != "r_due_date":
        keys.append(F(column).desc(nulls_last=True) if sort.startswith("-") else F(column).asc(nulls_last=True))
    due = F("r_due_date").desc(nulls_last=True) if sort == "-r_due_date" else F("r_due_date").asc(nulls_last=True)
    return [*keys, due, "r_source", "r_action_id"]


def _branch_ordering(sort: str) -> list:
    """The same order inside one source, whose ``r_source`` is one constant: without it, so
    that an index on (due date, id) serves the source's first rows."""
    return [key for key in _ordering(sort) if key != "r_source"]


def action_register(query: ActionQuery, *, source: str = "", sort: str = "", first_rows: int | None = None) -> QuerySet:
    """The open actions of every source (or only ``source``) matching ``query``, as rows of
    ``action_sources.COLUMNS``, ordered by ``sort`` (then the earliest due first): one UNION ALL
    query. A page that reads only the ``first_rows`` rows says so: each source then gives only
    its own first rows in the same order (an index walk where the source has one), and the
    union sorts those few. Callers slice and count it; each is one query."""
    chosen = [s for s in action_sources.sources() if not source or s.key == source]
    if not chosen:
        return ActionItem.objects.none().values()
    ordering = _ordering(sort)
    branches = [s.open_actions(query) for s in chosen]
    if first_rows is not None and len(branches) > 1:
        branches = [branch.order_by(*_branch_ordering(sort))[:first_rows] for branch in branches]
    first, *others = branches
    union = first.union(*others, all=True) if others else first
    return union.order_by(*ordering)


@dataclass(frozen=True)
class RegisterRow:
    """One row of the register as pages, the CSV and the API show it."""

    source: str
    source_label: str
    action_id: int
    vendor_id: int
    vendor_name: str
    description: str
    owner_name: str
    owner_user_id: int | None
    side: str
    due_date: datetime.date | None
    status: str
    link: str

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_date is not None and self.due_date < today


def register_rows(rows: list[dict], *, audience: Audience) -> list[RegisterRow]:
    """Rows of ``action_register`` with their source's label and the link to where ``audience``
    sees the action's parent (its meeting, its incident)."""
    labels = dict(action_sources.source_choices())
    return [
        RegisterRow(
            source=row["r_source"],
            source_label=labels.get(row["r_source"], row["r_source"]),
            action_id=row["r_action_id"],
            vendor_id=row["r_vendor_id"],
            vendor_name=row["r_vendor_name"],
            description=row["r_description"],
            owner_name=row["r_owner_name"] or "",
            owner_user_id=row["r_owner_user_id"],
            side=row["r_side"],
            due_date=row["r_due_date"],
            status=row["r_status"],
            link=object_url(row["r_parent_model"], row["r_parent_id"], audience=audience),
        )
        for row in rows
    ]


def meeting_actions_owned(user: User) -> QuerySet[ActionItem]:
    """The open meeting actions ``user`` owns, the earliest due first, with their meeting and
    vendor (the overview's "My open actions")."""
    return (
        ActionItem.objects.select_related("vendor", "meeting__series")
        .filter(owner_user=user, status__in=OPEN_ACTION_STATUSES)
        .order_by("due_date", "pk")
    )
