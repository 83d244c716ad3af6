from django.db.models import QuerySet

from training.models import Completion


def completion_list() -> QuerySet[Completion]:
    return Completion.objects.select_related("person", "course", "course__vendor", "recorded_by")
