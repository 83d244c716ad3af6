"""Improvement-plan items tied to a KPI close themselves once the KPI holds the target for the
stated months, are flagged at risk when the latest month misses it, and keep each check."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from core.months import last_finished_month, previous_months
from kpis.models import Kpi, KpiRollup, Source
from scorecards.models import ImprovementPlan, PlanItem, PlanItemCheck
from scorecards.services import plans as services
from scorecards.services.plan_kpis import plan_item_kpi_check, plan_kpi_checks_run
from scorecards.tasks import check_plan_kpis

pytestmark = pytest.mark.django_db

# The middle of a month: the last finished month is fixed whatever the test clock.
NOW = datetime.datetime(2026, 5, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def kpi() -> Kpi:
    return Kpi.objects.create(
        code="retrieval_p95",
        name="Prior retrieval p95",
        unit="s",
        direction="lower",
        target=Decimal(3),
        source=Source.VENDOR,
    )


def monthly(vendor: object, kpi: Kpi, values: list[str | None]) -> None:
    """The KPI's monthly values, the last one for the last finished month before NOW."""
    months = previous_months(last_finished_month(NOW), len(values))
    for month, value in zip(months, values, strict=True):
        if value is not None:
            KpiRollup.objects.create(
                kpi=kpi,
                vendor=vendor,
                source=Source.VENDOR,
                period="month",
                period_start=month,
                value=Decimal(value),
                samples=10,
                minimum=Decimal(value),
                maximum=Decimal(value),
            )


def kpi_item(vendor: object, admin: object, kpi: Kpi, *, target: str = "2.5", periods: int = 3) -> PlanItem:
    plan = services.plan_create(vendor=vendor, title="Retrieval plan", by=admin)
    item = services.plan_item_add(
        plan=plan,
        description="Priors under 2.5 s",
        owner_side="vendor",
        owner="Support lead",
        milestone=NOW.date() + datetime.timedelta(days=90),
        consequence="",
        by=admin,
        kpi=kpi,
        kpi_target=Decimal(target),
        kpi_periods=periods,
    )
    services.plan_activate(plan=plan, by=admin)
    return item


def test_an_item_closes_itself_when_the_kpi_holds_the_target_for_the_months(admin_user, vendor, kpi) -> None:
    monthly(vendor, kpi, ["4.1", "2.4", "2.2", "2.5"])
    item = kpi_item(vendor, admin_user, kpi)
    with time_machine.travel(NOW):
        check = plan_item_kpi_check(item=item)
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    assert not item.at_risk
    assert check.outcome == "achieved"
    assert check.values == [["2026-02-01", "2.4000"], ["2026-03-01", "2.2000"], ["2026-04-01", "2.5000"]]
    assert "Prior retrieval p95 held ≤ 2.5 s for 3 months" in item.progress
    assert "Apr 2026 2.5 s" in item.progress


def test_a_missed_latest_month_flags_the_item_at_risk_and_a_good_run_not_long_enough_is_on_track(
    admin_user, vendor, kpi
) -> None:
    monthly(vendor, kpi, ["2.0", "2.1", "3.2"])
    item = kpi_item(vendor, admin_user, kpi)
    with time_machine.travel(NOW):
        plan_item_kpi_check(item=item)
    item.refresh_from_db()
    assert item.status == PlanItem.Status.OPEN
    assert item.at_risk
    assert PlanItemCheck.objects.get(item=item).outcome == "at_risk"

    KpiRollup.objects.filter(kpi=kpi, period_start=datetime.date(2026, 4, 1)).update(value=Decimal("2.3"))
    KpiRollup.objects.filter(kpi=kpi, period_start=datetime.date(2026, 3, 1)).update(value=Decimal("2.9"))
    with time_machine.travel(NOW + datetime.timedelta(days=1)):
        plan_item_kpi_check(item=item)  # the same month looked at again: the check is updated
    item.refresh_from_db()
    assert not item.at_risk
    assert item.status == PlanItem.Status.OPEN
    assert list(PlanItemCheck.objects.filter(item=item).values_list("outcome", flat=True)) == ["on_track"]


