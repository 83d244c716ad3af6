"""Vendor selection: candidate vendors, not yet under contract, scored side by side on a selection
template's weighted criteria by several evaluators, with their five-year cost of ownership, and the
decision. A candidate is scorecards' own record (most are never chosen); the chosen one becomes a
``vendors`` vendor, its data carried over, when the decision is recorded
(``scorecards.services.selection.selection_decide``)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField, URLField
from core.models import HospitalOnlyQuerySet, TimeStampedModel
from scorecards.models.templates import WEIGHT
from vendors.models import Vendor

SCORE = limits.Range(0, 100)
YEARS = limits.Range(1, 5)
# One part of one year's cost of ownership.
COST = limits.Range(0, 1_000_000_000)
COST_PARTS = ("licence", "support", "hardware", "services")


class SelectionArea(models.TextChoices):
    """What a candidate is judged on before any contract (the seed article's list)."""

    CAPABILITIES = "capabilities", "Capabilities against requirements"
    REFERENCES = "references", "References from similar-sized organisations"
    CASE_STUDIES = "case_studies", "Case studies"
    DEMONSTRATIONS = "demos", "Demonstrations"
    ROADMAP = "roadmap", "R&D and roadmap"
    COST = "cost", "Five-year cost of ownership"
    CUSTOM = "custom", "Custom"


class SelectionTemplate(TimeStampedModel):
    """The weighted criteria candidates are scored on (weights sum to 100, as an evaluation
    template's: the same check, ``scorecards.services.templates.weights_problem``)."""

    name = models.CharField(max_length=120, unique=True)
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "selection template"

    def __str__(self) -> str:
        return self.name


class SelectionCriterion(models.Model):
    template = models.ForeignKey(SelectionTemplate, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    area = models.CharField(max_length=12, choices=SelectionArea.choices)
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(validators=limits.value_range(WEIGHT))
    guidance = BoundedTextField(
        max_length=limits.NOTE_LENGTH, blank=True, help_text="What evaluators look for when they score it."
    )

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = "selection criterion"
        verbose_name_plural = "selection criteria"
        constraints = [
            models.UniqueConstraint(fields=["template", "name"], name="scorecards_selcriterion_name_once"),
            limits.range_check("weight", WEIGHT, label="A weight"),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionProject(TimeStampedModel):
    """One choice to make (a new AI vendor, a PACS replacement): its candidates and the decision."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided"

    name = models.CharField(max_length=200, unique=True)
    template = models.ForeignKey(SelectionTemplate, on_delete=models.PROTECT, related_name="projects")
    vendor_kind = models.CharField(
        "kind of vendor", max_length=10, choices=Vendor.Kind.choices, default=Vendor.Kind.PACS
    )
    requirements = BoundedTextField(
        max_length=limits.DESCRIPTION_LENGTH,
        blank=True,
        help_text="What the hospital needs: capabilities are scored against it.",
    )
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. EUR or USD.")],
        help_text="The currency the candidates' costs are quoted in.",
    )
    state = models.CharField(max_length=7, choices=State.choices, default=State.OPEN)
    chosen = models.ForeignKey(
        "scorecards.Candidate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rationale = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    decided_on = models.DateField(null=True, blank=True, validators=limits.value_range(limits.DATES))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The vendor the chosen candidate became.",
    )

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "selection project"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="open", chosen__isnull=True)
                | models.Q(state="decided", chosen__isnull=False, decided_on__isnull=False),
                name="scorecards_selection_decided_has_choice",
                violation_error_message="A decided selection names its chosen candidate and date.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scorecards:selectionproject_detail", kwargs={"pk": self.pk})


class Candidate(TimeStampedModel):
    """A vendor under consideration; what is carried over to the vendor if it is chosen."""

    project = models.ForeignKey(SelectionProject, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=200)
    website = URLField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    summary = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="scorecards_candidate_name_once",
                violation_error_message="This project already has a candidate of this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scorecards:candidate_detail", kwargs={"pk": self.pk})


class CandidateCost(models.Model):
    """One year (1 to 5) of a candidate's quoted cost of ownership, in its four parts."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(validators=limits.value_range(YEARS))
    licence = models.DecimalField(max_digits=12, decimal_places=2, default=0, validators=limits.value_range(COST))
    support = models.DecimalField(max_digits=12, decimal_places=2, default=0, validators=limits.value_range(COST))
    hardware = models.DecimalField(max_digits=12, decimal_places=2, default=0, validators=limits.value_range(COST))
    services = models.DecimalField(max_digits=12, decimal_places=2, default=0, validators=limits.value_range(COST))

    class Meta:
        ordering = ["candidate", "year"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "year"], name="scorecards_candidatecost_year_once"),
            limits.range_check("year", YEARS, label="A year"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}, year {self.year}"

    @property
    def total(self) -> Decimal:
        return self.licence + self.support + self.hardware + self.services


class CandidateScore(models.Model):
    """One evaluator's score (0 to 100) of one candidate on one criterion, with their note (a
    reference call, what the demonstration showed)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=limits.value_range(SCORE))
    note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "criterion", "evaluator"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion", "evaluator"], name="scorecards_candidatescore_once"
            ),
            limits.range_check("score", SCORE, label="A score"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}, {self.criterion}: {self.score}"
