"""The SLA review pages, and where due reviews are flagged: the overview's dates, the agenda."""

import datetime

import pytest
from django.utils import timezone

from governance.models import ReviewFinding, SlaReview
from governance.selectors.agenda import agenda_build
from governance.tests.factories import meeting_for, review_for
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def test_the_review_page_shows_the_figures_and_records_findings_and_the_outcome(admin_client, vendor):
    review = review_for(vendor)
    page = admin_client.get(f"/governance/reviews/{review.pk}/").content.decode()
    assert "Attainment per target" in page
    assert "P1 response" in page
    assert "Due in 30 days" in page

    response = admin_client.post(
        f"/governance/reviews/{review.pk}/findings/",
        {"subject": "P3 resolution", "finding": "Met in 82 % of tickets.", "proposed_change": "3 business days"},
    )
    assert response.status_code == 302
    assert ReviewFinding.objects.get(review=review).proposed_change == "3 business days"

    bad = admin_client.post(
        f"/governance/reviews/{review.pk}/conclude/",
        {"outcome": "new_version", "decisions": "New version.", "new_version_from": ""},
    )
    assert bad.status_code == 400
    assert "Give the day the new version takes effect." in bad.content.decode()
    assert SlaReview.objects.get(pk=review.pk).is_open

    response = admin_client.post(
        f"/governance/reviews/{review.pk}/conclude/",
        {"outcome": "new_version", "decisions": "P3 resolution to 3 days.", "new_version_from": review.due_on},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.new_agreement.version == 2
    page = admin_client.get(f"/governance/reviews/{review.pk}/").content.decode()
    assert "the new version it drafted (v2" in page
    assert "Conclude the review" not in page


def test_staff_read_a_review_but_are_not_offered_to_conclude_it(staff_client, vendor):
    review = review_for(vendor)
    page = staff_client.get(f"/governance/reviews/{review.pk}/").content.decode()
    assert "The year&#x27;s figures" in page or "The year's figures" in page
    assert "Conclude the review" not in page
    assert staff_client.post(f"/governance/reviews/{review.pk}/findings/", {}).status_code == 403


def test_the_review_list_puts_overdue_first(admin_client, vendor, django_assert_max_num_queries):
    late = review_for(vendor, due_on=timezone.localdate() - datetime.timedelta(days=3))
    for _ in range(3):
        review_for(VendorFactory())
    with django_assert_max_num_queries(15):
        page = admin_client.get("/governance/reviews/").content.decode()
    assert "Overdue by 3 days" in page
    assert page.index(f"/governance/reviews/{late.pk}/") < page.index("Due in 30 days")


def test_a_due_review_is_on_the_overview_and_the_agenda(admin_client, vendor):
    review = review_for(vendor, due_on=timezone.localdate() - datetime.timedelta(days=2))
    review_for(VendorFactory(), due_on=timezone.localdate() + datetime.timedelta(days=300))

    overview = admin_client.get("/overview/").content.decode()
    meeting = meeting_for(vendor)
    agenda = agenda_build(meeting)
    meeting_page = admin_client.get(f"/governance/meetings/{meeting.pk}/").content.decode()

    assert "SLA annual review due" in overview
    assert review.get_absolute_url() in overview
    assert overview.count("SLA annual review due") == 1
    section = next(s for s in agenda["sections"] if s["key"] == "sla_reviews")
    assert section["rows"][0]["detail"].endswith("overdue by 2 days")
    assert section["rows"][0]["pk"] == review.pk
    assert f'href="{review.get_absolute_url()}"' in meeting_page
