"""Action items agreed in meetings, and the reminders sent for actions of any source."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.models import TimeStampedModel, VendorOwnedModel
from core.roles import Side
from governance.models.meetings import Meeting


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(VendorOwnedModel):
    """Something one side agreed to do by a date: owned by a hospital user or a vendor contact
    (never neither, never both), the side following from the owner."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="meeting_actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_actions"
    )
    owner_contact = models.ForeignKey(
        "vendors.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_actions"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    due_date = models.DateField(validators=limits.value_range(limits.DATES))
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(
                fields=["due_date", "id"], condition=Q(status__in=OPEN_ACTION_STATUSES), name="gov_action_open"
            )
        ]
        constraints = [
            limits.range_check("due_date", limits.DATES, label="The due date"),
            models.CheckConstraint(
                condition=Q(owner_user__isnull=True, owner_contact__isnull=False)
                | Q(owner_user__isnull=False, owner_contact__isnull=True),
                name="governance_action_one_owner",
                violation_error_message="An action has one owner: a hospital user or a vendor contact.",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"pk": self.meeting_id}) + "#actions"

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.email
        return self.owner_contact.name if self.owner_contact_id else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES


class ActionReminder(TimeStampedModel):
    """A reminder sent for one action of any source (``source`` and ``action_id`` as the register
    names it), once per kind and due date: a moved due date is reminded of again."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    source = models.CharField(max_length=30)
    action_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "action_id", "kind", "due_date"], name="governance_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.source} {self.action_id}"
