"""The demo's SLA annual reviews (devtools/demo/governance_reviews.py): one comes due in three weeks
with a finding, every other agreement in force has its review, and seeding twice changes nothing."""

import datetime

import pytest
from django.utils import timezone

from devtools.demo import accounts as accounts_demo
from devtools.demo import governance_reviews as demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from governance.models import SlaReview
from governance.selectors.reviews import reviews_due
from notifications.services.notify import silenced
from slas.models import Agreement

pytestmark = pytest.mark.django_db


def test_one_demo_review_is_due_and_every_agreement_in_force_has_one() -> None:
    with silenced():
        for module in (vendors_demo, accounts_demo, slas_demo, demo, demo):
            module.seed(DemoSeeder())

    today = timezone.localdate()
    in_force = Agreement.objects.filter(effective_from__lte=today).exclude(effective_to__lt=today)
    assert SlaReview.objects.count() == in_force.count() >= 2
    shown = reviews_due(today=today).get(due_on=today + datetime.timedelta(days=demo.DUE_IN_DAYS))
    assert list(shown.findings.values_list("subject", flat=True)) == ["P2 resolution"]
    assert not SlaReview.objects.filter(due_on__lt=today - datetime.timedelta(days=366)).exists()
