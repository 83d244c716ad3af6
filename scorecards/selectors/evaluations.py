"""Reads on evaluations: the scorecard of one (live for a draft, from the snapshot once
finalised), all vendors side by side for one period, and a vendor's trend over the years."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone

from core.formatting import format_number
from scorecards import scoring
from scorecards.models import Area, Criterion, Evaluation, Method, Rule, Standing
from scorecards.selectors.measures import Measurement, VendorPeriod
from scorecards.selectors.surveys import MIN_GROUP_RESPONSES, vendor_satisfaction


def evaluation_list() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related("vendor", "template")


def evaluation_detail() -> QuerySet[Evaluation]:
    criteria = Criterion.objects.select_related("kpi").order_by("position", "pk")
    return evaluation_list().prefetch_related(
        Prefetch("template__criteria", queryset=criteria), "manual_scores", "responses__responded_by"
    )


def standing_levels() -> list[Standing]:
    return list(Standing.objects.order_by("-minimum"))


def bands_of(criterion: Criterion) -> list[scoring.Band]:
    return [scoring.Band(Decimal(str(band["threshold"])), Decimal(str(band["score"]))) for band in criterion.bands]


def rule_text(criterion: Criterion) -> str:
    """The scoring rule in words: "0 at 99 %, 100 at 99.9 %" or the bands."""
    if criterion.method == Method.MANUAL:
        return "Scored by the hospital, with a justification"
    if criterion.method == Method.SURVEY:
        return f"Mean staff-survey answer: 1 scores 0, 5 scores 100 (from {MIN_GROUP_RESPONSES} responses)"
    unit = criterion.unit if criterion.unit != "count" else ""

    def shown(value: Decimal) -> str:
        return f"{format_number(value)} {unit}".strip()

    if criterion.rule == Rule.BANDS:
        sign = "≥" if criterion.higher_is_better else "≤"
        return "; ".join(f"{sign} {shown(band.threshold)}: {format_number(band.score)}" for band in bands_of(criterion))
    return f"0 at {shown(criterion.floor)}, 100 at {shown(criterion.target)}"


def criterion_score(criterion: Criterion, measurement: Measurement) -> Decimal | None:
    if measurement.value is None:
        return None
    if criterion.method == Method.SURVEY:
        return scoring.likert_score(measurement.value)
    if criterion.rule == Rule.BANDS:
        return scoring.banded(measurement.value, bands_of(criterion), higher_is_better=criterion.higher_is_better)
    return scoring.linear(measurement.value, floor=criterion.floor, target=criterion.target)


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    area: str
    area_label: str
    name: str
    weight: int
    method: str
    measure: str
    unit: str
    rule: str
    value: Decimal | None
    inputs: list[tuple[str, str]]
    score: Decimal | None
    justification: str = ""

    def frozen(self) -> dict[str, Any]:
        return {
            "criterion_id": self.criterion_id,
            "area": self.area,
            "area_label": self.area_label,
            "name": self.name,
            "weight": self.weight,
            "method": self.method,
            "measure": self.measure,
            "unit": self.unit,
            "rule": self.rule,
            "value": None if self.value is None else str(self.value.quantize(Decimal("0.0001"))),
            "inputs": [list(pair) for pair in self.inputs],
            "score": None if self.score is None else str(self.score),
            "justification": self.justification,
        }

    @classmethod
    def thawed(cls, row: dict[str, Any]) -> "CriterionResult":
        return cls(
            **{
                **row,
                "value": None if row["value"] is None else Decimal(row["value"]),
                "score": None if row["score"] is None else Decimal(row["score"]),
                "inputs": [tuple(pair) for pair in row["inputs"]],
            }
        )


@dataclass(frozen=True)
class Scorecard:
    results: list[CriterionResult]
    total: Decimal | None
    standing: Standing | None
    unscored_weight: int
    live: bool  # computed now from the records (a draft), or read from the snapshot
    areas: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def missing_manual(self) -> list[str]:
        return [r.name for r in self.results if r.method == Method.MANUAL and r.score is None]


AREA_ORDER = {label: index for index, label in enumerate(Area.labels)}


def in_area_order(labels: Iterable[str]) -> list[str]:
    """Area labels in the seed's order (reliability first, custom last), each once."""
    return sorted(dict.fromkeys(labels), key=lambda label: AREA_ORDER.get(label, len(AREA_ORDER)))


