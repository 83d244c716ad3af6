"""Security findings past their remediation date are actions in the register (one source, read
from compliance): unresolved ones only, an answered one in progress, each vendor its own."""

import datetime

import pytest
from django.utils import timezone

from compliance.models import Finding
from compliance.tests.factories import assessment_for, finding_for
from governance.action_sources import ActionQuery
from governance.selectors.actions import action_register

pytestmark = pytest.mark.django_db


def overdue(finding: Finding, days: int = 3, **values: object) -> Finding:
    Finding.objects.filter(pk=finding.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=days), **values)
    return finding


@pytest.fixture
def findings(vendor, other_vendor):
    assessment = assessment_for(vendor)
    late = overdue(finding_for(assessment, title="Weak TLS ciphers", severity="critical"))
    Finding.objects.filter(pk=late.pk).update(remediation_owner="Jonas Richter")
    answered = overdue(finding_for(assessment, title="Default SNMP community"), status="answered")
    overdue(
        finding_for(assessment, title="Fixed already"), status="resolved", retest_result="passed"
    )  # resolved: not an action
    finding_for(assessment, title="Not due yet", severity="low")  # due in the future
    foreign = overdue(finding_for(assessment_for(other_vendor), title="Another vendor's finding"))
    return late, answered, foreign


def test_overdue_unresolved_findings_are_register_actions(admin_user, vendor, findings) -> None:
    late, answered, foreign = findings
    rows = list(action_register(ActionQuery(user=admin_user), source="security_finding"))
    by_id = {row["r_action_id"]: row for row in rows}
    assert set(by_id) == {late.pk, answered.pk, foreign.pk}
    row = by_id[late.pk]
    assert row["r_description"] == "Remediate finding: Weak TLS ciphers (critical)"
    assert (row["r_vendor_id"], row["r_owner_name"], row["r_side"], row["r_status"]) == (
        vendor.pk,
        "Jonas Richter",
        "vendor",
        "open",
    )
    assert (row["r_parent_model"], row["r_parent_id"]) == ("compliance.assessment", late.assessment_id)
    assert by_id[answered.pk]["r_status"] == "in_progress"
    assert by_id[answered.pk]["r_owner_name"] is None


def test_the_register_page_lists_them_and_a_vendor_sees_only_its_own(
    admin_client, vendor_user, findings, django_assert_max_num_queries
) -> None:
    late, _, foreign = findings
    with django_assert_max_num_queries(12):
        page = admin_client.get("/governance/actions/?overdue=on").content.decode()
    assert "Remediate finding: Weak TLS ciphers (critical)" in page
    assert "Overdue security findings" in page
    assert f"/compliance/assessments/{late.assessment_id}/" in page
    theirs = list(action_register(ActionQuery(user=vendor_user), source="security_finding"))
    assert foreign.pk not in {row["r_action_id"] for row in theirs}
    assert late.pk in {row["r_action_id"] for row in theirs}
    assert (
        list(action_register(ActionQuery(user=vendor_user, owner_user_id=vendor_user.pk), source="security_finding"))
        == []
    )
