"""Daily contract reminders: renewal-notice deadline and contract end, once per lead time."""

import datetime

import pytest

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from notifications import reminders
from notifications.models import Notification, OutboxEmail
from notifications.reminders import contract_reminders_send
from vendors.tests.factories import ContractFactory, VendorFactory

TODAY = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def admins(db) -> list:
    return [HospitalAdminFactory(), HospitalAdminFactory()]


@pytest.fixture
def bystanders(db) -> list:
    """People who never get contract reminders: an inactive admin, hospital staff, a vendor user."""
    return [HospitalAdminFactory(is_active=False), UserFactory(), VendorUserFactory()]


@pytest.fixture
def vendor_of_contract(db):
    return VendorFactory(name="Meridian Imaging Systems")


def notice_contract(vendor: object, *, notice_in_days: int, notice_days: int = 90, **kwargs: object):
    """A contract whose renewal-notice deadline is ``notice_in_days`` after TODAY."""
    end = TODAY + datetime.timedelta(days=notice_in_days + notice_days)
    return ContractFactory(vendor=vendor, end_date=end, renewal_notice_days=notice_days, **kwargs)


def test_notice_deadline_in_30_days_notifies_each_active_admin_once(admins, bystanders, vendor_of_contract) -> None:
    contract = notice_contract(vendor_of_contract, notice_in_days=30, reference="PACS-2024-07", auto_renew=True)

    assert contract_reminders_send(today=TODAY).done == len(admins)

    deadline = TODAY + 30 * DAY
    for admin in admins:
        [notification] = Notification.objects.filter(recipient=admin)
        assert notification.title == (
            f"Meridian Imaging Systems: renewal notice deadline of PACS-2024-07 is in 30 days ({deadline:%Y-%m-%d})"
        )
        assert notification.url == contract.get_absolute_url() == f"/contracts/{contract.pk}/"
        assert notification.level == Notification.Level.WARNING
        assert f"ends on {contract.end_date:%Y-%m-%d}" in notification.body
        assert "renews automatically" in notification.body
        assert notification.read_at is None
    assert not Notification.objects.filter(recipient__in=bystanders).exists()
    # Each admin is also mailed once, with a link to the contract.
    emails = OutboxEmail.objects.all()
    assert sorted(e.to[0] for e in emails) == sorted(a.email for a in admins)
    assert all(e.subject.startswith("Meridian Imaging Systems: renewal notice deadline") for e in emails)
    assert all(f"/contracts/{contract.pk}/\n" in e.body for e in emails)  # the link, before the footer


def test_a_second_run_on_the_same_day_adds_nothing(admins, vendor_of_contract) -> None:
    notice_contract(vendor_of_contract, notice_in_days=30)
    assert contract_reminders_send(today=TODAY).done == 2

    assert contract_reminders_send(today=TODAY).done == 0

    assert Notification.objects.count() == 2
    assert OutboxEmail.objects.count() == 2


def test_each_lead_time_is_a_reminder_of_its_own(admins, vendor_of_contract) -> None:
    contract = notice_contract(vendor_of_contract, notice_in_days=30)
    deadline = contract.renewal_notice_date

    assert contract_reminders_send(today=deadline - 30 * DAY).done == 2
    assert contract_reminders_send(today=deadline - 29 * DAY).done == 0  # not a lead day
    assert contract_reminders_send(today=deadline - 14 * DAY).done == 2
    assert contract_reminders_send(today=deadline - 1 * DAY).done == 2
    assert contract_reminders_send(today=deadline).done == 2

    titles = list(Notification.objects.filter(recipient=admins[0]).order_by("pk").values_list("title", flat=True))
    assert [title.split(" is ", 1)[1] for title in titles] == [
        f"in 30 days ({deadline:%Y-%m-%d})",
        f"in 14 days ({deadline:%Y-%m-%d})",
        f"in 1 day ({deadline:%Y-%m-%d})",
        "today",
    ]


