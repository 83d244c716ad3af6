"""Backup and DR tests on the pages, in the portal, over the API, and their reminders: overdue
flagged on the list in flat queries, a run recorded by the vendor in the portal, a success over
target shown at the form with nothing stored, the API's 400s, and the daily reminders raised once."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification
from operations.models import RecoveryTest, RecoveryTestRun
from operations.services.recovery_reminders import recovery_reminders_send, reminder_due
from operations.tests.factories import recovery_test_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
LIST = "/operations/recovery-tests/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def local(instant: datetime.datetime) -> str:
    return f"{timezone.localtime(instant):%Y-%m-%dT%H:%M}"


def run_form(hours: float = 2, rpo: int = 10, result: str = "success", issues: str = "") -> dict[str, object]:
    started = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=1)
    return {
        "run-started_at": local(started),
        "run-restored_at": local(started + datetime.timedelta(hours=hours)),
        "run-verified_at": "",
        "run-rpo_achieved_minutes": rpo,
        "run-result": result,
        "run-issues": issues,
    }


def test_the_list_flags_overdue_tests_in_flat_queries(admin_client: Client, archive, django_assert_max_num_queries):
    today = timezone.localdate()
    recovery_test_for(archive, next_due_on=today - datetime.timedelta(days=12))
    for number in range(3):
        recovery_test_for(ComponentFactory(vendor=archive.vendor, name=f"Viewer {number}"), kind="failover")
    with django_assert_max_num_queries(12):
        html = admin_client.get(LIST).content.decode()
    assert "Overdue by 12 days" in html
    assert html.count("Due in 30 days") == 3
    overdue = admin_client.get(f"{LIST}?overdue=true").content.decode()
    assert "Overdue by 12 days" in overdue
    assert "Due in 30 days" not in overdue


def test_an_admin_schedules_a_test(admin_client: Client, archive) -> None:
    response = admin_client.post(
        f"{LIST}add/",
        {
            "component": archive.pk,
            "kind": "restore_database",
            "every_months": 3,
            "rto_target_minutes": 120,
            "rpo_target_minutes": 15,
            "next_due_on": "2027-01-15",
            "active": "on",
        },
    )
    test = RecoveryTest.objects.get()
    assert response.headers["Location"] == f"{LIST}{test.pk}/"
    assert (test.vendor_id, test.every_months, test.next_due_on) == (archive.vendor_id, 3, datetime.date(2027, 1, 15))


def test_the_vendor_records_a_run_in_the_portal(vendor_client: Client, vendor_user, archive) -> None:
    test = recovery_test_for(archive, every_months=6)
    page = f"/portal/recovery-tests/{test.pk}/"
    assert "Record the run" in vendor_client.get(page).content.decode()
    response = vendor_client.post(page, run_form(hours=2, rpo=10))
    assert response.status_code == 302
    run = RecoveryTestRun.objects.get()
    assert (run.result, run.rto_achieved_minutes, run.recorded_by) == ("success", 120, vendor_user)
    html = vendor_client.get(page).content.decode()
    assert "120 min" in html
    assert "Success" in html


def test_a_success_over_target_is_shown_at_the_form_and_nothing_stored(admin_client: Client, archive) -> None:
    test = recovery_test_for(archive, rto_target_minutes=60)
    response = admin_client.post(f"{LIST}{test.pk}/", run_form(hours=3))
    assert response.status_code == 200
    assert "Over target (RTO 180 minutes against 60" in response.content.decode()
    assert not RecoveryTestRun.objects.exists()


def test_staff_cannot_record_a_run(staff_client: Client, archive) -> None:
    test = recovery_test_for(archive)
    assert staff_client.post(f"{LIST}{test.pk}/", run_form()).status_code == 403
    assert not RecoveryTestRun.objects.exists()


def test_the_api_records_runs_and_refuses_one_without_a_result(vendor_api: APIClient, archive) -> None:
    test = recovery_test_for(archive)
    started = timezone.now() - datetime.timedelta(days=1)
    body = {
        "started_at": started.isoformat(),
        "restored_at": (started + datetime.timedelta(hours=1)).isoformat(),
        "rpo_achieved_minutes": 5,
    }
    response = vendor_api.post(f"/api/v1/recovery-tests/{test.pk}/runs/", body, format="json")
    assert response.status_code == 400
    assert "result" in response.json()
    response = vendor_api.post(f"/api/v1/recovery-tests/{test.pk}/runs/", {**body, "result": "success"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["rto_achieved_minutes"], response.json()["rto_met"]) == (60, True)
    assert vendor_api.post("/api/v1/recovery-tests/", {"component": archive.pk}, format="json").status_code == 403
    assert RecoveryTestRun.objects.count() == 1


@pytest.mark.parametrize(
    ("days_left", "due"), [(30, True), (29, False), (7, True), (0, True), (-1, False), (-7, True), (-14, True)]
)
def test_which_days_are_reminded_of(days_left: int, due: bool) -> None:
    assert reminder_due(days_left) is due


def test_reminders_go_to_admins_and_the_vendor_once(archive, admin_user, vendor_user) -> None:
    today = timezone.localdate()
    overdue = recovery_test_for(archive, next_due_on=today - datetime.timedelta(days=7))
    recovery_test_for(ComponentFactory(vendor=archive.vendor), next_due_on=today + datetime.timedelta(days=5))
    report = recovery_reminders_send(today=today)
    assert report.done == 2
    again = recovery_reminders_send(today=today)
    assert again.done == 0
    titles = set(Notification.objects.values_list("recipient_id", "title"))
    expected = f"Overdue by 7 days: {overdue} ({archive.vendor})"
    assert titles == {(admin_user.pk, expected), (vendor_user.pk, expected)}
    vendor_note = Notification.objects.get(recipient=vendor_user)
    assert vendor_note.url == f"/portal/recovery-tests/{overdue.pk}/"


def test_the_command_runs_the_reminders(archive, admin_user, capsys) -> None:
    recovery_test_for(archive, next_due_on=timezone.localdate())
    call_command("send_recovery_reminders")
    assert "Raised 1 reminder notification(s)." in capsys.readouterr().out
