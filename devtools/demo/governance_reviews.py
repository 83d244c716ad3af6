"""Demo SLA annual reviews: every agreement in force gets its review; the first demo agreement's
comes due in three weeks, with a finding on a target already recorded, so the review page, the
overview's dates and the next meeting's agenda show it."""

import datetime

from django.utils import timezone

from core.roles import hospital_admins
from devtools.seeding import DemoSeeder
from governance.models import SlaReview
from governance.services.reviews import finding_add, review_open, reviews_schedule
from slas.selectors.agreements import agreement_list

DUE_IN_DAYS = 21
FINDING = (
    "P2 resolution",
    "Database-side problems rarely resolve within the 8 hours: most breaches of the year are of this target.",
    "12 hours for P2 resolution, with a workaround within 4 hours.",
)


def seed(demo: DemoSeeder) -> None:
    admin = hospital_admins().order_by("pk").first()
    if admin is None or SlaReview.objects.exists():
        return
    today = timezone.localdate()
    first = agreement_list().filter(effective_from__lte=today).exclude(effective_to__lt=today).order_by("pk").first()
    if first is not None:
        review = review_open(agreement=first, due_on=today + datetime.timedelta(days=DUE_IN_DAYS))
        subject, finding, change = FINDING
        finding_add(review=review, subject=subject, finding=finding, proposed_change=change, actor=admin)
        demo.count_created("SLA reviews", True)
    report = reviews_schedule(today=today)
    for _ in range(report.done):
        demo.count_created("SLA reviews", True)