def test_contract_end_in_7_days_is_a_reminder_too(admins, bystanders, vendor_of_contract) -> None:
    contract = ContractFactory(
        vendor=vendor_of_contract, reference="SUP-9", end_date=TODAY + 7 * DAY, renewal_notice_days=90
    )

    assert contract_reminders_send(today=TODAY).done == len(admins)

    for admin in admins:
        [notification] = Notification.objects.filter(recipient=admin)
        assert notification.title == (
            f"Meridian Imaging Systems: contract end of SUP-9 is in 7 days ({contract.end_date:%Y-%m-%d})"
        )
        assert notification.level == Notification.Level.INFO
        assert notification.url == contract.get_absolute_url()
        assert "does not renew by itself" in notification.body
    assert not Notification.objects.filter(recipient__in=bystanders).exists()
    assert contract_reminders_send(today=TODAY).done == 0


def test_notice_deadline_and_end_on_a_lead_day_each_raise_one(admins, vendor_of_contract) -> None:
    # Notice 30 days ahead and end 60 days ahead: two different reminders the same day.
    ContractFactory(vendor=vendor_of_contract, end_date=TODAY + 60 * DAY, renewal_notice_days=30)

    assert contract_reminders_send(today=TODAY).done == 2 * len(admins)
    assert Notification.objects.filter(recipient=admins[0]).count() == 2


def test_far_future_ended_and_off_day_contracts_raise_nothing(admins, vendor_of_contract) -> None:
    ContractFactory(vendor=vendor_of_contract, end_date=TODAY + 3 * 365 * DAY)  # far in the future
    ContractFactory(vendor=vendor_of_contract, start_date=TODAY - 400 * DAY, end_date=TODAY - DAY)  # ended
    ContractFactory(  # ended long ago although a lead day would match its notice date
        vendor=vendor_of_contract, start_date=TODAY - 400 * DAY, end_date=TODAY - 10 * DAY, renewal_notice_days=0
    )
    notice_contract(vendor_of_contract, notice_in_days=29)  # between lead days
    passed = notice_contract(vendor_of_contract, notice_in_days=-30)  # deadline passed, ends in 60 days

    assert contract_reminders_send(today=TODAY).done == 2  # only the end of the last one
    assert set(Notification.objects.values_list("title", flat=True)) == {
        f"Meridian Imaging Systems: contract end of {passed.reference} is in 60 days ({passed.end_date:%Y-%m-%d})"
    }


def test_without_admins_nothing_is_raised(bystanders, vendor_of_contract) -> None:
    notice_contract(vendor_of_contract, notice_in_days=30)
    assert contract_reminders_send(today=TODAY).done == 0
    assert Notification.objects.count() == 0
    assert OutboxEmail.objects.count() == 0


def test_a_contract_that_cannot_be_reminded_of_is_reported_and_the_others_still_are(
    admins, vendor_of_contract, monkeypatch, caplog
) -> None:
    broken = ContractFactory(vendor=vendor_of_contract, reference="BROKEN", end_date=TODAY + 7 * DAY)
    ContractFactory(vendor=vendor_of_contract, reference="FINE", end_date=TODAY + 14 * DAY)
    reminders_for = reminders._reminders_for

    def overflowing(contract, today):
        if contract.pk == broken.pk:
            raise OverflowError("date value out of range")
        return reminders_for(contract, today)

    monkeypatch.setattr(reminders, "_reminders_for", overflowing)
    report = contract_reminders_send(today=TODAY)

    assert report.done == len(admins)
    assert report.failed == ["BROKEN: OverflowError: date value out of range"]
    assert {n.title for n in Notification.objects.all()} == {
        f"Meridian Imaging Systems: contract end of FINE is in 14 days ({TODAY + 14 * DAY:%Y-%m-%d})"
    }
    assert "Contract reminders: skipped BROKEN after an error" in caplog.text
