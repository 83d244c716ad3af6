"""Alerts raised on a KPI (outside its band or target, a degrading trend, storage running out, a
TLS certificate close to its end) and cleared on recovery."""

from django.db import models
from django.db.models import Q

from core.models import VendorOwnedModel
from kpis.models.catalogue import Kpi


class KpiAlert(VendorOwnedModel):
    """A condition worth a person's attention, raised once and cleared when it recovers: a KPI
    past its warning band or target, a degrading trend, storage running out."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", "Outside its target or warning band"
        TREND = "trend", "Degrading trend"
        HEADROOM = "headroom", "Storage headroom"
        CERTIFICATE = "certificate", "Certificate expiring"

    class Level(models.TextChoices):
        WARNING = "warning", "Warning"
        BREACH = "breach", "Target missed"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="alerts")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="kpi_alerts")
    component = models.ForeignKey(
        "vendors.Component", on_delete=models.CASCADE, null=True, blank=True, related_name="kpi_alerts"
    )
    kind = models.CharField(max_length=11, choices=Kind.choices)
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
