"""Writing evaluation templates: the criteria and their weights in one step, so a template's
weights always sum to 100; fixed once an evaluation on it is finalised."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.permissions import require
from scorecards import scoring
from scorecards.models import Criterion, Evaluation, EvaluationTemplate, Measure, Method, Rule
from scorecards.models.templates import HIGHER_IS_BETTER

WEIGHT_TOTAL = 100


@dataclass
class CriterionInput:
    area: str
    name: str
    weight: int
    method: str = Method.MEASURE
    measure: str = ""
    severity: str = ""
    kpi_id: int | None = None
    rule: str = Rule.LINEAR
    floor: Decimal | None = None
    target: Decimal | None = None
    bands: list[dict[str, Any]] = field(default_factory=list)
    id: int | None = None  # an existing criterion of the template, kept (its manual scores too)


def template_locked(template: EvaluationTemplate) -> bool:
    """Whether a finalised evaluation names this template's criteria (its snapshot and the
    vendor's responses do): then it is fixed."""
    return (
        template.pk is not None
        and Evaluation.objects.filter(template=template).exclude(state=Evaluation.State.DRAFT).exists()
    )


def _rule_problems(row: CriterionInput) -> dict[str, str]:
    if row.method in (Method.MANUAL, Method.SURVEY):
        return {}
    if not row.measure:
        return {"measure": "Choose what the criterion measures."}
    higher = HIGHER_IS_BETTER[Measure(row.measure)]
    if row.rule == Rule.BANDS:
        bands = [scoring.Band(Decimal(str(b["threshold"])), Decimal(str(b["score"]))) for b in row.bands]
        problem = scoring.bands_problem(bands, higher_is_better=higher)
        return {"bands": problem} if problem else {}
    if row.floor is None or row.target is None:
        return {"floor": "A linear rule needs a floor (scores 0) and a target (scores 100)."}
    if (row.target > row.floor) != higher or row.target == row.floor:
        better = "above" if higher else "below"
        return {
            "target": f"Higher values are {'better' if higher else 'worse'} for this measure: "
            f"the target lies {better} the floor."
        }
    return {}


def criteria_problems(criteria: list[CriterionInput]) -> list[dict[str, str]]:
    """Per criterion, what is wrong with it (field → message); empty dicts when all is well."""
    problems = []
    for row in criteria:
        found = _rule_problems(row)
        if row.severity and row.measure != Measure.SLA_COMPLIANCE:
            found.setdefault("severity", "A severity narrows SLA compliance only.")
        if row.kpi_id is not None and row.measure != Measure.KPI_ATTAINMENT:
            found.setdefault("kpi", "A KPI narrows KPI attainment only.")
        problems.append(found)
    return problems


class Weighed(Protocol):
    """A weighted criterion as written: an evaluation template's or a selection template's."""

    name: str
    weight: int


def weights_problem(criteria: Sequence[Weighed]) -> str:
    """Why the criteria's weights cannot stand ("" when they can): every template's one check."""
    total = sum(row.weight for row in criteria)
    if total != WEIGHT_TOTAL:
        return f"The weights sum to {total}; they must sum to {WEIGHT_TOTAL}."
    names = [row.name.strip().lower() for row in criteria]
    if len(set(names)) != len(names):
        return "Each criterion of a template needs its own name."
    return ""


@transaction.atomic
def template_save(*, template: EvaluationTemplate, criteria: list[CriterionInput], by: User) -> EvaluationTemplate:
    """Save the template with exactly these criteria (weights summing to 100). Criteria not
    listed are removed, with their manual scores in drafts."""
    require(by, "scorecard.configure")
    if template_locked(template):
        raise ValidationError("A finalised evaluation uses this template: it is fixed. Copy it to change it.")
    errors: dict[str, list[str]] = {}
    problem = weights_problem(criteria)
    if problem:
        errors["criteria"] = [problem]
    for index, found in enumerate(criteria_problems(criteria)):
        for name, message in found.items():
            errors.setdefault("criteria", []).append(
                f"Criterion {index + 1} ({criteria[index].name}), {name}: {message}"
            )
    if errors:
        raise ValidationError(errors)
    template.full_clean()
    template.save()
    kept = {row.id for row in criteria if row.id is not None}
    template.criteria.exclude(pk__in=kept).delete()
    existing = {criterion.pk: criterion for criterion in template.criteria.all()}
    for position, row in enumerate(criteria):
        criterion = existing.get(row.id) if row.id is not None else None
        criterion = criterion or Criterion(template=template)
        for name, value in vars(row).items():
            if name != "id":
                setattr(criterion, name, value)
        criterion.position = position
        if criterion.method in (Method.MANUAL, Method.SURVEY):
            criterion.measure, criterion.rule, criterion.floor, criterion.target, criterion.bands = (
                "",
                "",
                None,
                None,
                [],
            )
        criterion.full_clean(exclude=["template"])
        criterion.save()
    return template
