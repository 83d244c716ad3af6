"""The three audiences every app scopes by, and who holds each role. Users carry one role (see
``accounts.User``); the apps that tell people things (notifications, accounts, slas, tickets,
reports) find their audience here, below all of them."""

from typing import Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet


class Role(models.TextChoices):
    HOSPITAL_ADMIN = "hospital_admin", "Hospital admin"
    HOSPITAL_STAFF = "hospital_staff", "Hospital staff"
    VENDOR_USER = "vendor_user", "Vendor user"


HOSPITAL_ROLES = frozenset({Role.HOSPITAL_ADMIN, Role.HOSPITAL_STAFF})


class Side(models.TextChoices):
    """The side of the relationship that owns something (an action, a plan item)."""

    HOSPITAL = "hospital", "Hospital"
    VENDOR = "vendor", "Vendor"


class ScopedUser(Protocol):
    """What scoping needs to know about a user; ``accounts.User`` provides it."""

    is_authenticated: bool
    is_active: bool
    role: str
    vendor_id: int | None

    @property
    def is_hospital_user(self) -> bool: ...

    @property
    def is_hospital_admin(self) -> bool: ...

    @property
    def is_vendor_user(self) -> bool: ...


# Who a request may carry: a signed-in user (``accounts.User``, through this protocol, as core
# cannot import accounts), an anonymous visitor, or nobody (a task, a token's missing owner).
AnyUser = ScopedUser | AnonymousUser | None


def is_hospital_user(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_hospital_user", False))


def is_hospital_admin(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_hospital_admin", False))


def is_vendor_user(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_vendor_user", False))


def hospital_admins() -> QuerySet:
    """Every active hospital admin."""
    return get_user_model()._default_manager.filter(role=Role.HOSPITAL_ADMIN, is_active=True)


def hospital_users() -> QuerySet:
    """Every active hospital user, admins and staff."""
    return get_user_model()._default_manager.filter(role__in=HOSPITAL_ROLES, is_active=True)


def vendor_users(vendor_id: int) -> QuerySet:
    """The active portal users of one vendor."""
    return get_user_model()._default_manager.filter(role=Role.VENDOR_USER, vendor_id=vendor_id, is_active=True)
