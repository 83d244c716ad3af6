"""What a review or an assessment agreed must be done: a named owner on one side, a due date,
open until done. Lessons-learned actions and health-assessment findings are both this; each
names its parent and keeps its own table."""

from django.db import models
from django.db.models import Q

from core import limits
from core.models import VendorOwnedModel
from core.roles import Side


class OwnedAction(VendorOwnedModel):
    Side = Side

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    description = models.CharField(max_length=300)
    side = models.CharField(max_length=8, choices=Side.choices)
    owner_name = models.CharField("owner", max_length=120, help_text="The named person who does it.")
    due_date = models.DateField("due", validators=limits.value_range(limits.DATES))
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.description


def done_when(name: str, noun: str) -> models.CheckConstraint:
    """The database's rule for a table of owned actions: done, and only done, says when."""
    return models.CheckConstraint(
        condition=Q(status="open", done_at__isnull=True) | Q(status="done", done_at__isnull=False),
        name=name,
        violation_error_message=f"A done {noun} says when it was done.",
    )
