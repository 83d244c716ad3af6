"""The data-protection terms of an SLA agreement: what the vendor committed to in writing about
encryption, access, location, sub-processors, breach notification, audits and data at the end."""

from typing import ClassVar

from django.db import models
from django.urls import reverse

from compliance.terms import TermsFacts
from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel

BREACH_NOTIFICATION_HOURS = limits.Range(1, 720)


class DataProtectionTerms(VendorOwnedModel):
    vendor_lookup: ClassVar[str] = "agreement__contract__vendor"

    agreement = models.OneToOneField("slas.Agreement", on_delete=models.CASCADE, related_name="data_protection_terms")
    encryption_at_rest = models.CharField(
        max_length=200, blank=True, help_text="The standard for stored data, e.g. AES-256, keys in an HSM."
    )
    encryption_in_transit = models.CharField(
        max_length=200, blank=True, help_text="The standard on the network, e.g. TLS 1.2 or later, DICOM TLS."
    )
    access_control = BoundedTextField(
        max_length=limits.NOTE_LENGTH,
        blank=True,
        help_text="Who of the vendor may reach our data and how: named engineers, MFA, the hospital's gateway.",
    )
    data_location = models.CharField(
        max_length=200, blank=True, help_text="Where our data is stored and processed, e.g. EU (Germany) only."
    )
    sub_processors = BoundedTextField(
        max_length=limits.NOTE_LENGTH, blank=True, help_text="The sub-processors the vendor may use."
    )
    breach_notification_hours = models.PositiveIntegerField(
        "breach notification (hours)",
        null=True,
        blank=True,
        validators=limits.value_range(BREACH_NOTIFICATION_HOURS),
        help_text="Hours from the vendor's awareness of a breach to telling us.",
    )
    audit_rights = models.BooleanField(default=False, help_text="We may audit the vendor (or have it audited).")
    data_return_and_deletion = BoundedTextField(
        max_length=limits.NOTE_LENGTH,
        blank=True,
        help_text="At contract end: how our data comes back, and its deletion proven.",
    )
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        verbose_name = "data-protection terms"
        verbose_name_plural = "data-protection terms"
        constraints = [
            limits.range_check(
                "breach_notification_hours", BREACH_NOTIFICATION_HOURS, label="The breach notification deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"Data-protection terms of {self.agreement}"

    def get_absolute_url(self) -> str:
        return reverse("slas:agreement_detail", kwargs={"pk": self.agreement_id})

    @property
    def facts(self) -> TermsFacts:
        return TermsFacts(
            encryption_at_rest=self.encryption_at_rest,
            encryption_in_transit=self.encryption_in_transit,
            access_control=self.access_control,
            data_location=self.data_location,
            sub_processors=self.sub_processors,
            breach_notification_hours=self.breach_notification_hours,
            audit_rights=self.audit_rights,
            data_return_and_deletion=self.data_return_and_deletion,
        )