def test_checks_are_kept_month_by_month_and_the_run_skips_what_is_not_open(admin_user, vendor, kpi) -> None:
    monthly(vendor, kpi, ["3.5", "3.6", "3.7"])
    item = kpi_item(vendor, admin_user, kpi)
    done = kpi_item(vendor, admin_user, kpi)
    PlanItem.objects.filter(pk=done.pk).update(status=PlanItem.Status.DONE)
    draft = services.plan_create(vendor=vendor, title="Draft", by=admin_user)
    services.plan_item_add(
        plan=draft,
        description="Not yet",
        owner_side="vendor",
        owner="X",
        milestone=NOW.date(),
        consequence="",
        by=admin_user,
        kpi=kpi,
        kpi_target=Decimal(2),
    )
    with time_machine.travel(NOW):
        report = plan_kpi_checks_run()
    with time_machine.travel(NOW + datetime.timedelta(days=31)):
        check_plan_kpis()
    assert report.done == 1
    assert list(PlanItemCheck.objects.values_list("item_id", "last_month")) == [
        (item.pk, datetime.date(2026, 5, 1)),
        (item.pk, datetime.date(2026, 4, 1)),
    ]
    # May has no value yet: the latest month is missing, so the item stays at risk.
    assert PlanItemCheck.objects.get(last_month=datetime.date(2026, 5, 1)).outcome == "at_risk"


def test_the_command_runs_the_checks(admin_user, vendor, kpi, capsys) -> None:
    monthly(vendor, kpi, ["2", "2", "2"])
    item = kpi_item(vendor, admin_user, kpi)
    with time_machine.travel(NOW):
        call_command("check_plan_kpis")
    assert "Checked 1 plan item(s)." in capsys.readouterr().out
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE


def test_a_kpi_without_a_target_is_refused(admin_user, vendor, kpi) -> None:
    plan = services.plan_create(vendor=vendor, title="Plan", by=admin_user)
    with pytest.raises(ValidationError) as error:
        services.plan_item_add(
            plan=plan,
            description="X",
            owner_side="vendor",
            owner="Y",
            milestone=timezone.localdate(),
            consequence="",
            by=admin_user,
            kpi=kpi,
        )
    assert "kpi_target" in error.value.message_dict
    assert not PlanItem.objects.exists()
    assert ImprovementPlan.objects.count() == 1


def test_the_plan_page_adds_a_kpi_item_and_shows_its_checks(admin_client, admin_user, vendor, kpi) -> None:
    plan = services.plan_create(vendor=vendor, title="Retrieval", by=admin_user)
    admin_client.post(
        f"/scorecards/plans/{plan.pk}/act/",
        {
            "action": "add_item",
            "description": "Fast priors",
            "owner_side": "vendor",
            "owner": "Support",
            "milestone": "2026-09-30",
            "kpi": kpi.pk,
            "kpi_target": "2.5",
            "kpi_periods": "2",
        },
    )
    item = PlanItem.objects.get()
    assert (item.kpi, item.kpi_target, item.kpi_periods) == (kpi, Decimal("2.5"), 2)
    services.plan_activate(plan=plan, by=admin_user)
    monthly(vendor, kpi, ["2.9", "3.1"])
    with time_machine.travel(NOW):
        plan_item_kpi_check(item=item)
    page = admin_client.get(f"/scorecards/plans/{plan.pk}/").content.decode()
    assert "At risk" in page
    assert "Checks (1)" in page
    assert "missed ≤ 2.5 s in the latest month" in page


def test_the_api_adds_a_kpi_item(admin_api, admin_user, vendor, kpi) -> None:
    plan = services.plan_create(vendor=vendor, title="Retrieval", by=admin_user)
    response = admin_api.post(
        f"/api/v1/improvement-plans/{plan.pk}/items/",
        {
            "description": "Fast priors",
            "owner_side": "vendor",
            "owner": "Support",
            "milestone": "2026-09-30",
            "kpi": kpi.pk,
            "kpi_target": "2.5",
        },
        format="json",
    )
    assert response.status_code < 300, response.content
    item = response.json()["items"][0]
    assert (item["kpi"], item["kpi_target"], item["kpi_periods"], item["at_risk"]) == (kpi.pk, "2.5000", 3, False)
    bad = admin_api.post(
        f"/api/v1/improvement-plans/{plan.pk}/items/",
        {"description": "X", "owner_side": "vendor", "owner": "S", "milestone": "2026-09-30", "kpi": kpi.pk},
        format="json",
    )
    assert bad.status_code == 400
    assert "kpi_target" in bad.json()