def _area_scores(results: list[CriterionResult]) -> dict[str, Decimal | None]:
    labels = in_area_order(result.area_label for result in results)
    return {
        label: scoring.total([scoring.Weighted(r.weight, r.score) for r in results if r.area_label == label])
        for label in labels
    }


def _standing(total: Decimal | None, levels: list[Standing]) -> Standing | None:
    if total is None or not levels:
        return None
    level = scoring.standing_of(total, [scoring.Level(s.name, s.minimum) for s in levels])
    return next(standing for standing in levels if standing.minimum == level.minimum)


def live_scorecard(evaluation: Evaluation, *, now: datetime.datetime | None = None) -> Scorecard:
    """The draft's scores computed now from the records: each measure read once, manual
    criteria from the admin's scores, survey criteria from the staff surveys of the period."""
    period = VendorPeriod(evaluation.vendor_id, evaluation.period_start, evaluation.period_end, now or timezone.now())
    manual = {score.criterion_id: score for score in evaluation.manual_scores.all()}
    satisfaction: Measurement | None = None
    results = []
    for criterion in evaluation.template.criteria.all():
        if criterion.method == Method.MANUAL:
            given = manual.get(criterion.pk)
            measurement = Measurement(None, [])
            score, justification = (given.score, given.justification) if given else (None, "")
        elif criterion.method == Method.SURVEY:
            if satisfaction is None:
                satisfaction = vendor_satisfaction(evaluation.vendor_id, evaluation.period_start, evaluation.period_end)
            measurement = satisfaction
            score, justification = criterion_score(criterion, measurement), ""
        else:
            measurement = period.measure(criterion)
            score, justification = criterion_score(criterion, measurement), ""
        results.append(
            CriterionResult(
                criterion_id=criterion.pk,
                area=criterion.area,
                area_label=criterion.get_area_display(),
                name=criterion.name,
                weight=criterion.weight,
                method=criterion.method,
                measure=criterion.measure,
                unit=criterion.unit,
                rule=rule_text(criterion),
                value=measurement.value,
                inputs=measurement.inputs,
                score=score,
                justification=justification,
            )
        )
    return _card(results, live=True)


def _card(results: list[CriterionResult], *, live: bool) -> Scorecard:
    total = scoring.total([scoring.Weighted(result.weight, result.score) for result in results])
    return Scorecard(
        results=results,
        total=total,
        standing=_standing(total, standing_levels()),
        unscored_weight=sum(result.weight for result in results if result.score is None),
        live=live,
        areas=_area_scores(results),
    )


@dataclass(frozen=True)
class FrozenStanding:
    """A standing as it was when the evaluation was finalised."""

    name: str
    minimum: Decimal
    requires_plan: bool
    consequence: str
    colour: str


def frozen_scorecard(evaluation: Evaluation) -> Scorecard:
    """The scorecard as the snapshot froze it, without reading any record."""
    snapshot = evaluation.snapshot
    results = [CriterionResult.thawed(row) for row in snapshot["criteria"]]
    standing = snapshot["standing"]
    return Scorecard(
        results=results,
        total=None if snapshot["total"] is None else Decimal(snapshot["total"]),
        standing=None if standing is None else FrozenStanding(**{**standing, "minimum": Decimal(standing["minimum"])}),
        unscored_weight=sum(result.weight for result in results if result.score is None),
        live=False,
        areas={label: None if value is None else Decimal(value) for label, value in snapshot["areas"].items()},
    )


def evaluation_scorecard(evaluation: Evaluation, *, now: datetime.datetime | None = None) -> Scorecard:
    return live_scorecard(evaluation, now=now) if evaluation.is_draft else frozen_scorecard(evaluation)


FROZEN_STATES = [Evaluation.State.FINALISED, Evaluation.State.SHARED, Evaluation.State.CLOSED]


@dataclass(frozen=True)
class ComparisonRow:
    evaluation: Evaluation
    areas: list[Decimal | None]  # in the order of ``Comparison.areas``; empty for drafts
    standing_colour: str = "secondary"


