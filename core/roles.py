"""The three audiences every app scopes by. Users carry one role (see ``accounts.User``)."""

from typing import Protocol

from django.db import models


class Role(models.TextChoices):
    HOSPITAL_ADMIN = "hospital_admin", "Hospital admin"
    HOSPITAL_STAFF = "hospital_staff", "Hospital staff"
    VENDOR_USER = "vendor_user", "Vendor user"


HOSPITAL_ROLES = frozenset({Role.HOSPITAL_ADMIN, Role.HOSPITAL_STAFF})


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


def is_hospital_user(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_hospital_user", False))


def is_hospital_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_hospital_admin", False))


def is_vendor_user(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_vendor_user", False))
