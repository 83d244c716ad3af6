"""The open findings of health assessments are actions in the register (one source, read from
operations): open ones only, with their owner, side and due date, each vendor its own."""

import datetime

import pytest
from django.utils import timezone

from governance.action_sources import ActionQuery
from governance.selectors.actions import action_register
from operations.tests.factories import health_assessment_for, health_finding_for, health_run_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(vendor, other_vendor):
    run = health_run_for(health_assessment_for(ComponentFactory(vendor=vendor, name="Main Archive")))
    late = health_finding_for(
        run,
        description="Rebuild the index",
        owner_name="Jonas Richter",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    hospital = health_finding_for(run, description="Order disks", side="hospital", owner_name="Ana Costa")
    health_finding_for(run, description="Done already", status="done", done_at=timezone.now())
    foreign = health_finding_for(health_run_for(health_assessment_for(ComponentFactory(vendor=other_vendor))))
    return late, hospital, foreign


def test_open_findings_are_register_actions(admin_user, vendor, findings) -> None:
    late, hospital, foreign = findings
    rows = {row["r_action_id"]: row for row in action_register(ActionQuery(user=admin_user), source="health_finding")}
    assert set(rows) == {late.pk, hospital.pk, foreign.pk}
    row = rows[late.pk]
    assert row["r_description"] == "Rebuild the index (health assessment of Main Archive)"
    assert (row["r_vendor_id"], row["r_owner_name"], row["r_side"], row["r_status"], row["r_due_date"]) == (
        vendor.pk,
        "Jonas Richter",
        "vendor",
        "open",
        late.due_date,
    )
    assert (row["r_parent_model"], row["r_parent_id"]) == ("operations.healthassessment", late.run.assessment_id)
    assert rows[hospital.pk]["r_side"] == "hospital"
    overdue = action_register(ActionQuery(user=admin_user, overdue_on=timezone.localdate()), source="health_finding")
    assert [row["r_action_id"] for row in overdue] == [late.pk]


def test_the_register_page_links_them_and_a_vendor_sees_only_its_own(
    admin_client, vendor_user, findings, django_assert_max_num_queries
) -> None:
    late, _, foreign = findings
    with django_assert_max_num_queries(12):
        page = admin_client.get("/governance/actions/").content.decode()
    assert "Rebuild the index (health assessment of Main Archive)" in page
    assert f"/operations/health/{late.run.assessment_id}/" in page
    theirs = {row["r_action_id"] for row in action_register(ActionQuery(user=vendor_user), source="health_finding")}
    assert late.pk in theirs
    assert foreign.pk not in theirs
