"""The monthly report's scorecard section: the latest evaluation finalised before the month ended
(score, standing, rank among the vendors of its period) and the open items of the vendor's
active improvement plans, overdue ones marked."""

import datetime
import json
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory
from core.months import month_bounds, month_start
from reports.sections import scorecard as section
from reports.sections.base import ReportPeriod
from reports.sections.order import SECTIONS
from scorecards.models import Evaluation, Method, PlanItem
from scorecards.services.evaluations import evaluation_finalise, evaluation_score_manual
from scorecards.services.plans import plan_create, plan_item_add
from scorecards.tests.factories import active_plan_for, draft_for
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def finalised(vendor: object, admin: object, communication: int) -> Evaluation:
    evaluation = draft_for(vendor, admin=admin)
    manual = evaluation.template.criteria.get(method=Method.MANUAL)
    evaluation_score_manual(
        evaluation=evaluation, criterion=manual, score=Decimal(communication), justification="Seen", by=admin
    )
    return evaluation_finalise(evaluation=evaluation, by=admin)


def this_month(vendor: object) -> ReportPeriod:
    now = timezone.now()
    month = month_start(timezone.localdate(now))
    start, end = month_bounds(month)
    return ReportPeriod(vendor_id=vendor.pk, month=month, start=start, end=end, now=now)


def test_the_latest_evaluation_with_its_rank_and_the_open_plan_items(django_assert_max_num_queries) -> None:
    admin = HospitalAdminFactory()
    vendor, better = VendorFactory(name="Meridian Imaging"), VendorFactory(name="Borealis")
    ours = finalised(vendor, admin, communication=40)
    theirs = finalised(better, admin, communication=90)
    assert theirs.total > ours.total
    plan = active_plan_for(vendor, admin=admin, marker="Archive")
    plan.items.filter(owner_side="hospital").update(milestone=timezone.localdate() - datetime.timedelta(days=3))
    PlanItem.objects.create(
        plan=plan, description="Already done", owner="PACS team", milestone=timezone.localdate(), status="done"
    )
    draft_plan = plan_create(vendor=vendor, title="Not agreed yet", by=admin)
    plan_item_add(
        plan=draft_plan,
        description="Draft item",
        owner_side="vendor",
        owner="Field service",
        milestone=timezone.localdate(),
        consequence="",
        by=admin,
    )
    active_plan_for(better, admin=admin, marker="Other vendor's")

    with django_assert_max_num_queries(4):
        data = section.build(this_month(vendor), {})

    evaluation = data["evaluation"]
    assert (evaluation["total"], evaluation["standing"], evaluation["rank"], evaluation["ranked"]) == (
        str(ours.total),
        ours.standing,
        2,
        2,
    )
    items = [(row["description"], row["overdue"], row["status"]) for row in data["open_items"]]
    assert items == [("Maintenance window agreed", True, "open"), ("Archive firmware upgrade", False, "open")]
    assert data["open_items_total"] == 2
    assert json.loads(json.dumps(data)) == data

    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    assert "2 of 2" in html
    assert "Archive firmware upgrade" in html
    assert "(overdue)" in html


def test_an_evaluation_finalised_after_the_month_is_not_shown() -> None:
    admin = HospitalAdminFactory()
    vendor = VendorFactory()
    finalised(vendor, admin, communication=70)
    month = datetime.date(2020, 3, 1)
    start, end = month_bounds(month)

    data = section.build(ReportPeriod(vendor_id=vendor.pk, month=month, start=start, end=end, now=end), {})

    assert data == {"evaluation": None, "open_items": [], "open_items_total": 0}
    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    assert "No evaluation of this vendor was finalised yet." in html
    assert "No improvement-plan item is open." in html


def test_the_section_is_in_the_report_before_the_appendix() -> None:
    keys = [module.KEY for module in SECTIONS]
    assert keys.index("scorecard") == keys.index("appendix") - 1
