"""Audit-trail registration (django-auditlog): one place decides what a change record holds."""

from auditlog.registry import auditlog
from django.db.models import Model

# Bookkeeping columns that change on every save and say nothing a reviewer needs.
UNTRACKED_FIELDS = ("id", "created_at", "updated_at")


def register_audited(model: type[Model], *, exclude: tuple[str, ...] = ()) -> None:
    """Record every create, update and delete of ``model``: who, when, each field from what to what.
    Reverse relations (a vendor's contacts, ...) are not fields of the row and are left out."""
    reverse_relations = [field.name for field in model._meta.get_fields() if field.auto_created and not field.concrete]
    auditlog.register(model, exclude_fields=[*UNTRACKED_FIELDS, *reverse_relations, *exclude])
