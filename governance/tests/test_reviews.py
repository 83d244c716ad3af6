"""SLA annual reviews: scheduling a year after the agreement took effect, the year's figures from
the data, findings, concluding (a new version drafted through slas), reminders, the pages."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from governance.models import ReviewFinding, ReviewOutcome, SlaReview
from governance.selectors.reviews import review_figures, reviews_due
from governance.services import reviews
from governance.tests.factories import review_for
from notifications.models import Notification
from slas.models import Agreement
from slas.tests.factories import agreement_for, statement_for
from tickets.services.ratings import ticket_rate
from tickets.services.tickets import ticket_open, ticket_resolve, ticket_respond
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN), tick=False):
        yield


def agreement_from(vendor, effective_from: datetime.date) -> Agreement:
    return agreement_for(ContractFactory(vendor=vendor, start_date=effective_from), effective_from=effective_from)


def test_an_agreement_in_force_gets_its_review_a_year_after_it_took_effect(vendor):
    agreement = agreement_from(vendor, datetime.date(2026, 1, 15))
    ended = agreement_for(
        ContractFactory(vendor=vendor, start_date=datetime.date(2024, 1, 1)), effective_from=datetime.date(2024, 1, 1)
    )
    Agreement.objects.filter(pk=ended.pk).update(effective_to=datetime.date(2025, 12, 31))

    report = reviews.reviews_schedule(today=TODAY)
    again = reviews.reviews_schedule(today=TODAY)

    assert (report.done, again.done) == (1, 0)
    review = SlaReview.objects.get()
    assert review.agreement == agreement
    assert (review.period_start, review.period_end, review.due_on) == (
        datetime.date(2026, 1, 15),
        datetime.date(2027, 1, 15),
        datetime.date(2027, 1, 15),
    )
    assert review.vendor == vendor
    assert review.is_open


def test_an_agreement_in_force_for_years_is_reviewed_for_its_last_year_not_its_first(vendor):
    agreement_from(vendor, datetime.date(2022, 6, 1))

    reviews.reviews_schedule(today=TODAY)

    review = SlaReview.objects.get()
    assert (review.period_start, review.due_on) == (datetime.date(2025, 6, 1), datetime.date(2026, 6, 1))


def test_after_a_concluded_review_the_next_one_is_due_a_year_later(vendor, admin_user):
    agreement = agreement_from(vendor, datetime.date(2025, 11, 1))
    reviews.reviews_schedule(today=TODAY)
    first = SlaReview.objects.get()
    reviews.review_conclude(
        review=first, outcome=ReviewOutcome.UNCHANGED, decisions="Keep it.", new_version_from=None, actor=admin_user
    )

    reviews.reviews_schedule(today=TODAY)

    second = SlaReview.objects.get(status=SlaReview.Status.OPEN)
    assert second.agreement == agreement
    assert (second.period_start, second.due_on) == (datetime.date(2026, 11, 1), datetime.date(2027, 11, 1))


def test_a_drafted_new_version_takes_the_next_review_once_in_force(vendor, admin_user):
    review = review_for(vendor, due_on=datetime.date(2026, 12, 1))
    reviews.review_conclude(
        review=review,
        outcome=ReviewOutcome.NEW_VERSION,
        decisions="v2",
        new_version_from=datetime.date(2026, 12, 1),
        actor=admin_user,
    )

    before = reviews.reviews_schedule(today=TODAY)  # the old version still runs; v2 starts in December
    after = reviews.reviews_schedule(today=datetime.date(2026, 12, 2))

    assert (before.done, after.done) == (0, 1)
    opened = SlaReview.objects.get(status=SlaReview.Status.OPEN)
    assert opened.agreement.version == 2
    assert (opened.period_start, opened.due_on) == (datetime.date(2026, 12, 1), datetime.date(2027, 12, 1))


def test_overlapping_reviews_of_a_contract_are_refused(vendor):
    review = review_for(vendor, due_on=datetime.date(2026, 12, 20))
    SlaReview.objects.filter(pk=review.pk).update(status=SlaReview.Status.CONCLUDED, outcome=ReviewOutcome.UNCHANGED)

    with pytest.raises(ValidationError, match="overlaps another review"):
        reviews.review_open(agreement=review.agreement, due_on=datetime.date(2027, 6, 1))
    assert SlaReview.objects.count() == 1


def test_the_figures_gather_the_year_from_the_data(vendor, admin_user):
    review = review_for(vendor, due_on=datetime.date(2026, 12, 1))  # the year from 1 Dec 2025
    at = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN)
    fast = ticket_open(vendor_id=vendor.pk, severity="P1", title="Archive down", at=at)
    ticket_respond(ticket=fast, by=None, at=at + datetime.timedelta(minutes=5))
    slow = ticket_open(vendor_id=vendor.pk, severity="P1", title="Viewer down", at=at)
    ticket_respond(ticket=slow, by=None, at=at + datetime.timedelta(minutes=40))
    ticket_resolve(ticket=slow, by=None, at=at + datetime.timedelta(hours=2))
    ticket_rate(ticket=slow, by=admin_user, score=2, at=at + datetime.timedelta(hours=3))
    statement_for(vendor, month=datetime.date(2026, 4, 1), agreement=review.agreement, chronic_failure=True)
    statement_for(vendor, month=datetime.date(2025, 6, 1), agreement=review.agreement)  # before the year

    figures = review_figures(review)

    assert figures["begun"]
    assert figures["partial"]
    p1_response = next(row for row in figures["targets"] if row["subject"] == "P1 response")
    assert (p1_response["met"], p1_response["breached"], p1_response["level"]) == (1, 1, "danger")
    assert p1_response["attainment"] == "50.0 %"
    assert figures["breaches"] >= 1
    assert figures["credits"]["months"] == 1
    assert figures["credits"]["amount"].startswith("500")
    assert figures["chronic_months"] == 1
    assert figures["satisfaction"] == {"ratings": 1, "mean": "2.0 of 5", "complaints": 1}
    assert [row["month"] for row in figures["months"]][:2] == ["Dec 2025", "Jan 2026"]
    assert len(figures["months"]) == 12  # Dec 2025 to Nov 2026, the last one so far
    assert figures["uptime"]["value"] == "100.000 %"
    assert figures["uptime"]["level"] == "success"


def test_a_finding_names_a_target_of_the_agreement(vendor, admin_user):
    review = review_for(vendor)

    finding = reviews.finding_add(
        review=review,
        subject="P2 resolution",
        finding="Met in 70 % of tickets: the 8 h target is tight for database issues.",
        proposed_change="12 h",
        actor=admin_user,
    )
    with pytest.raises(ValidationError) as error:
        reviews.finding_add(review=review, subject="P9 coffee", finding="x", proposed_change="", actor=admin_user)

    assert error.value.message_dict == {
        "subject": ["Choose a target of the agreement, the uptime, or the agreement as a whole."]
    }
    assert list(ReviewFinding.objects.values_list("pk", "subject", "proposed_change")) == [
        (finding.pk, "P2 resolution", "12 h")
    ]


def test_concluding_with_a_new_version_drafts_it_through_slas_and_freezes_the_figures(vendor, admin_user):
    review = review_for(vendor, due_on=datetime.date(2026, 12, 1))
    old = review.agreement

    reviews.review_conclude(
        review=review,
        outcome=ReviewOutcome.NEW_VERSION,
        decisions="P2 resolution to 12 h; uptime target stays.",
        new_version_from=datetime.date(2026, 12, 1),
        actor=admin_user,
    )

    review.refresh_from_db()
    old.refresh_from_db()
    new = review.new_agreement
    assert review.status == SlaReview.Status.CONCLUDED
    assert review.concluded_by == admin_user
    assert (new.contract_id, new.version, new.effective_from) == (old.contract_id, 2, datetime.date(2026, 12, 1))
    assert old.effective_to == datetime.date(2026, 11, 30)
    assert new.targets.count() == old.targets.count() == 4
    assert review.figures["begun"]
    assert review.figures["built_at"].startswith("2026-11-20")
    with pytest.raises(ValidationError, match="concluded"):
        reviews.finding_add(review=review, subject="Uptime", finding="late", proposed_change="", actor=admin_user)


def test_a_refused_new_version_leaves_nothing_half_written(vendor, admin_user):
    review = review_for(vendor, due_on=datetime.date(2026, 12, 1))

    with pytest.raises(ValidationError) as error:
        reviews.review_conclude(
            review=review,
            outcome=ReviewOutcome.NEW_VERSION,
            decisions="New version.",
            new_version_from=review.agreement.effective_from,  # not after the version it replaces
            actor=admin_user,
        )

    assert "new_version_from" in error.value.message_dict
    review.refresh_from_db()
    assert review.is_open
    assert review.figures == {}
    assert review.new_agreement is None
    assert Agreement.objects.filter(contract_id=review.agreement.contract_id).count() == 1


def test_only_hospital_admins_conclude(vendor, staff_user):
    review = review_for(vendor)
    with pytest.raises(PermissionDenied):
        reviews.review_conclude(
            review=review, outcome=ReviewOutcome.UNCHANGED, decisions="x", new_version_from=None, actor=staff_user
        )
    assert SlaReview.objects.get(pk=review.pk).is_open


@pytest.mark.parametrize(
    ("days_left", "reminded"), [(60, True), (59, False), (14, True), (0, True), (-7, True), (-3, False)]
)
def test_reminders_go_60_and_14_days_ahead_on_the_day_and_weekly_when_overdue(vendor, admin_user, days_left, reminded):
    review_for(vendor, due_on=TODAY + datetime.timedelta(days=days_left))

    first = reviews.review_reminders_send(today=TODAY)
    again = reviews.review_reminders_send(today=TODAY)

    assert (first.done, again.done) == (int(reminded), 0)
    assert Notification.objects.filter(recipient=admin_user, event_type="sla_review_due").count() == int(reminded)


def test_the_daily_command_opens_and_reminds(vendor, admin_user):
    agreement_from(vendor, datetime.date(2025, 12, 4))  # due 4 Dec 2026: 14 days ahead

    call_command("sla_reviews")

    review = SlaReview.objects.get()
    assert review.due_on == datetime.date(2026, 12, 4)
    assert Notification.objects.get(recipient=admin_user).title.startswith("Due in 14 days: SLA annual review")


def test_due_and_overdue_reviews_are_those_within_60_days(vendor):
    soon = review_for(vendor, due_on=TODAY + datetime.timedelta(days=10))
    late = review_for(VendorFactory(), due_on=TODAY - datetime.timedelta(days=3))
    review_for(VendorFactory(), due_on=TODAY + datetime.timedelta(days=200))

    assert list(reviews_due(today=TODAY)) == [late, soon]


def test_figures_use_no_more_queries_for_a_busier_year(vendor, django_assert_max_num_queries):
    review = review_for(vendor, due_on=datetime.date(2026, 12, 1))
    for month in range(1, 7):
        statement_for(vendor, month=datetime.date(2026, month, 1), agreement=review.agreement, credit_amount=Decimal(1))
    with django_assert_max_num_queries(25):
        review_figures(review)
