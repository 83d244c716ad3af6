"""The demo's governance (devtools/demo/governance.py): a biweekly series and a QBR per vendor, one
past meeting with minutes, and the register showing meeting actions beside incident follow-ups."""

import pytest

from devtools.demo import accounts as accounts_demo
from devtools.demo import governance as governance_demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from governance.action_sources import ActionQuery
from governance.models import ActionItem, Decision, Meeting, MeetingKind, MeetingSeries
from governance.selectors.actions import action_register
from notifications.services.notify import silenced
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def test_each_vendor_has_a_biweekly_series_a_qbr_and_a_held_meeting_with_minutes() -> None:
    with silenced():
        for module in (vendors_demo, accounts_demo, slas_demo, governance_demo, governance_demo):
            module.seed(DemoSeeder())
    vendors = list(Vendor.objects.all())
    assert vendors
    for vendor in vendors:
        kinds = set(MeetingSeries.objects.filter(vendor=vendor).values_list("kind", flat=True))
        assert kinds == {MeetingKind.BIWEEKLY_OPERATIONAL, MeetingKind.QUARTERLY_BUSINESS_REVIEW}
        held = Meeting.objects.get(vendor=vendor, status=Meeting.Status.STARTED)
        assert held.is_frozen
        assert Decision.objects.filter(meeting=held).count() == 2
        assert ActionItem.objects.filter(meeting=held).count() == 3
    sources = {row["r_source"] for row in action_register(ActionQuery(user=None, unscoped=True))}
    assert sources == {"meeting", "incident_follow_up"}
