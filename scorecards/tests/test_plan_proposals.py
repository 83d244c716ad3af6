"""A chronic SLA failure (slas flags the month) proposes a draft improvement plan with the
failing measures as items, once per vendor and month; an admin confirms it by activating it."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from scorecards.models import ImprovementPlan
from scorecards.services import plans as services
from scorecards.services.plan_proposals import chronic_failure_plans_propose
from slas.tests.factories import agreement_for, statement_for
from vendors.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 10, 8, 0, tzinfo=datetime.UTC)  # last finished month: June 2026
UPTIMES = {1: "99.95", 2: "99.20", 3: "99.80", 4: "98.90", 5: "99.91", 6: "99.10"}


@pytest.fixture
def chronic(vendor: object) -> object:
    """Six months of statements, uptime below 99.5 % in February, April and June: June is chronic."""
    agreement = agreement_for(ContractFactory(vendor=vendor, reference="chronic"))
    for month, uptime in UPTIMES.items():
        statement_for(
            vendor,
            month=datetime.date(2026, month, 1),
            agreement=agreement,
            uptime_percent=Decimal(uptime),
            ticket_credit_percent=Decimal(2) if month == 6 else Decimal(0),
            chronic_failure=month == 6,
        )
    return vendor


def test_a_chronic_month_proposes_a_draft_plan_with_the_failing_measures(chronic, admin_user) -> None:
    with time_machine.travel(NOW):
        report = chronic_failure_plans_propose()
    assert report.done == 1
    plan = ImprovementPlan.objects.get()
    assert plan.state == ImprovementPlan.State.DRAFT
    assert plan.vendor == chronic
    assert plan.title == "Chronic SLA failure Jun 2026: uptime below 99.5 % in 3 of the last 6 months"
    uptime, tickets = plan.items.order_by("pk")
    assert uptime.description == (
        "Uptime back to 99.9 % or more every month (below 99.5 % in Feb 2026 99.20 %, Apr 2026 98.90 %, "
        "Jun 2026 99.10 %)"
    )
    assert tickets.description == "Ticket response and resolution targets met (credits earned in Jun 2026)"
    assert uptime.milestone == datetime.date(2026, 9, 30)
    # The admin confirms it: it goes to the vendor.
    services.plan_activate(plan=plan, by=admin_user)
    plan.refresh_from_db()
    assert plan.state == ImprovementPlan.State.ACTIVE


def test_the_same_failure_is_proposed_once(chronic) -> None:
    with time_machine.travel(NOW):
        chronic_failure_plans_propose()
        assert chronic_failure_plans_propose().done == 0
    assert ImprovementPlan.objects.count() == 1


def test_no_proposal_without_a_chronic_month(vendor) -> None:
    statement_for(vendor, month=datetime.date(2026, 6, 1), chronic_failure=False)
    with time_machine.travel(NOW):
        assert chronic_failure_plans_propose().done == 0
    assert not ImprovementPlan.objects.exists()


def test_the_command_proposes_the_plans(chronic, capsys) -> None:
    with time_machine.travel(NOW):
        call_command("propose_chronic_failure_plans")
    assert "Proposed 1 draft plan(s)." in capsys.readouterr().out
    assert ImprovementPlan.objects.filter(source_key__startswith="chronic-sla-").count() == 1
