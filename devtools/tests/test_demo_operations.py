"""The demo component lifecycles (devtools/demo/operations.py): every story told through the
services, in date order, once; the pages show its flags."""

import pytest
from django.test import Client

from devtools.demo import accounts as accounts_demo
from devtools.demo import operations as operations_demo
from devtools.demo import operations_health, operations_protocols
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from operations.models import ComponentLifecycle, HealthAssessment, HealthFinding, SecurityBulletin, VersionChange
from vendors.models import Component

pytestmark = pytest.mark.django_db


def test_the_demo_lifecycles_are_seeded_once_and_flag_what_needs_attention(admin_client: Client) -> None:
    seeder = DemoSeeder()
    vendors_demo.seed(seeder)
    accounts_demo.seed(seeder)
    operations_demo.seed(seeder)
    again = DemoSeeder()
    operations_demo.seed(again)

    assert seeder.created["component lifecycles"] == len(operations_demo.STORIES)
    assert "component lifecycles" not in again.created
    archive = Component.objects.get(name="Enterprise Archive")
    lifecycle = ComponentLifecycle.objects.get(component=archive)
    assert (lifecycle.software_version, lifecycle.patch_level) == ("7.2", "SP1")
    kinds = list(VersionChange.objects.filter(component=archive).values_list("kind", flat=True))
    assert kinds.count("rollback") == 1
    assert len(kinds) == 7
    assert SecurityBulletin.objects.get(reference="MIS-SB-2025-031").applied_on is not None
    assert SecurityBulletin.objects.get(reference="MIS-SB-2026-004").applied_on is None

    html = admin_client.get("/operations/lifecycle/").content.decode()
    assert "Past end of support since" in html  # the worklist broker
    assert "Past end of life since" in html  # the image lifecycle manager
    assert "Clinical Web Viewer" in html
    page = admin_client.get(f"/operations/lifecycle/{archive.pk}/").content.decode()
    assert "Worklist queries timed out after go-live" in page


def test_the_demo_plans_show_one_done_one_upcoming_with_open_items_one_to_approve_and_one_rolled_back(
    admin_client: Client,
) -> None:
    from operations.models import ChangePlan

    seeder = DemoSeeder()
    vendors_demo.seed(seeder)
    accounts_demo.seed(seeder)
    operations_demo.seed(seeder)
    operations_demo.seed(DemoSeeder())

    assert seeder.created["change plans"] == 4
    assert seeder.created["test-protocol templates"] == len(operations_protocols.TEMPLATES)
    assert ChangePlan.objects.count() == 4
    done = ChangePlan.objects.get(state="done")
    assert done.version_change.to_version == "12.4"
    assert ComponentLifecycle.objects.get(component=done.component).software_version == "12.4"
    upcoming = ChangePlan.objects.get(state="approved")
    assert upcoming.maintenance_window.state == "approved"
    assert upcoming.checks.filter(signed_at__isnull=True).count() == 3
    assert ChangePlan.objects.get(state="proposed").vendor.name == "Archivault Health"
    html = admin_client.get(upcoming.get_absolute_url()).content.decode()
    assert "3 items still open: no go until every item is signed." in html
    # the test protocols: all passed on the done plan, waiting on the upcoming one, a failure with its ticket
    assert set(done.test_cases.values_list("result", flat=True)) == {"pass"}
    assert upcoming.test_cases.count() == 7
    assert set(upcoming.test_cases.values_list("result", flat=True)) == {"not_run"}
    rolled_back = ChangePlan.objects.get(state="rolled_back")
    failed = rolled_back.test_cases.get(result="fail")
    assert failed.ticket.title == f"Test failed after CP-{rolled_back.pk}: ORU^R01 signed report out"
    page = admin_client.get(rolled_back.get_absolute_url()).content.decode()
    assert "1 failed" in page
    assert f"/tickets/{failed.ticket_id}/" in page
    # lessons learned on both finished plans, with actions on each side
    assert rolled_back.lessons_review.actions.count() == 2
    assert set(rolled_back.lessons_review.actions.values_list("side", flat=True)) == {"hospital", "vendor"}
    assert done.lessons_review.actions.count() == 1
    assert "Lessons learned on" in page


def test_the_demo_recovery_tests_show_overdue_partial_and_met_runs(admin_client: Client) -> None:
    from devtools.demo import operations_recovery
    from operations.models import RecoveryTest

    seeder = DemoSeeder()
    vendors_demo.seed(seeder)
    accounts_demo.seed(seeder)
    operations_demo.seed(seeder)
    operations_demo.seed(DemoSeeder())

    assert seeder.created["backup and DR tests"] == len(operations_recovery.STORIES)
    assert RecoveryTest.objects.count() == len(operations_recovery.STORIES)
    html = admin_client.get("/operations/recovery-tests/").content.decode()
    assert "Overdue by" in html  # the archive's study restore
    assert "Partial" in html  # the archive's database restore
    assert "Due in 5 days" in html  # the VNA's study restore, never run
    failover = RecoveryTest.objects.get(kind="failover")
    page = admin_client.get(failover.get_absolute_url()).content.decode()
    assert "45 min" in page


def test_the_demo_health_assessments_show_overdue_findings_and_a_due_one(admin_client: Client) -> None:
    seeder = DemoSeeder()
    vendors_demo.seed(seeder)
    accounts_demo.seed(seeder)
    operations_demo.seed(seeder)
    operations_demo.seed(DemoSeeder())

    assert seeder.created["health assessments"] == len(operations_health.STORIES)
    assert HealthAssessment.objects.count() == len(operations_health.STORIES)
    assert HealthFinding.objects.filter(status="open").count() == 2
    html = admin_client.get("/operations/health/").content.decode()
    assert "Overdue by" in html  # the archive's, last done four months ago
    assert "Due in 6 days" in html  # the interface engine's, never done
    archive = HealthAssessment.objects.get(component__name="Enterprise Archive")
    page = admin_client.get(archive.get_absolute_url()).content.decode()
    assert "Study index 38% fragmented" in page
    assert "Rebuild the study index in the next maintenance window" in page
