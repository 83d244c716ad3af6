"""Read helpers shared by every app."""

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet


def object_history(obj: Model, *, limit: int = 50) -> QuerySet[LogEntry]:
    """The audit trail of one object, newest first: who changed which fields, from what to what."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit]
