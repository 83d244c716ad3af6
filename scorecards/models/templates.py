"""Evaluation templates: weighted criteria, each scored 0 to 100 from an objective measure (read
from the lower apps' records) with a scoring rule, or by hand with a justification. A template's
weights sum to 100 (``scorecards.services.templates``)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import HospitalOnlyQuerySet, TimeStampedModel

WEIGHT = limits.Range(1, 100)
# Any measured value a rule compares with: percentages, minutes, hours, counts.
RULE_VALUE = limits.Range(0, 1_000_000)


class Area(models.TextChoices):
    """The seed's five areas of a vendor evaluation, plus the hospital's own."""

    RELIABILITY = "reliability", "System reliability"
    SUPPORT = "support", "Support quality"
    TRAINING = "training", "Training effectiveness"
    COMMUNICATION = "communication", "Communication"
    SLA = "sla", "Adherence to the SLA"
    CUSTOM = "custom", "Custom"


class Method(models.TextChoices):
    MEASURE = "measure", "Objective measure"
    MANUAL = "manual", "Manual score"
    SURVEY = "survey", "Staff survey (satisfaction)"


class Measure(models.TextChoices):
    UPTIME = "uptime", "Uptime (%)"
    SLA_COMPLIANCE = "sla_compliance", "SLA compliance (% of clocks met)"
    MEDIAN_RESPONSE = "median_response", "Median response time (minutes)"
    MEDIAN_RESOLUTION = "median_resolution", "Median resolution time (hours)"
    BREACHES = "breaches", "SLA breaches (count)"
    CREDITS = "credits", "Service credits earned (% of fees)"
    KPI_ATTAINMENT = "kpi_attainment", "KPI attainment (% of months on target)"
    INCIDENTS = "incidents", "Incidents (count)"
    MTTR = "mttr", "Mean time to restore (hours)"
    MAINTENANCE = "maintenance", "Maintenance-notice compliance (% of windows)"


# Whether a higher value of the measure is better, and its unit as figures are written.
HIGHER_IS_BETTER = {
    Measure.UPTIME: True,
    Measure.SLA_COMPLIANCE: True,
    Measure.MEDIAN_RESPONSE: False,
    Measure.MEDIAN_RESOLUTION: False,
    Measure.BREACHES: False,
    Measure.CREDITS: False,
    Measure.KPI_ATTAINMENT: True,
    Measure.INCIDENTS: False,
    Measure.MTTR: False,
    Measure.MAINTENANCE: True,
}
UNITS = {
    Measure.UPTIME: "%",
    Measure.SLA_COMPLIANCE: "%",
    Measure.MEDIAN_RESPONSE: "min",
    Measure.MEDIAN_RESOLUTION: "h",
    Measure.BREACHES: "count",
    Measure.CREDITS: "%",
    Measure.KPI_ATTAINMENT: "%",
    Measure.INCIDENTS: "count",
    Measure.MTTR: "h",
    Measure.MAINTENANCE: "%",
}


class Rule(models.TextChoices):
    LINEAR = "linear", "Linear from floor (0) to target (100)"
    BANDS = "bands", "Bands"


class EvaluationTemplate(TimeStampedModel):
    """A set of weighted criteria evaluations are scored on. Fixed once an evaluation on it is
    finalised (the snapshot names its criteria): copy it to change it."""

    name = models.CharField(max_length=120, unique=True)
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "evaluation template"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scorecards:evaluationtemplate_detail", kwargs={"pk": self.pk})


class Criterion(models.Model):
    """One weighted line of a template. A measured criterion names its measure and rule
        (``floor`` and ``target`` for linear, ``bands`` as [{"threshold", "score"}] for bands); a
        manual one is scored per evaluation with a justification; a survey one from the staff surveys
    of the vendor in the evaluation's period (answers on 1 to 5 mapped to 0 to 100)."""

    template = models.ForeignKey(EvaluationTemplate, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    area = models.CharField(max_length=13, choices=Area.choices)
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(validators=limits.value_range(WEIGHT))
    method = models.CharField(max_length=7, choices=Method.choices, default=Method.MEASURE)
    measure = models.CharField(max_length=17, choices=Measure.choices, blank=True)
    severity = models.CharField(
        max_length=2, blank=True, help_text="SLA compliance: only tickets of this severity (empty: all)."
    )
    kpi = models.ForeignKey(
        "kpis.Kpi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="KPI attainment: only this KPI (empty: every active KPI).",
    )
    rule = models.CharField(max_length=6, choices=Rule.choices, default=Rule.LINEAR, blank=True)
    floor = models.DecimalField(
        max_digits=12, decimal_places=3, null=True, blank=True, validators=limits.value_range(RULE_VALUE)
    )
    target = models.DecimalField(
        max_digits=12, decimal_places=3, null=True, blank=True, validators=limits.value_range(RULE_VALUE)
    )
    bands = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["template", "name"], name="scorecards_criterion_name_once"),
            limits.range_check("weight", WEIGHT, label="A weight"),
            models.CheckConstraint(
                condition=Q(method__in=["manual", "survey"]) | ~Q(measure=""),
                name="scorecards_measured_criterion_has_measure",
                violation_error_message="A measured criterion names its measure.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return HIGHER_IS_BETTER.get(self.measure, True)

    @property
    def unit(self) -> str:
        return UNITS.get(self.measure, "")
