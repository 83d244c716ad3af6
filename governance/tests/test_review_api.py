"""``/api/v1/sla-reviews/``: read with the figures, a finding, concluding; bad input answers 400
with field messages; vendor users do not see the hospital's reviews."""

import pytest

from governance.models import SlaReview
from governance.tests.factories import review_for
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def test_reviews_are_listed_and_a_review_has_its_figures(admin_api, vendor, django_assert_max_num_queries):
    review = review_for(vendor)
    for _ in range(3):
        review_for(VendorFactory())
    with django_assert_max_num_queries(12):
        listed = admin_api.get("/api/v1/sla-reviews/").json()
    assert listed["count"] == 4
    assert listed["results"][0]["figures"] is None
    one = admin_api.get(f"/api/v1/sla-reviews/{review.pk}/").json()
    assert one["figures"]["begun"] is True
    assert {row["subject"] for row in one["figures"]["targets"]} >= {"P1 response", "P2 resolution"}


def test_a_finding_and_the_conclusion_through_the_api(admin_api, vendor):
    review = review_for(vendor)

    bad = admin_api.post(f"/api/v1/sla-reviews/{review.pk}/findings/", {"subject": "P9", "finding": "x"}, format="json")
    found = admin_api.post(
        f"/api/v1/sla-reviews/{review.pk}/findings/",
        {"subject": "Uptime", "finding": "Below target in March.", "proposed_change": "Keep 99.9 %"},
        format="json",
    )
    missing_day = admin_api.post(
        f"/api/v1/sla-reviews/{review.pk}/conclude/", {"outcome": "new_version", "decisions": "v2"}, format="json"
    )
    done = admin_api.post(
        f"/api/v1/sla-reviews/{review.pk}/conclude/", {"outcome": "unchanged", "decisions": "Stays."}, format="json"
    )

    assert bad.status_code == 400
    assert "subject" in bad.json()
    assert found.status_code == 201
    assert [f["subject"] for f in found.json()["findings"]] == ["Uptime"]
    assert missing_day.status_code == 400
    assert "new_version_from" in missing_day.json()
    assert done.status_code == 200
    review.refresh_from_db()
    assert (review.status, review.outcome, review.decisions) == ("concluded", "unchanged", "Stays.")


def test_staff_may_not_conclude_and_vendor_users_see_no_reviews(staff_api, vendor_api, vendor):
    review = review_for(vendor)
    refused = staff_api.post(
        f"/api/v1/sla-reviews/{review.pk}/conclude/", {"outcome": "unchanged", "decisions": "x"}, format="json"
    )
    assert refused.status_code == 403
    assert SlaReview.objects.get(pk=review.pk).is_open
    assert vendor_api.get("/api/v1/sla-reviews/").json()["count"] == 0
    assert vendor_api.get(f"/api/v1/sla-reviews/{review.pk}/").status_code == 404
