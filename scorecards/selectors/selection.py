"""Reads on vendor selections: the side-by-side comparison of a project's candidates (criterion by
criterion, the evaluators' mean, weighted totals by ``scoring.total`` as evaluations are, the
five-year cost of ownership) in a fixed number of queries however many candidates there are."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, QuerySet

from scorecards import scoring
from scorecards.models import (
    Candidate,
    CandidateCost,
    CandidateScore,
    SelectionCriterion,
    SelectionProject,
    SelectionTemplate,
)
from scorecards.models.selection import COST_PARTS, YEARS

ZERO = Decimal(0)


def selection_template_detail() -> QuerySet[SelectionTemplate]:
    return SelectionTemplate.objects.prefetch_related("criteria")


def project_list() -> QuerySet[SelectionProject]:
    """Projects with how many candidates each has and the one chosen."""
    return SelectionProject.objects.select_related("template", "chosen", "vendor").annotate(
        candidate_count=Count("candidates", distinct=True)
    )


def project_detail() -> QuerySet[SelectionProject]:
    return SelectionProject.objects.select_related("template", "chosen", "vendor", "decided_by")


def candidate_detail() -> QuerySet[Candidate]:
    return Candidate.objects.select_related("project__template", "project__chosen")


@dataclass
class Cell:
    """The evaluators' mean score of one candidate on one criterion (None: nobody scored it)."""

    score: Decimal | None
    evaluators: int


@dataclass
class CriterionRow:
    criterion: SelectionCriterion
    cells: list[Cell]


@dataclass
class Costs:
    """A candidate's five years: per year its parts and total, per part its five-year sum."""

    years: list[dict[str, Decimal]]
    parts: dict[str, Decimal]
    total: Decimal
    quoted: bool  # any year given


@dataclass
class SideBySide:
    project: SelectionProject
    candidates: list[Candidate]
    rows: list[CriterionRow]
    totals: list[Decimal | None]
    costs: list[Costs]
    parts: tuple[str, ...] = COST_PARTS
    year_numbers: list[int] = field(default_factory=lambda: list(range(YEARS.low, YEARS.high + 1)))

    @property
    def columns(self) -> list[tuple[Candidate, Decimal | None, Costs]]:
        return list(zip(self.candidates, self.totals, self.costs, strict=True))

    @property
    def part_rows(self) -> list[tuple[str, list[Decimal | None]]]:
        """Per part of the cost, each candidate's five-year sum (None: no quote)."""
        return [
            (part.capitalize(), [costs.parts[part] if costs.quoted else None for costs in self.costs])
            for part in self.parts
        ]

    @property
    def year_rows(self) -> list[tuple[int, list[Decimal | None]]]:
        """Per year, each candidate's total of that year (None: no quote)."""
        return [
            (number, [costs.years[index]["total"] if costs.quoted else None for costs in self.costs])
            for index, number in enumerate(self.year_numbers)
        ]

    @property
    def leader(self) -> Candidate | None:
        """The candidate with the highest weighted total (None before any score)."""
        scored = [(total, index) for index, total in enumerate(self.totals) if total is not None]
        if not scored:
            return None
        return self.candidates[max(scored, key=lambda pair: pair[0])[1]]


def _costs(rows: list[CandidateCost]) -> Costs:
    by_year = {row.year: row for row in rows}
    years = []
    for number in range(YEARS.low, YEARS.high + 1):
        row = by_year.get(number)
        parts = {part: getattr(row, part) if row else ZERO for part in COST_PARTS}
        years.append({**parts, "total": sum(parts.values(), ZERO)})
    parts = {part: sum((year[part] for year in years), ZERO) for part in COST_PARTS}
    return Costs(years=years, parts=parts, total=sum(parts.values(), ZERO), quoted=bool(rows))


def side_by_side(project: SelectionProject) -> SideBySide:
    """The project's candidates compared (four queries: criteria, candidates, score means, costs)."""
    criteria = list(project.template.criteria.all())
    candidates = list(project.candidates.order_by("name"))
    means = {
        (row["candidate_id"], row["criterion_id"]): row
        for row in CandidateScore.objects.filter(candidate__project=project)
        .values("candidate_id", "criterion_id")
        .annotate(mean=Avg("score"), evaluators=Count("evaluator_id"))
    }
    costs: dict[int, list[CandidateCost]] = {candidate.pk: [] for candidate in candidates}
    for cost in CandidateCost.objects.filter(candidate__project=project):
        costs[cost.candidate_id].append(cost)
    rows = []
    for criterion in criteria:
        cells = []
        for candidate in candidates:
            found = means.get((candidate.pk, criterion.pk))
            mean = scoring.rounded(Decimal(str(found["mean"]))) if found else None
            cells.append(Cell(score=mean, evaluators=found["evaluators"] if found else 0))
        rows.append(CriterionRow(criterion=criterion, cells=cells))
    totals = [
        scoring.total([scoring.Weighted(row.criterion.weight, row.cells[index].score) for row in rows])
        for index in range(len(candidates))
    ]
    return SideBySide(
        project=project,
        candidates=candidates,
        rows=rows,
        totals=totals,
        costs=[_costs(costs[candidate.pk]) for candidate in candidates],
    )


def candidate_costs(candidate: Candidate) -> Costs:
    return _costs(list(candidate.costs.all()))


def side_by_side_csv_rows(comparison: SideBySide) -> tuple[list[str], list[list[object]]]:
    """The comparison as a spreadsheet: a row per criterion (the evaluators' mean per candidate),
    the weighted totals, then the five-year cost per part and in all."""
    header = ["Area", "Criterion", "Weight", *[candidate.name for candidate in comparison.candidates]]
    rows: list[list[object]] = [
        [
            row.criterion.get_area_display(),
            row.criterion.name,
            row.criterion.weight,
            *[cell.score for cell in row.cells],
        ]
        for row in comparison.rows
    ]
    rows.append(["", "Weighted total", sum(row.criterion.weight for row in comparison.rows), *comparison.totals])
    for part in COST_PARTS:
        rows.append(["Five-year cost", part.capitalize(), "", *[costs.parts[part] for costs in comparison.costs]])
    rows.append(["Five-year cost", "Total", "", *[costs.total for costs in comparison.costs]])
    return header, rows


def candidate_scores(candidate: Candidate) -> QuerySet[CandidateScore]:
    """Every evaluator's score and note of the candidate, by criterion."""
    return candidate.scores.select_related("criterion", "evaluator").order_by(
        "criterion__position", "criterion_id", "evaluator__last_name", "evaluator_id"
    )
