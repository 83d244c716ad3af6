"""Training by the vendor in the month: the sessions of its courses held (with attendance), the
feedback attendees gave on them (content, trainer, usefulness), the hospital's coverage of the
vendor's mandatory courses on the month's last day, and the certifications the vendor issues
that expire in the three months after the month."""

import datetime
from typing import Any

from django.utils import timezone

from reports.sections.base import ReportPeriod, decimal_text
from training.models import Level
from training.selectors.coverage import CoverageFilters, coverage
from training.selectors.reporting import certifications_expiring, sessions_feedback, sessions_held

KEY = "training"
TITLE = "Training"
TEMPLATE = "reports/pdf/training.html"
SESSION_ROWS = 30  # sessions listed; the totals count them all
CERTIFICATION_ROWS = 30
QUARTER_MONTHS = 3


def _quarter_after(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the three months after ``month``."""
    first = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    year, index = divmod(first.month - 1 + QUARTER_MONTHS, 12)
    return first, datetime.date(first.year + year, index + 1, 1) - datetime.timedelta(days=1)


def _share(part: int, whole: int) -> str | None:
    return decimal_text(100 * part / whole, 1) if whole else None


def _level(part: int, whole: int) -> str:
    """The attendance's colour in the PDF: ok from 90 %, warn from 70 %, else bad."""
    if not whole:
        return ""
    share = part / whole
    return "ok" if share >= 0.9 else "warn" if share >= 0.7 else "bad"


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    until = period.measured_until
    sessions = list(sessions_held(period.vendor_id, period.start, until))
    seats, attended = sum(s.seats for s in sessions), sum(s.attended for s in sessions)
    feedback = sessions_feedback(period.vendor_id, period.start, until)
    day = timezone.localtime(until - datetime.timedelta(microseconds=1)).date()
    standing = coverage(
        filters=CoverageFilters(vendor_id=period.vendor_id, level=Level.MANDATORY), today=day, grouping="course"
    )
    first, last = _quarter_after(period.month)
    expiring = certifications_expiring(period.vendor_id, first, last)
    listed = list(expiring[:CERTIFICATION_ROWS])
    return {
        "sessions": [
            {
                "day": s.day.isoformat(),
                "course": s.course.title,
                "seats": s.seats,
                "attended": s.attended,
                "attendance": _share(s.attended, s.seats),
            }
            for s in sessions[:SESSION_ROWS]
        ],
        "sessions_total": len(sessions),
        "seats": seats,
        "attended": attended,
        "attendance": _share(attended, seats),
        "attendance_level": _level(attended, seats),
        "feedback": {
            "answers": feedback.count,
            "content": decimal_text(feedback.content, 2),
            "trainer": decimal_text(feedback.trainer, 2),
            "usefulness": decimal_text(feedback.usefulness, 2),
        },
        "coverage": {
            "day": day.isoformat(),
            "required": standing.required,
            "compliant": sum(row.compliant for row in standing.groups),
            "share": _share(sum(row.compliant for row in standing.groups), standing.required),
            "overdue": standing.overdue_count,
            "courses": [
                {
                    "course": row.label,
                    "required": row.required,
                    "share": _share(row.compliant, row.required),
                    "overdue": row.overdue,
                }
                for row in standing.groups
            ],
        },
        "expiring": {
            "first": first.isoformat(),
            "last": last.isoformat(),
            "total": expiring.count() if len(listed) == CERTIFICATION_ROWS else len(listed),
            "rows": [
                {"person": c.person.name, "kind": c.kind.name, "expires_on": c.expires_on.isoformat()} for c in listed
            ],
        },
    }
