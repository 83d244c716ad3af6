"""Backup and disaster-recovery tests: the scheduled test of one component (``RecoveryTest``:
restore a sample of studies, restore the database, fail over to the secondary site), every N
months, with its RTO and RPO targets; and each run of it (``RecoveryTestRun``): when it started,
when the restore was complete and the data verified, the RPO achieved, the result and the issues
found, with the targets it was held to frozen on the run. Writes go through
``operations.services.recovery``."""

import math
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel

EVERY_MONTHS = limits.Range(1, 36)
TARGET_MINUTES = limits.Range(0, 10_080)  # up to a week


class RecoveryTest(VendorOwnedModel):
    class Kind(models.TextChoices):
        RESTORE_STUDIES = "restore_studies", "Restore a sample of studies"
        RESTORE_DATABASE = "restore_database", "Restore the database"
        FAILOVER = "failover", "Fail over to the secondary site"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="recovery_tests")
    component = models.ForeignKey("vendors.Component", on_delete=models.PROTECT, related_name="recovery_tests")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    every_months = models.PositiveSmallIntegerField(
        "every (months)", default=6, validators=limits.value_range(EVERY_MONTHS)
    )
    rto_target_minutes = models.PositiveIntegerField(
        "RTO target (minutes)", validators=limits.value_range(TARGET_MINUTES), help_text="Longest time to restore."
    )
    rpo_target_minutes = models.PositiveIntegerField(
        "RPO target (minutes)", validators=limits.value_range(TARGET_MINUTES), help_text="Most data that may be lost."
    )
    next_due_on = models.DateField("next test due", validators=limits.value_range(limits.DATES))
    active = models.BooleanField(default=True, help_text="Inactive tests are no longer scheduled or reminded of.")
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        verbose_name = "backup and DR test"
        ordering = ["next_due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "kind"],
                name="operations_recovery_test_one_per_kind",
                violation_error_message="This component has such a test already.",
            ),
            limits.range_check("every_months", EVERY_MONTHS, label="The interval"),
            limits.range_check("rto_target_minutes", TARGET_MINUTES, label="The RTO target"),
            limits.range_check("rpo_target_minutes", TARGET_MINUTES, label="The RPO target"),
            limits.range_check("next_due_on", limits.DATES, label="The due date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.component}"

    def get_absolute_url(self) -> str:
        return reverse("operations:recoverytest_detail", kwargs={"pk": self.pk})


class RecoveryTestRun(VendorOwnedModel):
    class Result(models.TextChoices):
        SUCCESS = "success", "Success"
        PARTIAL = "partial", "Partial"
        FAILURE = "failure", "Failure"

    vendor_lookup: ClassVar[str] = "test__vendor"

    test = models.ForeignKey(RecoveryTest, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField("started")
    restored_at = models.DateTimeField("restore complete")
    verified_at = models.DateTimeField("data verified", null=True, blank=True)
    rpo_achieved_minutes = models.PositiveIntegerField(
        "RPO achieved (minutes)",
        validators=limits.value_range(TARGET_MINUTES),
        help_text="Data lost: minutes between the restore point and the start.",
    )
    result = models.CharField(max_length=8, choices=Result.choices)
    issues = BoundedTextField("issues found", max_length=limits.NOTE_LENGTH, blank=True)
    rto_target_minutes = models.PositiveIntegerField("RTO target then (minutes)")
    rpo_target_minutes = models.PositiveIntegerField("RPO target then (minutes)")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["test", "-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(restored_at__gte=F("started_at")),
                name="operations_recovery_run_restored_after_start",
                violation_error_message="The restore completes after the test starts.",
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(verified_at__gte=F("restored_at")),
                name="operations_recovery_run_verified_after_restore",
                violation_error_message="The data is verified after the restore completes.",
            ),
            limits.range_check("rpo_achieved_minutes", TARGET_MINUTES, label="The RPO achieved"),
        ]

    def __str__(self) -> str:
        return f"{self.test} on {self.started_at:%Y-%m-%d}"

    @property
    def rto_achieved_minutes(self) -> int:
        """Minutes from the start to the complete restore, a started minute counting whole."""
        return math.ceil((self.restored_at - self.started_at).total_seconds() / 60)

    @property
    def rto_met(self) -> bool:
        return self.rto_achieved_minutes <= self.rto_target_minutes

    @property
    def rpo_met(self) -> bool:
        return self.rpo_achieved_minutes <= self.rpo_target_minutes

    def get_absolute_url(self) -> str:
        return reverse("operations:recoverytest_detail", kwargs={"pk": self.test_id})
