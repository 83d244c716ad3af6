"""Monthly vendor reports: the frozen snapshot, its PDF, who receives it and what was sent.

A report is one version of one vendor's month. Its ``snapshot`` is built once from the other
apps' selectors and never changes; the PDF is rendered from the snapshot alone, so rendering it
again gives the same bytes (``pdf_sha256``). Regenerating makes a new version and marks the old
one superseded; old versions are kept as evidence.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import TimeStampedModel, VendorOwnedModel
from scorecards.models import Evaluation


def vendor_file_stem(name: str) -> str:
    """A vendor's name as the start of a PDF's file name: letters and digits, the rest dashes, at
    most 60 characters (the month and version always fit)."""
    return "".join(ch if ch.isalnum() else "-" for ch in name)[:60].strip("-").lower()


class MonthlyReport(VendorOwnedModel):
    class State(models.TextChoices):
        GENERATING = "generating", "Generating"
        READY = "ready", "Generated"
        FAILED = "failed", "Generation failed"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="monthly_reports")
    month = models.DateField(help_text="The first day of the month reported on.")
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=12, choices=State.choices, default=State.GENERATING)
    is_current = models.BooleanField(
        default=False, help_text="The version that counts: the latest one generated successfully."
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=300, blank=True, help_text="Why this version was generated again.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the monthly schedule generated it.",
    )
    agreements = models.ManyToManyField("slas.Agreement", related_name="+", blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(default=0, editable=False)
    pages = models.PositiveSmallIntegerField(default=0, editable=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while generating.")
    progress_note = models.CharField(max_length=200, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-month", "vendor__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "month", "version"], name="reports_one_row_per_version"),
            models.UniqueConstraint(
                fields=["vendor", "month"], condition=Q(is_current=True), name="reports_one_current_per_month"
            ),
            models.UniqueConstraint(
                fields=["vendor", "month"], condition=Q(state="generating"), name="reports_one_generation_at_once"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="reports_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["month", "vendor"])]

    def __str__(self) -> str:
        return f"{self.vendor} {self.month:%Y-%m} v{self.version}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        """Vendor users see the versions that were generated, never a half-built one."""
        return Q(state=cls.State.READY)

    @property
    def filename(self) -> str:
        return f"{vendor_file_stem(self.vendor.name)}-{self.month:%Y-%m}-v{self.version}.pdf"


class ReportDocument(models.Model):
    """The PDF bytes, kept apart so lists never load them."""

    report = models.OneToOneField(MonthlyReport, on_delete=models.CASCADE, primary_key=True, related_name="document")
    pdf = models.BinaryField()

    def __str__(self) -> str:
        return self.report.filename


class ReportRecipient(VendorOwnedModel):
    """Who receives a vendor's monthly report: a hospital user or a vendor contact. People opt
    out through the link in each email (or an admin for them); an opted-out row is kept so the
    choice is not undone by accident."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="report_recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="report_subscriptions"
    )
    contact = models.ForeignKey(
        "vendors.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="report_subscriptions"
    )
    opted_out_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["vendor__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, contact__isnull=True) | Q(user__isnull=True, contact__isnull=False),
                name="reports_recipient_is_user_or_contact",
            ),
            models.UniqueConstraint(
                fields=["vendor", "user"], condition=Q(user__isnull=False), name="reports_user_once_per_vendor"
            ),
            models.UniqueConstraint(
                fields=["vendor", "contact"],
                condition=Q(contact__isnull=False),
                name="reports_contact_once_per_vendor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person(self) -> object:
        return self.user if self.user_id else self.contact

    @property
    def name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return self.contact.name

    @property
    def email(self) -> str:
        return (self.user.email if self.user_id else self.contact.email) or ""

    @property
    def kind_display(self) -> str:
        if self.contact_id:
            return "Vendor contact"
        return self.user.get_role_display()


class ReportDelivery(VendorOwnedModel):
    """One email of one report to one address. The scheduled delivery is unique per vendor,
    month and address, whatever runs it, however often: that is the exactly-once guarantee.
    The email itself goes through the notifications outbox, which retries and records failure."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RESEND = "resend", "Resent"

    report = models.ForeignKey(MonthlyReport, on_delete=models.PROTECT, related_name="deliveries")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SCHEDULED)
    recipient = models.ForeignKey(
        ReportRecipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    email = models.EmailField()
    outbox_email = models.ForeignKey(
        "notifications.OutboxEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "report deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "month", "email"],
                condition=Q(kind="scheduled"),
                name="reports_scheduled_once_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} to {self.email}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(pk__in=[])  # who at the hospital got what is the hospital's business


class ReportRun(TimeStampedModel):
    """One monthly run (the schedule's or the command's) for one month. A run that never
    finished (a worker killed mid-way) is picked up again by the recovery once its heartbeat
    (``updated_at``, bumped on each step of progress) is STALLED_AFTER old."""

    month = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    vendors_total = models.PositiveIntegerField(default=0)
    vendors_done = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Reports for {self.month:%Y-%m}"


class QbrPack(VendorOwnedModel):
    """The pack of one quarterly business review: the three months before the meeting in figures
    and charts, the agenda as frozen when the meeting started, its decisions and the vendor's
    open actions. One per meeting; generating it again (after minutes changed) rebuilds it from
    a new snapshot. The PDF is rendered from ``snapshot`` alone, as the monthly report's is."""

    State = MonthlyReport.State

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="qbr_packs")
    meeting = models.OneToOneField("governance.Meeting", on_delete=models.PROTECT, related_name="+")
    first_month = models.DateField(help_text="The first of the three months the pack reports on.")
    state = models.CharField(max_length=12, choices=MonthlyReport.State.choices, default=MonthlyReport.State.GENERATING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(default=0, editable=False)
    pages = models.PositiveSmallIntegerField(default=0, editable=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while generating.")
    progress_note = models.CharField(max_length=200, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-first_month", "vendor__name", "-pk"]
        verbose_name = "QBR pack"
        constraints = [models.CheckConstraint(condition=Q(first_month__day=1), name="reports_qbr_month_is_first_day")]

    def __str__(self) -> str:
        return f"QBR pack {self.vendor} {self.first_month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("reports:qbr_detail", kwargs={"pk": self.pk})

    @classmethod
    def vendor_visible_q(cls) -> Q:
        """Vendor users see a pack once it is generated."""
        return Q(state=cls.State.READY)

    @property
    def filename(self) -> str:
        return f"{vendor_file_stem(self.vendor.name)}-qbr-{self.first_month:%Y-%m}.pdf"


class QbrPackDocument(models.Model):
    """The pack's PDF bytes, kept apart so lists never load them."""

    pack = models.OneToOneField(QbrPack, on_delete=models.CASCADE, primary_key=True, related_name="document")
    pdf = models.BinaryField()

    def __str__(self) -> str:
        return self.pack.filename


class QbrPackDelivery(VendorOwnedModel):
    """One email of a QBR pack to one address: the meeting's attendees and the vendor's contacts,
    sent by a hospital admin, and sent again on request (each send is recorded, never replaced).
    The email goes through the notifications outbox, which retries and records failure."""

    class Kind(models.TextChoices):
        SEND = "send", "Sent"
        RESEND = "resend", "Resent"

    pack = models.ForeignKey(QbrPack, on_delete=models.PROTECT, related_name="deliveries")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    pdf_sha256 = models.CharField(max_length=64, help_text="The PDF sent (a pack generated again has another).")
    outbox_email = models.ForeignKey(
        "notifications.OutboxEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "QBR pack delivery"
        verbose_name_plural = "QBR pack deliveries"

    def __str__(self) -> str:
        return f"{self.pack} to {self.email}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(pk__in=[])  # who at the hospital got what is the hospital's business


class EvaluationReport(VendorOwnedModel):
    """The PDF of one finalised vendor evaluation (the annual scorecard): criteria with their
    weights, scores and evidence, the trend against earlier periods, the staff-survey aggregates
    and the improvement plan. One per evaluation; generating it again rebuilds it from a new
    snapshot (the plan's items move on). The PDF is rendered from ``snapshot`` alone."""

    State = MonthlyReport.State

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="evaluation_reports")
    evaluation = models.OneToOneField("scorecards.Evaluation", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=MonthlyReport.State.choices, default=MonthlyReport.State.GENERATING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(default=0, editable=False)
    pages = models.PositiveSmallIntegerField(default=0, editable=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while generating.")
    progress_note = models.CharField(max_length=200, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-evaluation__period_start", "vendor__name", "-pk"]
        verbose_name = "evaluation PDF"

    def __str__(self) -> str:
        return f"Evaluation PDF {self.evaluation}"

    def get_absolute_url(self) -> str:
        return reverse("reports:evaluation_report_detail", kwargs={"pk": self.pk})

    @classmethod
    def vendor_visible_q(cls) -> Q:
        """Vendor users see a generated PDF once the evaluation is shared with them."""
        return Q(state=cls.State.READY, evaluation__state__in=[Evaluation.State.SHARED, Evaluation.State.CLOSED])

    @property
    def filename(self) -> str:
        period = self.evaluation.period_label.replace(" ", "-").lower()
        return f"{vendor_file_stem(self.vendor.name)}-evaluation-{period}.pdf"


class EvaluationReportDocument(models.Model):
    """The evaluation PDF's bytes, kept apart so lists never load them."""

    report = models.OneToOneField(EvaluationReport, on_delete=models.CASCADE, primary_key=True, related_name="document")
    pdf = models.BinaryField()

    def __str__(self) -> str:
        return self.report.filename


class EvaluationDelivery(VendorOwnedModel):
    """One email of an evaluation's PDF to one address, as one send (``sent_at``, ``sent_by``)
    made it: an admin sends the PDF, and sends it again when asked; every send is kept."""

    class Side(models.TextChoices):
        VENDOR = "vendor", "Vendor account manager"
        HOSPITAL = "hospital", "Hospital admin"

    report = models.ForeignKey(EvaluationReport, on_delete=models.PROTECT, related_name="deliveries")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    pdf_sha256 = models.CharField(max_length=64, help_text="The PDF as it was sent.")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    side = models.CharField(max_length=8, choices=Side.choices)
    outbox_email = models.ForeignKey(
        "notifications.OutboxEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "side", "name", "pk"]
        verbose_name_plural = "evaluation deliveries"

    def __str__(self) -> str:
        return f"{self.report} to {self.email}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(pk__in=[])  # who at the hospital got what is the hospital's business
