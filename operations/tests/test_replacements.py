"""The replacement schedule: budget by year and the five-year forecast in SQL, the schedule page
with its chart data and flags, and the daily reminders before warranty and support end, through
the outbox, once per date and lead time."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from notifications.models import Notification, OutboxEmail
from operations.models import ComponentLifecycle
from operations.selectors.replacements import budget_by_year, five_year_forecast, overdue_budget
from operations.services.replacements import lifecycle_reminders_send
from operations.tests.factories import lifecycle_for
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)
PAGE = "/operations/replacements/"


def planned(vendor: Vendor, name: str, on: datetime.date, budget: int | None, **fields: object) -> ComponentLifecycle:
    component = ComponentFactory(vendor=vendor, name=name)
    return lifecycle_for(
        component,
        replacement_planned_on=on,
        replacement_budget=Decimal(budget) if budget is not None else None,
        **fields,
    )


def test_budget_by_year_forecast_and_overdue(vendor: Vendor) -> None:
    planned(vendor, "Archive", datetime.date(2026, 9, 1), 400_000)
    planned(vendor, "Viewer", datetime.date(2026, 11, 1), 100_000)
    planned(vendor, "Worklist", datetime.date(2028, 1, 15), None)
    planned(vendor, "Old broker", datetime.date(2024, 6, 1), 50_000)
    planned(vendor, "Far away", datetime.date(2035, 1, 1), 1_000)
    by_year = budget_by_year(ComponentLifecycle.objects.all())
    forecast = five_year_forecast(by_year, TODAY)
    assert [(y.year, y.replacements, y.budget, y.unbudgeted) for y in forecast] == [
        (2026, 2, Decimal(500_000), 0),
        (2027, 0, Decimal(0), 0),
        (2028, 1, Decimal(0), 1),
        (2029, 0, Decimal(0), 0),
        (2030, 0, Decimal(0), 0),
    ]
    overdue = overdue_budget(by_year, TODAY)
    assert (overdue.replacements, overdue.budget) == (1, Decimal(50_000))
    assert sorted(by_year) == [2024, 2026, 2028, 2035]


def test_the_schedule_page_shows_forecast_chart_and_unplanned(admin_client: Client, vendor: Vendor) -> None:
    this_year = timezone.localdate().year
    planned(vendor, "Enterprise Archive", datetime.date(this_year + 1, 5, 1), 420_000)
    broker = ComponentFactory(vendor=vendor, name="Worklist Broker")
    lifecycle_for(broker, support_ends_on=timezone.localdate() - datetime.timedelta(days=10))
    response = admin_client.get(PAGE)
    html = response.content.decode()
    assert "Enterprise Archive" in html
    assert "420,000" in html
    assert "1 component past end of support without a planned replacement" in html
    assert "Worklist Broker" in html
    chart = response.context["chart"]
    assert chart["labels"] == [str(this_year + 1)]
    assert chart["budget"] == [420000.0]
    assert [row.year for row in response.context["forecast"]] == list(range(this_year, this_year + 5))


def test_the_schedule_page_costs_the_same_queries_for_many(
    admin_client: Client, vendor: Vendor, django_assert_max_num_queries
) -> None:
    planned(vendor, "First", timezone.localdate() + datetime.timedelta(days=300), 1)
    admin_client.get(PAGE)
    with django_assert_max_num_queries(15) as few:
        admin_client.get(PAGE)
    for number in range(20):
        planned(VendorFactory(), f"Node {number}", timezone.localdate() + datetime.timedelta(days=number * 100), number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(PAGE)


def test_the_schedule_page_is_empty_with_a_hint(staff_client: Client) -> None:
    html = staff_client.get(PAGE).content.decode()
    assert "No replacement planned yet" in html


@pytest.fixture
def admins() -> list:
    return [HospitalAdminFactory(), HospitalAdminFactory()]


def test_warranty_and_support_reminders_reach_admins_once_through_the_outbox(admins, vendor: Vendor) -> None:
    bystanders = [UserFactory(), VendorUserFactory(vendor=vendor), HospitalAdminFactory(is_active=False)]
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    lifecycle = lifecycle_for(
        archive,
        software_version="7.2",
        warranty_ends_on=TODAY + datetime.timedelta(days=30),
        support_ends_on=TODAY + datetime.timedelta(days=90),
    )
    assert lifecycle_reminders_send(today=TODAY).done == 2 * len(admins)
    titles = set(Notification.objects.filter(recipient=admins[0]).values_list("title", flat=True))
    assert titles == {
        f"{vendor}: warranty of {archive} ends in 30 days (2026-04-01)",
        f"{vendor}: vendor support of {archive} ends in 90 days (2026-05-31)",
    }
    notification = Notification.objects.filter(recipient=admins[0], title__contains="support").get()
    assert notification.url == lifecycle.get_absolute_url()
    assert notification.level == Notification.Level.WARNING
    assert "No replacement is planned yet." in notification.body
    assert OutboxEmail.objects.count() == 2 * len(admins)
    assert not Notification.objects.filter(recipient__in=bystanders).exists()
    assert lifecycle_reminders_send(today=TODAY).done == 0  # a second run the same day adds nothing
    assert lifecycle_reminders_send(today=TODAY + datetime.timedelta(days=1)).done == 0  # no lead day


def test_no_reminder_off_the_lead_days_and_the_command_runs_the_job(admins, vendor: Vendor, capsys) -> None:
    component = ComponentFactory(vendor=vendor, name="Viewer")
    lifecycle_for(component, warranty_ends_on=timezone.localdate() + datetime.timedelta(days=45))
    assert lifecycle_reminders_send().done == 0
    lifecycle_for(ComponentFactory(vendor=vendor, name="Broker"), support_ends_on=timezone.localdate())
    call_command("send_lifecycle_reminders")
    assert "Raised 2 reminder notification(s)." in capsys.readouterr().out
    assert (
        Notification.objects.filter(title__contains="vendor support of Broker", title__endswith="ends today").count()
        == 2
    )
