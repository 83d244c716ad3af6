from django.db.models import QuerySet

from accounts.models import User
from core.roles import HOSPITAL_ROLES, Role


def user_list() -> QuerySet[User]:
    return User.objects.select_related("vendor")


def hospital_admins() -> QuerySet[User]:
    return User.objects.filter(role=Role.HOSPITAL_ADMIN, is_active=True)


def hospital_users() -> QuerySet[User]:
    """Every active hospital user, admins and staff."""
    return User.objects.filter(role__in=HOSPITAL_ROLES, is_active=True)


def vendor_users(vendor_id: int) -> QuerySet[User]:
    """The active portal users of one vendor."""
    return User.objects.filter(role=Role.VENDOR_USER, vendor_id=vendor_id, is_active=True)
