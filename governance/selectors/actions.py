"""The action register: every open action of every registered source, in one query."""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet

from core.links import Audience, object_url
from governance import action_sources
from governance.action_sources import ActionQuery
from governance.models import ActionItem


def action_register(query: ActionQuery, *, source: str = "") -> QuerySet:
    """The open actions of every source (or only ``source``) matching ``query``, as rows of
    ``action_sources.COLUMNS``: one UNION ALL query, the earliest due first (undated last).
    Callers may re-order by any column, slice and count it; each is one query."""
    chosen = [s for s in action_sources.sources() if not source or s.key == source]
    if not chosen:
        return ActionItem.objects.none().values()
    first, *others = [s.open_actions(query) for s in chosen]
    union = first.union(*others, all=True) if others else first
    return union.order_by(F("r_due_date").asc(nulls_last=True), "r_source", "r_action_id")


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
