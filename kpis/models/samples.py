"""Samples of a KPI (from people, the vendor, computations and probes) and their roll-ups per day,
week and month."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core import limits
from core.models import VendorOwnedModel
from kpis.models.catalogue import KPI_VALUE, Kpi, Period, Source


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
    value = models.DecimalField(max_digits=18, decimal_places=4, validators=limits.value_range(KPI_VALUE))
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
        constraints = [limits.range_check("value", KPI_VALUE, label="A KPI value")]

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
