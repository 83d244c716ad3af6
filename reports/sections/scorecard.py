"""The vendor's standing as the latest evaluation left it (score, standing and rank among the
vendors evaluated for the same period) and the items of its improvement plans still open, with
their milestones: what the vendor and the hospital agreed to improve, month after month."""

from typing import Any

from reports.sections.base import ReportPeriod, decimal_text, instant_text
from scorecards.selectors.evaluations import evaluation_rank, latest_frozen_evaluation
from scorecards.selectors.plans import open_plan_items

KEY = "scorecard"
TITLE = "Evaluation and improvement plan"
TEMPLATE = "reports/pdf/scorecard.html"
ITEM_ROWS = 30  # open items listed; the total is always given


def _evaluation(period: ReportPeriod) -> dict[str, Any] | None:
    evaluation = latest_frozen_evaluation(period.vendor_id, before=period.end)
    if evaluation is None:
        return None
    rank, ranked = evaluation_rank(evaluation)
    standing = (evaluation.snapshot or {}).get("standing") or {}
    return {
        "period": evaluation.period_label,
        "total": decimal_text(evaluation.total, 1),
        "standing": evaluation.standing,
        "colour": standing.get("colour", "secondary"),
        "requires_plan": bool(standing.get("requires_plan")),
        "rank": rank,
        "ranked": ranked,
        "finalised_at": instant_text(evaluation.finalised_at),
    }


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    today = period.measured_until.date()
    items = open_plan_items(period.vendor_id)
    rows = [
        {
            "plan": item.plan.title,
            "description": item.description,
            "owner_side": item.get_owner_side_display(),
            "owner": item.owner,
            "milestone": item.milestone.isoformat(),
            "status": item.status,
            "status_label": item.get_status_display(),
            "overdue": item.milestone < today,
            "consequence": item.consequence,
        }
        for item in items[:ITEM_ROWS]
    ]
    return {
        "evaluation": _evaluation(period),
        "open_items": rows,
        "open_items_total": items.count() if len(rows) == ITEM_ROWS else len(rows),
    }
