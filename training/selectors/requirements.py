from django.db.models import QuerySet

from training.models import Requirement


def requirement_list() -> QuerySet[Requirement]:
    return Requirement.objects.select_related("course", "course__vendor")
