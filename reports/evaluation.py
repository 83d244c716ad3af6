"""The evaluation PDF's snapshot and rendering: a vendor's finalised evaluation (the annual
scorecard) as the vendor and the hospital read it. The criteria with their weights, scores and
the evidence behind each (from the evaluation's own frozen snapshot), the total and standing
against the vendor's earlier evaluations of the same kind, the staff-survey aggregates of the
period (never a comment, never a group under the anonymity threshold), and the improvement plan
with its items' state.

The snapshot is read through the scorecards' selectors and frozen as JSON, as the monthly
report's is; the PDF is rendered from it alone with the reports' helpers (charts, the shared PDF
styles, ``rendering.render_document``)."""

import datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from reports import charts
from reports.rendering import RenderedPdf, chart_image, render_document
from reports.sections.base import decimal_text, instant_text
from reports.snapshot import snapshot_sha256
from scorecards.models import Area, Evaluation, ImprovementPlan, Survey
from scorecards.selectors.evaluations import in_area_order, vendor_trend
from scorecards.selectors.plans import plan_detail
from scorecards.selectors.surveys import MIN_GROUP_RESPONSES, survey_detail, survey_results

TREND_PERIODS = 5  # this evaluation and the four before it
AREA_SHORT = {
    Area.RELIABILITY.label: "Reliability",
    Area.SUPPORT.label: "Support",
    Area.TRAINING.label: "Training",
    Area.COMMUNICATION.label: "Comms",
    Area.SLA.label: "SLA",
}


def _trend(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The vendor's finalised evaluations of this kind up to this one, oldest first."""
    evaluations = vendor_trend(evaluation.vendor_id, period_kind=evaluation.period_kind).evaluations
    earlier = [e for e in evaluations if e.period_start <= evaluation.period_start][-TREND_PERIODS:]
    return [
        {
            "label": e.period_label,
            "total": decimal_text(e.total, 1),
            "standing": e.standing,
            "areas": e.snapshot["areas"],
        }
        for e in earlier
    ]


def _survey(survey: Survey) -> dict[str, Any]:
    results = survey_results(survey, with_comments=False)
    return {
        "period": survey.period_label,
        "closes_at": instant_text(survey.closes_at),
        "state": survey.get_state_display(),
        "invited": results.invited,
        "answered": results.answered,
        "rate": decimal_text(results.rate, 0),
        "shown": results.shown,
        "questions": [
            {"text": q.text, "responses": q.responses, "mean": decimal_text(q.mean, 2), "distribution": q.distribution}
            for q in results.questions
        ],
        "groups": [
            {
                "label": g.label,
                "invited": g.invited,
                "answered": g.answered,
                "rate": decimal_text(g.rate, 0),
                "shown": g.shown,
                "means": [decimal_text(mean, 2) for mean in g.means],
            }
            for g in results.groups
        ],
    }


def _surveys(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The vendor's staff surveys of the evaluated period, once sent (aggregates only)."""
    surveys = (
        survey_detail()
        .filter(
            vendor_id=evaluation.vendor_id,
            period_start__gte=evaluation.period_start,
            period_start__lt=evaluation.period_end,
        )
        .exclude(state=Survey.State.DRAFT)
        .order_by("period_start", "pk")
    )
    return [_survey(survey) for survey in surveys]


def _plan(evaluation: Evaluation) -> dict[str, Any] | None:
    plan = plan_detail().filter(evaluation=evaluation).exclude(state=ImprovementPlan.State.DRAFT).first()
    if plan is None:
        return None
    return {
        "title": plan.title,
        "state": plan.get_state_display(),
        "items": [
            {
                "description": item.description,
                "owner_side": item.get_owner_side_display(),
                "owner": item.owner,
                "milestone": item.milestone.isoformat(),
                "status": item.status,
                "status_label": item.get_status_display(),
                "consequence": item.consequence,
                "progress": item.progress,
            }
            for item in sorted(plan.items.all(), key=lambda item: (item.milestone, item.pk))
        ],
    }


def evaluation_snapshot(evaluation: Evaluation, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything the PDF shows, as JSON. The evaluation must be finalised (its scores frozen)."""
    now = now or timezone.now()
    frozen = evaluation.snapshot
    return {
        "generated_at": instant_text(now),
        "timezone": str(timezone.get_current_timezone()),
        "vendor": {"id": evaluation.vendor_id, "name": evaluation.vendor.name},
        "evaluation": {
            "id": evaluation.pk,
            "template": frozen["template"]["name"],
            "period": frozen["period"],
            "last_day": (evaluation.period_end - datetime.timedelta(days=1)).isoformat(),
            "finalised_at": instant_text(evaluation.finalised_at),
            "snapshot_sha256": evaluation.snapshot_sha256,
        },
        "criteria": frozen["criteria"],
        "areas": [{"label": label, "score": frozen["areas"][label]} for label in in_area_order(frozen["areas"])],
        "total": frozen["total"],
        "standing": frozen["standing"],
        "recognition": frozen["recognition"],
        "trend": _trend(evaluation),
        "surveys": _surveys(evaluation),
        "min_group_responses": MIN_GROUP_RESPONSES,
        "plan": _plan(evaluation),
    }


def _number(value: str | None) -> float | None:
    return None if value is None else float(Decimal(value))


def evaluation_charts(snapshot: dict[str, Any]) -> dict[str, str]:
    """The PDF's charts as SVG, from the snapshot alone: the total against the earlier periods,
    and each area's score this period and the one before."""
    trend = snapshot["trend"]
    drawn = {
        "trend": charts.bar_chart(
            [entry["label"] for entry in trend],
            [("Total", [_number(entry["total"]) or 0.0 for entry in trend], charts.MEASURED)],
            unit="score",
            title="Total score by period",
            floor=0,
            width=3.3,
            height=2.2,
        )
    }
    scored = [area for area in snapshot["areas"] if area["score"] is not None]
    if scored:
        series = [("This period", [float(Decimal(area["score"])) for area in scored], charts.MEASURED)]
        if len(trend) > 1:
            before = trend[-2]
            earlier = [_number(before["areas"].get(area["label"])) or 0.0 for area in scored]
            series.insert(0, (before["label"], earlier, charts.MUTED))
        drawn["areas"] = charts.bar_chart(
            [AREA_SHORT.get(area["label"], area["label"]) for area in scored],
            series,
            unit="score",
            title="Score by area (areas scored)",
            floor=0,
            width=3.3,
            height=2.2,
            legend_below=True,
        )
    return drawn


def render_evaluation_html(snapshot: dict[str, Any]) -> str:
    return render_to_string(
        "reports/pdf/evaluation.html",
        {
            "snapshot": snapshot,
            "charts": {name: chart_image(svg) for name, svg in evaluation_charts(snapshot).items()},
            "snapshot_sha256": snapshot_sha256(snapshot),
            "open_items": sum(
                1 for item in (snapshot["plan"] or {}).get("items", []) if item["status"] in ("open", "in_progress")
            ),
        },
    )


def render_evaluation_pdf(snapshot: dict[str, Any]) -> RenderedPdf:
    return render_document(render_evaluation_html(snapshot))
