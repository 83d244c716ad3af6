from django.db.models import QuerySet

from accounts.models import User
from core.roles import Role


def user_list() -> QuerySet[User]:
    return User.objects.select_related("vendor")


def hospital_admins() -> QuerySet[User]:
    return User.objects.filter(role=Role.HOSPITAL_ADMIN, is_active=True)
