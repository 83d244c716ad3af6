"""Health assessments (operations.services.health): templates of checks per component kind, a
schedule per component against a template of its kind, runs answering every check in order (a
check needing attention or failed says what was seen), the next assessment moved on by the
interval, findings open until done, overdue schedules found, and nothing stored when refused."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from operations.models import HealthAssessment, HealthCheckResult, HealthFinding, HealthRun, HealthTemplate
from operations.selectors import health as selectors
from operations.services import health as services
from operations.tests.factories import health_assessment_for, health_finding_for, health_run_for, health_template_for
from vendors.models import Component
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
Result = HealthCheckResult.Result
OK = (Result.OK, "")


@pytest.fixture
def archive(vendor):
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def test_a_template_keeps_its_checks_one_per_line_without_blanks(admin_user):
    template = HealthTemplate(name="Archive quarterly", component_kind="archive", checks=" Index size \n\n Free space ")
    services.health_template_save(template=template, by=admin_user)
    template.refresh_from_db()
    assert template.checks == "Index size\nFree space"
    assert template.check_list == ["Index size", "Free space"]


def test_a_template_without_checks_is_refused(admin_user, vendor_user):
    with pytest.raises(ValidationError) as error:
        services.health_template_save(
            template=HealthTemplate(name="Empty", component_kind="archive", checks=" \n"), by=admin_user
        )
    assert "checks" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.health_template_save(
            template=HealthTemplate(name="V", component_kind="archive", checks="x"), by=vendor_user
        )
    assert not HealthTemplate.objects.exists()


def test_a_schedule_takes_the_components_vendor_and_a_template_of_its_kind(admin_user, archive):
    viewer_template = health_template_for(Component.Kind.VIEWER)
    wrong = HealthAssessment(component=archive, template=viewer_template, next_due_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        services.health_assessment_save(assessment=wrong, by=admin_user)
    assert "is for Viewer components" in error.value.message_dict["template"][0]
    right = HealthAssessment(component=archive, template=health_template_for(), next_due_on=timezone.localdate())
    services.health_assessment_save(assessment=right, by=admin_user)
    stored = HealthAssessment.objects.get()
    assert (stored.vendor_id, stored.every_months) == (archive.vendor_id, 3)


def test_a_run_answers_every_check_and_moves_the_next_assessment_on(admin_user, archive):
    assessment = health_assessment_for(archive, every_months=3)
    done_on = timezone.localdate() - datetime.timedelta(days=2)
    run = services.health_run_record(
        assessment=assessment,
        performed_on=done_on,
        engineer_name=" Sam Engineer ",
        results=[OK, (Result.ATTENTION, "82% used on tier 1"), (Result.NOT_APPLICABLE, "")],
        summary="Tier 1 filling up.",
        by=admin_user,
    )
    stored = HealthRun.objects.get(pk=run.pk)
    assert (stored.engineer_name, stored.recorded_by) == ("Sam Engineer", admin_user)
    rows = list(stored.results.values_list("position", "check_text", "result", "measurement"))
    assert rows == [
        (1, "Database optimisation: index fragmentation", "ok", ""),
        (2, "Storage: free space per tier", "attention", "82% used on tier 1"),
        (3, "Backup status: last full backup", "n_a", ""),
    ]
    assessment.refresh_from_db()
    assert assessment.next_due_on == done_on + relativedelta(months=3)


@pytest.mark.parametrize(
    ("results", "field"),
    [
        ([OK, OK], "results"),
        ([OK, (Result.FAILED, "  "), OK], "measurement_2"),
        ([OK, ("maybe", ""), OK], "result_2"),
    ],
)
def test_an_incomplete_run_is_refused_and_nothing_is_stored(admin_user, archive, results, field):
    assessment = health_assessment_for(archive)
    due = assessment.next_due_on
    with pytest.raises(ValidationError) as error:
        services.health_run_record(
            assessment=assessment,
            performed_on=timezone.localdate(),
            engineer_name="Sam",
            results=results,
            by=admin_user,
        )
    assert field in error.value.message_dict
    assert not HealthRun.objects.exists()
    assert not HealthCheckResult.objects.exists()
    assessment.refresh_from_db()
    assert assessment.next_due_on == due


def test_a_run_in_the_future_or_without_engineer_is_refused(admin_user, archive):
    assessment = health_assessment_for(archive)
    for day, engineer, field in (
        (timezone.localdate() + datetime.timedelta(days=1), "Sam", "performed_on"),
        (timezone.localdate(), "  ", "engineer_name"),
    ):
        with pytest.raises(ValidationError) as error:
            services.health_run_record(
                assessment=assessment, performed_on=day, engineer_name=engineer, results=[OK] * 3, by=admin_user
            )
        assert field in error.value.message_dict
    assert not HealthRun.objects.exists()


def test_the_vendor_records_runs_of_its_own_components_only(vendor_user, other_vendor):
    foreign = health_assessment_for(ComponentFactory(vendor=other_vendor))
    with pytest.raises(PermissionDenied):
        services.health_run_record(
            assessment=foreign, performed_on=timezone.localdate(), engineer_name="x", results=[OK] * 3, by=vendor_user
        )
    own = health_assessment_for(ComponentFactory(vendor=vendor_user.vendor))
    services.health_run_record(
        assessment=own,
        performed_on=timezone.localdate(),
        engineer_name="Vendor engineer",
        results=[OK] * 3,
        by=vendor_user,
    )
    assert HealthRun.objects.get().assessment == own


def test_a_finding_is_an_action_open_until_done(vendor_user):
    run = health_run_for(health_assessment_for(ComponentFactory(vendor=vendor_user.vendor)))
    due = timezone.localdate() + datetime.timedelta(days=30)
    finding = services.health_finding_add(
        run=run, description=" Rebuild the index ", side="vendor", owner_name="Sam", due_date=due, by=vendor_user
    )
    assert HealthFinding.objects.get().description == "Rebuild the index"
    assert list(selectors.findings_open()) == [finding]
    services.health_finding_done(finding=finding, by=vendor_user)
    finding.refresh_from_db()
    assert finding.status == "done"
    assert finding.done_at is not None
    assert not selectors.findings_open().exists()
    with pytest.raises(ValidationError):
        services.health_finding_done(finding=finding, by=vendor_user)


def test_a_finding_needs_an_owner_and_a_side(admin_user, archive):
    run = health_run_for(health_assessment_for(archive))
    with pytest.raises(ValidationError) as error:
        services.health_finding_add(
            run=run, description="Fix", side="nobody", owner_name=" ", due_date=timezone.localdate(), by=admin_user
        )
    assert {"side", "owner_name"} <= set(error.value.message_dict)
    assert not HealthFinding.objects.exists()


def test_overdue_schedules_are_the_active_ones_due_before_today(archive):
    today = timezone.localdate()
    late = health_assessment_for(archive, next_due_on=today - datetime.timedelta(days=1))
    health_assessment_for(ComponentFactory(vendor=archive.vendor), next_due_on=today)
    health_assessment_for(
        ComponentFactory(vendor=archive.vendor), next_due_on=today - datetime.timedelta(days=9), active=False
    )
    assert list(selectors.assessments_overdue(today=today)) == [late]


def test_the_list_counts_open_findings_and_the_last_run(django_assert_max_num_queries, archive):
    assessment = health_assessment_for(archive)
    old = health_run_for(assessment, performed_on=timezone.localdate() - datetime.timedelta(days=100))
    recent = health_run_for(assessment)
    health_finding_for(old)
    health_finding_for(recent, status="done", done_at=timezone.now())
    health_finding_for(recent)
    for _ in range(3):
        health_run_for(health_assessment_for(ComponentFactory(vendor=archive.vendor)))
    with django_assert_max_num_queries(1):
        rows = {row.pk: row for row in selectors.assessment_list()}
    assert rows[assessment.pk].open_findings == 2
    assert rows[assessment.pk].last_run_on == recent.performed_on
