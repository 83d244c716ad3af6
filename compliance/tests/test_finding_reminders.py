"""Findings nobody owns (compliance/services/finding_reminders.py): flagged on the assessment's
page and in the list, and reminded to the hospital admins through the outbox once when found and
once more when past due; owned or resolved findings are not."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory
from compliance.models import Finding
from compliance.services.finding_reminders import unowned_finding_reminders
from compliance.tests.factories import assessment_for, finding_for
from notifications.models import Notification, OutboxEmail

pytestmark = pytest.mark.django_db
EVENT = "security_finding_unowned"


def test_an_unowned_finding_is_reminded_once_then_once_more_when_past_due(vendor, vendor_user, staff_user, admin_user):
    other_admin = HospitalAdminFactory()
    assessment = assessment_for(vendor, title="Pentest 2026")
    unowned = finding_for(assessment, severity="critical", title="Outdated TLS", reported_days_ago=5)
    owned = finding_for(assessment, severity="high", title="Owned one", reported_days_ago=5)
    Finding.objects.filter(pk=owned.pk).update(remediation_owner="Web team")
    resolved = finding_for(assessment, severity="low", title="Fixed one", reported_days_ago=5)
    Finding.objects.filter(pk=resolved.pk).update(status=Finding.Status.RESOLVED, retest_result=Finding.Retest.PASSED)

    first, again = unowned_finding_reminders(), unowned_finding_reminders()

    assert (first.done, first.failed, again.done) == (2, [], 0)
    notices = Notification.objects.filter(event_type=EVENT)
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted([admin_user.pk, other_admin.pk])
    notice = notices.get(recipient=admin_user)
    assert notice.title == f"{vendor}: finding without a remediation owner: Outdated TLS"
    assert notice.url == unowned.get_absolute_url()
    assert notice.level == Notification.Level.WARNING
    assert "due for remediation on" in notice.body
    mailed = OutboxEmail.objects.filter(subject__contains="finding without a remediation owner: Outdated TLS")
    assert sorted(address for mail in mailed for address in mail.to) == sorted([admin_user.email, other_admin.email])

    past_due = unowned.due_on + dt.timedelta(days=1)
    late, late_again = unowned_finding_reminders(today=past_due), unowned_finding_reminders(today=past_due)

    assert (late.done, late_again.done) == (2, 0)
    latest = Notification.objects.filter(event_type=EVENT, recipient=admin_user).order_by("-pk").first()
    assert latest.title == f"{vendor}: finding past due without an owner: Outdated TLS"
    assert latest.level == Notification.Level.DANGER
    assert not Notification.objects.filter(recipient__in=[vendor_user, staff_user]).exists()


def test_naming_an_owner_ends_the_reminders(vendor, admin_user):
    finding = finding_for(assessment_for(vendor), title="Weak ciphers")
    Finding.objects.filter(pk=finding.pk).update(remediation_owner="Security team")

    assert unowned_finding_reminders(today=finding.due_on + dt.timedelta(days=3)).done == 0
    assert not Notification.objects.filter(event_type=EVENT).exists()


def test_a_finding_reported_later_is_not_reminded_yet(vendor, admin_user):
    finding = finding_for(assessment_for(vendor), title="Future", reported_days_ago=-3)
    assert unowned_finding_reminders(today=finding.reported_on - dt.timedelta(days=1)).done == 0


def test_the_command_runs_the_reminders(vendor, admin_user, capsys):
    finding_for(assessment_for(vendor), title="Nobody's")
    call_command("remind_unowned_findings")
    assert "1 done" in capsys.readouterr().out
    assert Notification.objects.filter(recipient=admin_user, event_type=EVENT, title__endswith="Nobody's").exists()


def test_the_pages_flag_findings_without_an_owner(admin_client, vendor, django_assert_max_num_queries):
    assessment = assessment_for(vendor, title="Audit 2026")
    finding_for(assessment, title="Nobody's finding")
    owned = finding_for(assessment, title="Owned finding")
    Finding.objects.filter(pk=owned.pk).update(remediation_owner="Web team")
    late = finding_for(assessment, severity="critical", title="Late finding", reported_days_ago=40)
    assert late.due_on < timezone.localdate()

    page = " ".join(admin_client.get(f"/compliance/assessments/{assessment.pk}/").content.decode().split())
    assert page.count("No remediation owner") == 2
    owned_card = page[page.index(f'id="finding-{owned.pk}"') :]
    assert "No remediation owner" not in owned_card[: owned_card.index("card-body")]
    assert "overdue" in page[page.index(f'id="finding-{late.pk}"') :]

    with django_assert_max_num_queries(12):
        listing = " ".join(admin_client.get("/compliance/assessments/").content.decode().split())
    assert "2 without owner" in listing
    assert "1 overdue" in listing
