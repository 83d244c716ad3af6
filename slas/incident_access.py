"""What a user may do with incidents, as the incident page offers it: the role matrix's answers
(``core.permissions``, actions ``incident.*``) for the hospital UI and the portal.

Hospital staff report incidents, end them, keep the follow-up actions and join the discussion;
hospital admins also correct an incident's facts and own the post-incident review. Vendor
users read their own vendor's incidents (``visible_to``) and take part in the discussion,
where they may propose a root cause.
"""

from dataclasses import dataclass

from accounts.models import User
from core.permissions import can


@dataclass(frozen=True)
class IncidentAccess:
    report: bool
    edit: bool
    close: bool
    review: bool
    follow_ups: bool
    comment: bool

    @classmethod
    def of(cls, user: User) -> "IncidentAccess":
        return cls(
            report=can(user, "incident.report"),
            edit=can(user, "incident.edit"),
            close=can(user, "incident.close"),
            review=can(user, "incident.review"),
            follow_ups=can(user, "incident.follow_up"),
            comment=can(user, "incident.comment"),
        )
