"""The minutes of a meeting: who attended, notes per agenda item, decisions."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from governance.models.meetings import Meeting


class Attendance(VendorOwnedModel):
    """One invited or present person: a hospital user or a vendor contact, never both."""

    vendor_lookup: ClassVar[str] = "meeting__vendor"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "vendors.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_attendance"
    )
    present = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, contact__isnull=False) | Q(user__isnull=False, contact__isnull=True),
                name="governance_attendance_one_person",
            ),
            models.UniqueConstraint(fields=["meeting", "user"], name="governance_attendance_user_once"),
            models.UniqueConstraint(fields=["meeting", "contact"], name="governance_attendance_contact_once"),
        ]

    def __str__(self) -> str:
        return self.person_name

    @property
    def person_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.contact.name


class MinuteNote(VendorOwnedModel):
    """What was said about one agenda item (``item_key``, the key of the frozen item). Internal
    notes are the hospital's and never reach vendor users."""

    vendor_lookup: ClassVar[str] = "meeting__vendor"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    item_key = models.CharField(max_length=40)
    text = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH)
    internal = models.BooleanField(default=False, help_text="Internal notes are never shown to the vendor.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.item_key} of {self.meeting_id}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(internal=False)

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


class Decision(VendorOwnedModel):
    """What was agreed in a meeting: the vendor's decision log."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = BoundedTextField(max_length=limits.NOTE_LENGTH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["vendor", "-created_at"], name="gov_decision_vendor")]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"pk": self.meeting_id}) + "#decisions"
