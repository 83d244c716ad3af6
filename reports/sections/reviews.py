"""Post-incident reviews of the month's incidents, and every follow-up action still open (of any
month): what was learnt and what the vendor and the hospital still owe each other."""

from typing import Any

from reports.sections.base import ReportPeriod, instant_text
from slas.models import FollowUpAction
from slas.selectors.incidents import follow_up_list, incident_list

KEY = "reviews"
TITLE = "Post-incident reviews and follow-up actions"
TEMPLATE = "reports/pdf/reviews.html"


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    incidents = (
        incident_list()
        .filter(vendor_id=period.vendor_id, started_at__gte=period.start, started_at__lt=period.end)
        .order_by("started_at", "pk")
    )
    reviews = [
        {
            "incident_id": incident.pk,
            "incident": incident.title,
            "started_at": instant_text(incident.started_at),
            "status": incident.review.get_status_display(),
            "completed": incident.review.status == incident.review.Status.COMPLETED,
            "root_cause": incident.review.root_cause,
            "what_worked": incident.review.what_worked,
            "what_to_change": incident.review.what_to_change,
        }
        for incident in incidents
        if hasattr(incident, "review")
        and (incident.review.root_cause or incident.review.status != incident.review.Status.DRAFT)
    ]
    today = period.measured_until.date()
    actions = (
        follow_up_list()
        .filter(incident__vendor_id=period.vendor_id, status=FollowUpAction.Status.OPEN)
        .filter(incident__started_at__lt=period.end)
        .select_related("incident", "owner")
        .order_by("due_date", "pk")
    )
    return {
        "reviews": reviews,
        "open_actions": [
            {
                "id": action.pk,
                "incident_id": action.incident_id,
                "incident": action.incident.title,
                "description": action.description,
                "owner": action.owner_label,
                "due_date": action.due_date.isoformat() if action.due_date else None,
                "overdue": action.due_date is not None and action.due_date < today,
            }
            for action in actions
        ],
    }
