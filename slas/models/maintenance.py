"""Planned maintenance windows, and the per-user token of the maintenance calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel


class MaintenanceWindow(VendorOwnedModel):
    """Work announced in advance. Approved work with the contractual notice, inside the allowed
    weekly window and within its planned end is excluded from uptime; the part that breaks a rule
    counts as unplanned downtime. No components means all of the vendor's components."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        CANCELLED = "cancelled", "Cancelled"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="maintenance_windows")
    components = models.ManyToManyField("vendors.Component", blank=True, related_name="maintenance_windows")
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    planned_start = models.DateTimeField()
    planned_end = models.DateTimeField()
    announced_at = models.DateTimeField(help_text="When the hospital was given written notice.")
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-planned_start"]
        indexes = [models.Index(fields=["vendor", "planned_start"], name="slas_maintenance_vendor_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")),
                name="slas_maintenance_planned_order",
                violation_error_message="The planned end must be after the planned start.",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=False, actual_end__gt=F("actual_start")),
                name="slas_maintenance_actual_order",
                violation_error_message="The actual end needs an actual start before it.",
            ),
        ]

    def __str__(self) -> str:
        return f"MW-{self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("slas:maintenancewindow_detail", kwargs={"pk": self.pk})


def _new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a user's maintenance-calendar subscription URL. The feed shows what the user
    may see, so a vendor user's feed holds only their vendor's windows; regenerating revokes it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token")
    key = models.CharField(max_length=64, unique=True, default=_new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def regenerate(self) -> None:
        self.key = _new_feed_key()
        self.save(update_fields=["key", "created_at"])
