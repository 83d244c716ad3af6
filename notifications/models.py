"""In-app notifications and the email outbox: every mail the system sends is a row here first."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import HospitalOnlyQuerySet
from core.roles import AnyUser
from notifications.event_types import EmailDelivery, EventType


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user: AnyUser) -> "NotificationQuerySet":
        """The user's notifications in the app (rows kept only to mail or digest are not shown)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user, in_app=True)

    def visible_to(self, user: AnyUser) -> "NotificationQuerySet":
        """Notifications are personal: everyone sees only their own."""
        return self.for_user(user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event told to one person: shown in the app (``in_app``), and/or mailed at once or in
    the daily digest (``email_delivery``), as the person's preferences said when it was raised."""

    class Level(models.TextChoices):
        INFO = "info", "Information"
        WARNING = "warning", "Warning"
        DANGER = "danger", "Action needed"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="A page of this site, e.g. /contracts/3/.")
    dedupe_key = models.CharField(
        max_length=200, blank=True, help_text="Raised once per recipient and key, however often the cause is seen."
    )
    # Blank on notifications raised before event types existed.
    event_type = models.CharField(max_length=40, choices=EventType.choices, blank=True, db_default="")
    in_app = models.BooleanField(default=True, db_default=True, help_text="Shown in the recipient's notifications.")
    email_delivery = models.CharField(
        max_length=10, choices=EmailDelivery.choices, default=EmailDelivery.OFF, db_default=EmailDelivery.OFF
    )
    digest = models.ForeignKey("Digest", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(email_delivery="digest", digest__isnull=True),
                name="notifications_digest_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notifications_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.title


class OutboxEmail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=300)
    subject = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    claimed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="While sending: the worker's lease. A row still sending after it is sent again (the worker died).",
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbox email"
        verbose_name_plural = "email outbox"
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state="queued"), name="notifications_outbox_due"),
            models.Index(fields=["claimed_until"], condition=Q(state="sending"), name="notifications_outbox_lease"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients_display(self) -> str:
        return ", ".join(self.to)


class OutboxAttachment(models.Model):
    email = models.ForeignKey(OutboxEmail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=120, default="application/octet-stream")
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.filename


class NotificationPreference(models.Model):
    """A user's deviation from the default channels of one event type. Only deviations are
    stored (``None``/blank: the default), so a changed default reaches everyone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    in_app = models.BooleanField(null=True, blank=True, help_text="Empty: the event type's default.")
    email = models.CharField(
        max_length=10, choices=EmailDelivery.choices, blank=True, help_text="Empty: the event type's default."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event_type"], name="notifications_preference_once"),
            models.CheckConstraint(
                condition=Q(in_app__isnull=False) | ~Q(email=""), name="notifications_preference_deviates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_event_type_display()}"


class Digest(models.Model):
    """The daily digest email of one user and hospital-local day: at most one (the unique
    constraint is what makes a second run of the same day send nothing)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    outbox_email = models.ForeignKey(OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="notifications_digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day:%Y-%m-%d}"