@dataclass(frozen=True)
class Comparison:
    areas: list[str]
    rows: list[ComparisonRow]  # finalised first, best total first; then drafts by vendor


def period_comparison(period_kind: str, period_start: datetime.date) -> Comparison:
    """Every vendor evaluated for one period, side by side: the finalised ones' total, standing
    and area scores from their snapshots (no record is read again, and of each snapshot only its
    area scores and standing's colour), drafts named. One query."""
    evaluations = list(
        evaluation_list()
        .filter(period_kind=period_kind, period_start=period_start)
        .defer("snapshot")
        .annotate(
            area_scores=KeyTransform("areas", "snapshot"),
            standing_colour=KeyTextTransform("colour", KeyTransform("standing", "snapshot")),
        )
        .order_by("vendor__name")
    )
    frozen = [evaluation for evaluation in evaluations if evaluation.state in FROZEN_STATES]
    areas = in_area_order(label for evaluation in frozen for label in evaluation.area_scores)
    frozen.sort(key=lambda evaluation: -evaluation.total)
    rows = [
        ComparisonRow(
            evaluation,
            [_decimal(evaluation.area_scores.get(label)) for label in areas],
            evaluation.standing_colour or "secondary",
        )
        for evaluation in frozen
    ]
    rows += [ComparisonRow(evaluation, []) for evaluation in evaluations if evaluation.state not in FROZEN_STATES]
    return Comparison(areas, rows)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def evaluated_periods() -> list[tuple[str, datetime.date]]:
    """(kind, start) of every period with an evaluation, latest first: the comparison's choices."""
    return list(
        Evaluation.objects.order_by("-period_start", "period_kind")
        .values_list("period_kind", "period_start")
        .distinct()
    )


@dataclass(frozen=True)
class TrendLine:
    name: str
    scores: list[Decimal | None]  # per period, in the order of ``Trend.evaluations``


@dataclass(frozen=True)
class Trend:
    evaluations: list[Evaluation]
    lines: list[TrendLine]  # each criterion by name, then each area


def vendor_trend(vendor_id: int, *, period_kind: str = "annual", user: Any = None) -> Trend:
    """The vendor's finalised evaluations of one kind, oldest first, with each criterion's and
    each area's score per period, from the snapshots: year over year. One query."""
    queryset = evaluation_list().filter(vendor_id=vendor_id, period_kind=period_kind, state__in=FROZEN_STATES)
    if user is not None:
        queryset = queryset.visible_to(user)
    evaluations = list(queryset.order_by("period_start"))
    names = list(dict.fromkeys(row["name"] for e in evaluations for row in e.snapshot["criteria"]))
    lines = [
        TrendLine(
            name,
            [
                next((_decimal(row["score"]) for row in e.snapshot["criteria"] if row["name"] == name), None)
                for e in evaluations
            ],
        )
        for name in names
    ]
    areas = in_area_order(label for e in evaluations for label in e.snapshot["areas"])
    lines += [
        TrendLine(f"Area: {label}", [_decimal(e.snapshot["areas"].get(label)) for e in evaluations]) for label in areas
    ]
    return Trend(evaluations, lines)


def latest_frozen_evaluation(vendor_id: int, *, before: datetime.datetime) -> Evaluation | None:
    """The vendor's evaluation finalised last before ``before`` (what a report of that time shows)."""
    return (
        evaluation_list()
        .filter(vendor_id=vendor_id, state__in=FROZEN_STATES, finalised_at__lt=before)
        .order_by("-finalised_at", "-pk")
        .first()
    )


def evaluation_rank(evaluation: Evaluation) -> tuple[int, int]:
    """Its place by total among the finalised evaluations of its period (1 is the best; equal
    totals share a place), and how many there are. One query."""
    peers = Evaluation.objects.filter(
        period_kind=evaluation.period_kind, period_start=evaluation.period_start, state__in=FROZEN_STATES
    )
    counts = peers.aggregate(better=Count("pk", filter=Q(total__gt=evaluation.total)), ranked=Count("pk"))
    return counts["better"] + 1, counts["ranked"]
