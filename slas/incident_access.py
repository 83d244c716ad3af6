"""Who may do what with incidents: one table read by the hospital UI, the portal and the API.

Hospital staff report incidents, end them, keep the follow-up actions and join the discussion;
hospital admins also correct an incident's facts and own the post-incident review. Vendor
users read their own vendor's incidents (``visible_to``) and take part in the discussion,
where they may propose a root cause.
"""

from dataclasses import dataclass

from core.roles import is_hospital_admin, is_hospital_user, is_vendor_user


@dataclass(frozen=True)
class IncidentAccess:
    report: bool
    edit: bool
    close: bool
    review: bool
    follow_ups: bool
    comment: bool

    @classmethod
    def of(cls, user: object) -> "IncidentAccess":
        hospital, admin = is_hospital_user(user), is_hospital_admin(user)
        return cls(
            report=hospital,
            edit=admin,
            close=hospital,
            review=admin,
            follow_ups=hospital,
            comment=hospital or is_vendor_user(user),
        )
