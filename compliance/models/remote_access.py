"""Remote access by vendor engineers: the session they request (reason, ticket or change, systems,
planned window, method), its approval by a hospital admin, its actual start and end; and the
vendor access log, append-only (``AccessLogEntry``: rows are never changed or deleted, which the
database itself enforces: the trigger of migration 0006_remote_access)."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField, URLField
from core.models import VendorOwnedModel
from vendors.models import Vendor


class RemoteAccessSession(VendorOwnedModel):
    class Method(models.TextChoices):
        GATEWAY = "gateway", "Hospital remote-access gateway"
        VPN = "vpn", "Site-to-site VPN"
        SCREEN_SHARE = "screen_share", "Screen sharing with our staff"
        ON_SITE = "on_site", "On site, console"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="remote_sessions")
    engineer = models.CharField(max_length=200, help_text="Who of the vendor connects.")
    reason = BoundedTextField(max_length=limits.NOTE_LENGTH, help_text="What is to be done, and why remotely.")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="remote_sessions"
    )
    change_link = URLField(
        "change link", max_length=500, blank=True, help_text="The approved change, when there is no ticket."
    )
    components = models.ManyToManyField("vendors.Component", related_name="remote_sessions", verbose_name="systems")
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.GATEWAY)
    planned_start = models.DateTimeField()
    planned_end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    source_ip = models.GenericIPAddressField("from address", null=True, blank=True)
    summary = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True, help_text="What was done.")

    class Meta:
        ordering = ["-planned_start", "-pk"]
        indexes = [models.Index(fields=["vendor", "planned_start"], name="compliance_remote_vendor")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")),
                name="compliance_remote_window_order",
                violation_error_message="The planned end must be after the planned start.",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(started_at__isnull=False, ended_at__gte=F("started_at")),
                name="compliance_remote_ended_after_start",
                violation_error_message="A session ends after it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"Remote access of {self.engineer} ({self.planned_start:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("compliance:remoteaccesssession_detail", kwargs={"pk": self.pk})


class AppendOnlyError(Exception):
    """The access log is append-only: its rows are never changed or deleted."""


class AccessLogEntry(VendorOwnedModel):
    """Who of a vendor reached which system, when, from where. Written when a session starts and
    ends, pushed by the hospital's remote-access gateway, and for every request a vendor user
    makes to this site (``compliance.middleware``: one INSERT, ``services.remote_access_log``).
    The database refuses UPDATE and DELETE on this table (a trigger); the model refuses them
    before they get there. The user and vendor
    are kept without foreign-key constraints, so deleting neither ever touches a row here."""

    class Action(models.TextChoices):
        SESSION_START = "session_start", "Session started"
        SESSION_END = "session_end", "Session ended"
        LOGIN = "login", "Signed in to a system"
        COMMAND = "command", "Command or change"
        FILE_TRANSFER = "file_transfer", "File transfer"
        DATA_VIEW = "data_view", "Viewed patient data"
        # A request of a signed-in vendor user to this site (``compliance.middleware``).
        PAGE = "page", "Opened a portal page"
        API_CALL = "api_call", "API call"
        DOWNLOAD = "download", "Downloaded a file"

    at = models.DateTimeField()
    vendor = models.ForeignKey(Vendor, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.CharField("who", max_length=200, help_text="The engineer's name or account, as logged.")
    system = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=Action.choices)
    source_ip = models.GenericIPAddressField("from address", null=True, blank=True)
    session = models.ForeignKey(
        RemoteAccessSession,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(max_length=500, blank=True)
    # Requests to this site (``compliance.middleware``): the method, the path with its query, and
    # the status answered. Empty for what the gateway reports.
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField("path", max_length=500, blank=True)
    status = models.PositiveSmallIntegerField("answer", null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    vendor_lookup: ClassVar[str] = "vendor"

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [
            models.Index(fields=["vendor", "-at"], name="compliance_accesslog_vendor"),
            models.Index(fields=["user", "-at"], name="compliance_accesslog_user"),
            models.Index(fields=["-at"], name="compliance_accesslog_at"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display().lower()} on {self.system}"

    def get_absolute_url(self) -> str:
        return f"{reverse('compliance:accesslogentry_list')}?vendor={self.vendor_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("An access log entry is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("An access log entry is never deleted.")
