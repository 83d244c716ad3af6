"""Expiry reminders of accepted compliance documents (compliance/services/document_reminders.py):
both sides, once per lead time, none for a document already renewed."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.models import Outcome
from compliance.services.document_reminders import document_expiry_reminders
from compliance.tests.factories import document_for
from notifications.models import Notification, OutboxEmail
from vendors.models import Contact
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_both_sides_are_reminded_30_days_ahead_and_once(vendor, vendor_user, admin_user):
    document = document_for(vendor, "soc2-type2", valid_for_days=30)
    manager = ContactFactory(vendor=vendor, role=Contact.Role.ACCOUNT_MANAGER, email="am@meridian.example")
    ContactFactory(vendor=vendor, role=Contact.Role.SUPPORT_DESK, email="desk@meridian.example")

    report = document_expiry_reminders()
    again = document_expiry_reminders()

    assert (report.done, report.failed, again.done) == (2, [], 0)
    admin_notice = Notification.objects.get(recipient=admin_user)
    vendor_notice = Notification.objects.get(recipient=vendor_user)
    assert "expires in 30 days" in admin_notice.title
    assert admin_notice.url == document.get_absolute_url()
    assert vendor_notice.url == f"/portal/compliance/documents/{document.pk}/"
    mailed = [mail.to for mail in OutboxEmail.objects.all() if "expires in 30 days" in mail.subject]
    assert [manager.email] in mailed
    assert ["desk@meridian.example"] not in mailed
    assert len([to for to in mailed if to == [manager.email]]) == 1


def test_no_reminder_between_lead_times_nor_for_a_renewed_document(vendor, admin_user):
    document_for(vendor, "soc2-type2", valid_for_days=29)
    document_for(vendor, "iso27001", valid_for_days=14, version="2025")
    document_for(vendor, "iso27001", valid_for_days=380, version="2026")
    document_for(vendor, "mds2", valid_for_days=14, outcome=Outcome.PENDING)

    assert document_expiry_reminders().done == 0
    assert not Notification.objects.exists()


def test_the_day_it_runs_out_and_later_lead_times(vendor, admin_user):
    document_for(vendor, "soc2-type2", valid_for_days=90)
    today = timezone.localdate()
    assert document_expiry_reminders(today=today).done == 1
    assert document_expiry_reminders(today=today + dt.timedelta(days=83)).done == 1
    assert document_expiry_reminders(today=today + dt.timedelta(days=90)).done == 1
    titles = sorted(Notification.objects.values_list("title", flat=True))
    assert len(titles) == 3
    assert any(title.endswith("expires today") for title in titles)


def test_the_command_runs_the_reminders(vendor, admin_user, capsys):
    document_for(vendor, "soc2-type2", valid_for_days=7)
    call_command("remind_compliance_documents")
    assert "1 done" in capsys.readouterr().out
    assert Notification.objects.filter(recipient=admin_user, event_type="compliance_document_expiring").exists()
