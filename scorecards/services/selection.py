"""Writing vendor selections: selection templates (weights summing to 100, the evaluation
templates' own check), candidates' quoted costs, evaluators' scores, and the decision that turns
the chosen candidate into a vendor, all in one transaction each."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core import limits
from core.permissions import require
from scorecards.models import (
    Candidate,
    CandidateCost,
    CandidateScore,
    SelectionCriterion,
    SelectionProject,
    SelectionTemplate,
)
from scorecards.models.selection import COST_PARTS, YEARS
from scorecards.services.templates import weights_problem
from vendors.services import vendor_create


@dataclass
class SelectionCriterionInput:
    area: str
    name: str
    weight: int
    guidance: str = ""
    id: int | None = None  # an existing criterion of the template, kept (its scores too)


def selection_template_locked(template: SelectionTemplate) -> bool:
    """Fixed once a selection on it is decided: its decision rests on these criteria."""
    return template.pk is not None and template.projects.filter(state=SelectionProject.State.DECIDED).exists()


@transaction.atomic
def selection_template_save(
    *, template: SelectionTemplate, criteria: list[SelectionCriterionInput], by: User
) -> SelectionTemplate:
    """Save the template with exactly these criteria (weights summing to 100). Criteria not listed
    are removed, with the scores given on them."""
    require(by, "selection.manage")
    if selection_template_locked(template):
        raise ValidationError("A decided selection uses this template: it is fixed. Add a new template to change it.")
    problem = weights_problem(criteria)
    if problem:
        raise ValidationError({"criteria": [problem]})
    template.full_clean()
    template.save()
    template.criteria.exclude(pk__in={row.id for row in criteria if row.id is not None}).delete()
    existing = {criterion.pk: criterion for criterion in template.criteria.all()}
    for position, row in enumerate(criteria):
        criterion = existing.get(row.id) if row.id is not None else None
        criterion = criterion or SelectionCriterion(template=template)
        criterion.area, criterion.name, criterion.weight, criterion.guidance = (
            row.area,
            row.name.strip(),
            row.weight,
            row.guidance,
        )
        criterion.position = position
        criterion.full_clean(exclude=["template"])
        criterion.save()
    return template


def _open_project(project_id: int) -> SelectionProject:
    """The project, locked against a decision taken meanwhile, if it is still open."""
    project = SelectionProject.objects.select_for_update().select_related("template").get(pk=project_id)
    if project.state != SelectionProject.State.OPEN:
        raise ValidationError("This selection is decided: its candidates, scores and costs are kept as they were.")
    return project


@transaction.atomic
def candidate_save(*, candidate: Candidate, by: User) -> Candidate:
    """Add or correct a candidate of an open selection."""
    require(by, "selection.manage")
    _open_project(candidate.project_id)
    candidate.full_clean()
    candidate.save()
    return candidate


@dataclass
class ScoreInput:
    criterion_id: int
    score: int | None  # None: take back this evaluator's score
    note: str = ""


@transaction.atomic
def candidate_score(*, candidate: Candidate, scores: list[ScoreInput], by: User) -> list[CandidateScore]:
    """Record ``by``'s scores of the candidate, one per criterion of the project's template (a
    score of None removes theirs); other evaluators' scores are untouched."""
    require(by, "selection.score")
    project = _open_project(candidate.project_id)
    criteria = set(project.template.criteria.values_list("pk", flat=True))
    strangers = [row.criterion_id for row in scores if row.criterion_id not in criteria]
    if strangers:
        raise ValidationError({"scores": [f"Criterion {strangers[0]} is not one of this selection's criteria."]})
    kept = []
    for row in scores:
        if row.score is None:
            CandidateScore.objects.filter(candidate=candidate, criterion_id=row.criterion_id, evaluator=by).delete()
            continue
        limits.check_length("note", row.note, limits.NOTE_LENGTH)
        score = CandidateScore.objects.filter(candidate=candidate, criterion_id=row.criterion_id, evaluator=by).first()
        score = score or CandidateScore(candidate=candidate, criterion_id=row.criterion_id, evaluator=by)
        score.score, score.note = row.score, row.note.strip()
        score.full_clean(exclude=["candidate", "criterion", "evaluator"])
        score.save()
        kept.append(score)
    return kept


@dataclass
class CostInput:
    year: int
    licence: Decimal = Decimal(0)
    support: Decimal = Decimal(0)
    hardware: Decimal = Decimal(0)
    services: Decimal = Decimal(0)


@transaction.atomic
def candidate_costs_save(*, candidate: Candidate, years: list[CostInput], by: User) -> list[CandidateCost]:
    """Replace the candidate's quoted costs with these years (each year 1 to 5 at most once)."""
    require(by, "selection.manage")
    _open_project(candidate.project_id)
    numbers = [row.year for row in years]
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"costs": ["Give each year's cost once."]})
    if any(number not in YEARS for number in numbers):
        raise ValidationError({"costs": [f"Years of the cost of ownership run {YEARS}."]})
    candidate.costs.all().delete()
    rows = []
    for row in years:
        cost = CandidateCost(candidate=candidate, year=row.year, **{part: getattr(row, part) for part in COST_PARTS})
        cost.full_clean(exclude=["candidate"])
        rows.append(cost)
    return CandidateCost.objects.bulk_create(rows)


@transaction.atomic
def selection_decide(
    *, project: SelectionProject, chosen: Candidate, rationale: str, decided_on: datetime.date, by: User
) -> SelectionProject:
    """Record the decision, and make the chosen candidate a vendor (name, kind, website, summary,
    its contact as account manager), in one transaction: a vendor of the same name already
    existing stops both."""
    require(by, "selection.decide")
    project = _open_project(project.pk)
    if chosen.project_id != project.pk:
        raise ValidationError({"chosen": ["Choose one of this selection's candidates."]})
    if not rationale.strip():
        raise ValidationError({"rationale": ["Say why this candidate was chosen."]})
    contact = {"name": chosen.contact_name, "email": chosen.contact_email, "phone": chosen.contact_phone}
    try:
        vendor = vendor_create(
            name=chosen.name,
            kind=project.vendor_kind,
            website=chosen.website,
            notes=f"Chosen in the selection “{project.name}” on {decided_on:%Y-%m-%d}.\n\n{chosen.summary}".strip(),
            contact=contact if chosen.contact_name else None,
        )
    except ValidationError as error:
        raise ValidationError(
            {"chosen": [f"{chosen.name} cannot become a vendor: {' '.join(error.messages)}"]}
        ) from error
    project.state = SelectionProject.State.DECIDED
    project.chosen, project.rationale, project.decided_on, project.decided_by = (
        chosen,
        rationale.strip(),
        decided_on,
        by,
    )
    project.vendor = vendor
    project.full_clean()
    project.save()
    return project
