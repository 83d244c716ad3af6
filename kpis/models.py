"""KPI catalogue, samples from people, the vendor, computations and probes, and their roll-ups."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import SharedQuerySet, TimeStampedModel, VendorOwnedModel


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Aggregation(models.TextChoices):
    MEAN = "mean", "Mean"
    MEDIAN = "median", "Median"
    P90 = "p90", "90th percentile"
    SUM = "sum", "Sum"
    LAST = "last", "Last value"
    RATE = "rate", "Rate (% of samples that are 1)"


class Period(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by a person"
    VENDOR = "vendor", "Reported by the vendor"
    COMPUTED = "computed", "Computed from our records"
    PROBE = "probe", "Measured by our probes"


class Scope(models.TextChoices):
    VENDOR = "vendor", "Vendor"
    COMPONENT = "component", "Component"


class Kpi(TimeStampedModel):
    """One KPI of the catalogue. ``code`` is stable (the API and computations use it); the rest is
    editable. Against ``target`` a value is red when it misses; between target and ``warning`` it
    is amber (an early warning); beyond ``warning`` it is green."""

    code = models.SlugField(max_length=60, unique=True, help_text="Stable identifier, e.g. retrieval_time_p90.")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=20, help_text="e.g. %, ms, s, min, h, count, score, GB, months.")
    direction = models.CharField(max_length=6, choices=Direction.choices)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    warning = models.DecimalField(
        "warning threshold",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Amber from here to the target: above it for lower-is-better KPIs, below it for higher-is-better.",
    )
    aggregation = models.CharField(max_length=6, choices=Aggregation.choices, default=Aggregation.MEAN)
    period = models.CharField(max_length=5, choices=Period.choices, default=Period.MONTH)
    source = models.CharField(max_length=8, choices=Source.choices)
    scope = models.CharField(max_length=9, choices=Scope.choices, default=Scope.VENDOR)
    active = models.BooleanField(default=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "KPI"
        constraints = [
            models.CheckConstraint(
                condition=Q(warning__isnull=True)
                | Q(target__isnull=True)
                | Q(direction="higher", warning__gte=models.F("target"))
                | Q(direction="lower", warning__lte=models.F("target")),
                name="kpis_warning_on_the_good_side_of_target",
                violation_error_message=(
                    "The warning threshold lies on the good side of the target: above it when higher is "
                    "better, below it when lower is better."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER


class KpiSample(VendorOwnedModel):
    """One measurement. Samples are written in bulk by the ingest service; ``reporter`` says who
    or what reported it (a user, "probe Archive echo", "ticket computation")."""

    # The ingest service checks every id before it writes millions of rows by COPY, so the
    # database skips the per-row foreign-key checks; Django's PROTECT still guards deletes.
    # The composite indexes below serve every lookup the single-column ones would.
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="samples", db_constraint=False, db_index=False)
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="kpi_samples", db_constraint=False, db_index=False
    )
    component = models.ForeignKey(
        "vendors.Component",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kpi_samples",
        db_constraint=False,
        db_index=False,
    )
    measured_at = models.DateTimeField()
    value = models.DecimalField(max_digits=18, decimal_places=4)
    source = models.CharField(max_length=8, choices=Source.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    reporter = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-measured_at"]
        indexes = [
            models.Index(fields=["kpi", "vendor", "measured_at"], name="kpis_sample_series"),
            models.Index(fields=["measured_at", "id"], name="kpis_sample_newest"),
            models.Index(fields=["vendor", "measured_at", "id"], name="kpis_sample_vendor_newest"),
            models.Index(fields=["component", "measured_at", "id"], name="kpis_sample_component_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.value} at {self.measured_at:%Y-%m-%d %H:%M}"


class KpiRollup(VendorOwnedModel):
    """The aggregate of one KPI for one vendor (and component, or all of them) over one period,
    kept per source so measured and vendor-reported values stand side by side. Dashboards read
    these, never the raw samples."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="rollups")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="kpi_rollups")
    component = models.ForeignKey(
        "vendors.Component", on_delete=models.CASCADE, null=True, blank=True, related_name="kpi_rollups"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    period = models.CharField(max_length=5, choices=Period.choices)
    period_start = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=4)
    samples = models.PositiveIntegerField()
    minimum = models.DecimalField(max_digits=18, decimal_places=4)
    maximum = models.DecimalField(max_digits=18, decimal_places=4)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kpi", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "vendor", "component", "source", "period", "period_start"],
                name="kpis_rollup_once",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["vendor", "period", "period_start"], name="kpis_rollup_vendor_period"),
            # The dashboards' reads: a date range of the vendors' whole-vendor roll-ups, index only.
            models.Index(
                fields=["vendor", "period_start"],
                include=["kpi", "period", "source", "value"],
                condition=Q(component__isnull=True),
                name="kpis_rollup_whole_vendor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period} {self.period_start}: {self.value}"


class Probe(VendorOwnedModel):
    """A DICOM endpoint of a vendor's component that we measure ourselves: C-ECHO, a study-level
    C-FIND, a C-GET of a test study and, for Orthanc, its ``/statistics``. ``failure_threshold``
    consecutive unreachable runs open an incident (detected by monitoring); recovery closes it."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="probes")
    component = models.ForeignKey("vendors.Component", on_delete=models.PROTECT, related_name="probes")
    name = models.CharField(max_length=120)
    ae_title = models.CharField("called AE title", max_length=16)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(65535)])
    calling_ae_title = models.CharField("our AE title", max_length=16, default="PACSVENDORDESK")
    test_study_uid = models.CharField(
        "test study UID", max_length=64, blank=True, help_text="A small study kept for timing retrieval."
    )
    rest_url = models.URLField("REST base URL", blank=True, help_text="Orthanc-style statistics, e.g. http://pacs:8042")
    rest_username = models.CharField(max_length=120, blank=True)
    rest_password = models.CharField(max_length=255, blank=True)
    interval_minutes = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    timeout_seconds = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1)])
    failure_threshold = models.PositiveSmallIntegerField(
        "failures before an incident", default=3, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    storage_capacity_gb = models.DecimalField(
        "storage capacity (GB)",
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="For the headroom forecast: months until the storage is full at the current growth.",
    )
    active = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    open_incident = models.ForeignKey(
        "slas.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The incident this probe opened and will close when the endpoint answers again.",
    )

    class Meta:
        ordering = ["vendor__name", "name"]

    def __str__(self) -> str:
        return self.name


# What people configure on a probe: the form and the API both take these (the REST password is
# handled apart, write-only).
PROBE_INPUT_FIELDS = [
    "name",
    "vendor",
    "component",
    "ae_title",
    "host",
    "port",
    "calling_ae_title",
    "test_study_uid",
    "rest_url",
    "rest_username",
    "interval_minutes",
    "timeout_seconds",
    "failure_threshold",
    "storage_capacity_gb",
    "active",
]


class ProbeRun(VendorOwnedModel):
    """One run of a probe: each check's outcome, time and reason, kept as measured."""

    vendor_lookup: ClassVar[str] = "probe__vendor"

    probe = models.ForeignKey(Probe, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    reachable = models.BooleanField()
    ok = models.BooleanField(help_text="Every check succeeded.")
    results = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["probe", "-started_at"], name="kpis_probe_run_latest")]

    def __str__(self) -> str:
        return f"{self.probe} at {self.started_at:%Y-%m-%d %H:%M}"


class KpiAlert(VendorOwnedModel):
    """A condition worth a person's attention, raised once and cleared when it recovers: a KPI
    past its warning band or target, a degrading trend, storage running out."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", "Outside its target or warning band"
        TREND = "trend", "Degrading trend"
        HEADROOM = "headroom", "Storage headroom"

    class Level(models.TextChoices):
        WARNING = "warning", "Warning"
        BREACH = "breach", "Target missed"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="alerts")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="kpi_alerts")
    component = models.ForeignKey(
        "vendors.Component", on_delete=models.CASCADE, null=True, blank=True, related_name="kpi_alerts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    level = models.CharField(max_length=8, choices=Level.choices)
    message = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "vendor", "component", "kind"],
                condition=Q(cleared_at__isnull=True),
                name="kpis_one_open_alert_per_condition",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.message
