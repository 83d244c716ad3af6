"""The KPI catalogue: what is measured, its unit, direction, target and warning band, how samples
are aggregated and over which period."""

from django.db import models
from django.db.models import Q

from core import limits
from core.fields import BoundedTextField
from core.models import SharedQuerySet, TimeStampedModel

# Any KPI's value, target or sample, whatever its unit: a billion either way. Sums of a period's
# samples still fit the roll-ups' columns.
KPI_VALUE = limits.Range(-1_000_000_000, 1_000_000_000)


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


class Area(models.TextChoices):
    """Where a KPI's tile sits on the dashboard, in this order."""

    AVAILABILITY = "availability", "Availability"
    PERFORMANCE = "performance", "Performance"
    SUPPORT = "support", "Support"
    STORAGE = "storage", "Storage"
    ASSURANCE = "assurance", "Training, compliance and recovery"
    OTHER = "other", "Other"


class Scope(models.TextChoices):
    VENDOR = "vendor", "Vendor"
    COMPONENT = "component", "Component"


class Kpi(TimeStampedModel):
    """One KPI of the catalogue. ``code`` is stable (the API and computations use it); the rest is
    editable. Against ``target`` a value is red when it misses; between target and ``warning`` it
    is amber (an early warning); beyond ``warning`` it is green."""

    code = models.SlugField(max_length=60, unique=True, help_text="Stable identifier, e.g. retrieval_time_p90.")
    name = models.CharField(max_length=120)
    area = models.CharField(
        max_length=12, choices=Area.choices, default=Area.OTHER, help_text="Where the dashboard groups its tile."
    )
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    unit = models.CharField(max_length=20, help_text="e.g. %, ms, s, min, h, count, score, GB, months.")
    direction = models.CharField(max_length=6, choices=Direction.choices)
    target = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, validators=limits.value_range(KPI_VALUE)
    )
    warning = models.DecimalField(
        "warning threshold",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=limits.value_range(KPI_VALUE),
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
            limits.range_check("target", KPI_VALUE, label="The target"),
            limits.range_check("warning", KPI_VALUE, label="The warning threshold"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER
