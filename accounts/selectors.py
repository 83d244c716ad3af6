from django.db.models import QuerySet

from accounts.models import StaffMember, User


def user_list() -> QuerySet[User]:
    return User.objects.select_related("vendor")


def staff_list() -> QuerySet[StaffMember]:
    return StaffMember.objects.select_related("user")
