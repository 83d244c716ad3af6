"""Availability pages (hospital and portal), the availability API, and monthly credit runs.

The acceptance case of the issue, by hand from the contract: October 2026 in Europe/Berlin has
31 days and the hour DST gives back on the 25th: 44,700 minutes. The vendor's approved Sunday
maintenance (Oct 11, 00:00-04:00, announced six days ahead, inside the allowed Sunday 00:00-06:00
window) overran by 40 minutes; on Tuesday Oct 13 the archive was down 10:00-12:00.

    excluded  = 240 min (the planned four hours)
    downtime  = 40 (the overrun) + 120 (Tuesday) = 160 min
    uptime    = (44,700 - 240 - 160) / (44,700 - 240) = 44,300 / 44,460 = 99.6401 %
    target 99.9 % -> budget 0.1 % of 44,460 = 44.5 min, all of it used
    credit: 99.6401 is below 99.9 -> 5 % of the monthly fee 120,000 / 12 = 10,000.00 -> 500.00 EUR
"""

import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts.tests.factories import UserFactory
from core.testing.queries import queries_per_path
from slas import defaults
from slas.models import Agreement, CreditStatement, MaintenanceWindow
from slas.services.maintenance import maintenance_record_actuals
from slas.tasks import compute_credit_statements
from slas.tests.factories import agreement_for, incident_for, maintenance_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory, ContractFactory

BERLIN = ZoneInfo("Europe/Berlin")
OCTOBER = "2026-10"


def berlin(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


@pytest.fixture
def agreement(vendor: Vendor) -> Agreement:
    contract = ContractFactory(
        vendor=vendor,
        reference="MIS-2026-001",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2028, 12, 31),
        annual_fee=Decimal("120000.00"),
        currency="EUR",
    )
    agreement = agreement_for(contract, effective_from=datetime.date(2025, 1, 1))
    agreement.maintenance_calendar = defaults.maintenance_window_calendar(name="Sunday 00:00-06:00")
    agreement.save()
    return agreement


@pytest.fixture
def october(vendor: Vendor, archive: Component, agreement: Agreement) -> None:
    window = maintenance_for(
        vendor,
        title="Archive firmware upgrade",
        planned_start=berlin(11, 0),
        duration=datetime.timedelta(hours=4),
        announced_at=berlin(5, 9),
    )
    maintenance_record_actuals(window=window, actual_start=berlin(11, 0), actual_end=berlin(11, 4, 40))
    incident_for(vendor, title="Archive down", started_at=berlin(13, 10), ended_at=berlin(13, 12), components=[archive])


@pytest.mark.django_db
def test_api_gives_the_hand_computed_month(admin_api, vendor: Vendor, october: None) -> None:
    response = admin_api.get(f"/api/v1/vendors/{vendor.pk}/availability/", {"month": OCTOBER})

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period_minutes"] == "44700.0"
    assert data["uptime_percent"] == "99.6401"
    assert data["target_percent"] == "99.900"
    assert data["downtime_minutes"] == "160.0"
    assert data["excluded_minutes"] == "240.0"
    assert data["budget_minutes"] == "44.5"
    assert data["budget_remaining_minutes"] == "0.0"
    assert data["credit_percent"] == "5.00"
    assert data["credit_amount"] == "500.00"
    assert data["currency"] == "EUR"
    assert data["meets_target"] is False
    assert data["outages"] == 2
    assert [line["kind"] for line in data["credit_lines"]] == ["availability"]


@pytest.mark.django_db
def test_api_per_component_and_date_range(admin_api, vendor: Vendor, october: None, archive: Component) -> None:
    viewer = ComponentFactory(vendor=vendor, name="Diagnostic Viewer")
    url = f"/api/v1/vendors/{vendor.pk}/availability/"

    viewer_month = admin_api.get(url, {"month": OCTOBER, "component": viewer.pk}).json()
    # The maintenance named no components, so it applies to the viewer too; the outage did not.
    assert viewer_month["downtime_minutes"] == "40.0"
    assert viewer_month["excluded_minutes"] == "240.0"

    tuesday = admin_api.get(url, {"start": "2026-10-13", "end": "2026-10-13"}).json()
    assert tuesday["period_minutes"] == "1440.0"
    assert tuesday["downtime_minutes"] == "120.0"
    assert tuesday["credit_percent"] is None  # credits are monthly


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "October"}, "month"),
        ({"month": "2999-01"}, "month"),
        ({"start": "2026-10-01"}, "end"),
        ({"start": "2026-10-10", "end": "2026-10-01"}, "end"),
        ({"component": "999999"}, "component"),
    ],
)
def test_api_rejects_bad_queries_with_field_messages(admin_api, vendor: Vendor, query: dict, field: str) -> None:
    response = admin_api.get(f"/api/v1/vendors/{vendor.pk}/availability/", query)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_api_rejects_another_vendors_component(admin_api, vendor: Vendor, other_vendor: Vendor) -> None:
    foreign = ComponentFactory(vendor=other_vendor)

    response = admin_api.get(f"/api/v1/vendors/{vendor.pk}/availability/", {"component": foreign.pk})

    assert response.status_code == 400
    assert "component" in response.json()


@pytest.mark.django_db
def test_vendor_user_reads_only_their_own_vendors_availability(
    vendor_api, vendor: Vendor, other_vendor: Vendor, october: None
) -> None:
    assert vendor_api.get(f"/api/v1/vendors/{vendor.pk}/availability/", {"month": OCTOBER}).status_code == 200
    assert vendor_api.get(f"/api/v1/vendors/{other_vendor.pk}/availability/").status_code == 404


@pytest.mark.django_db
def test_vendor_page_shows_month_against_target(staff_client: Client, vendor: Vendor, october: None) -> None:
    response = staff_client.get(f"/sla/availability/{vendor.pk}/", {"month": OCTOBER})

    assert response.status_code == 200
    page = response.content.decode()
    assert "99.640 %" in page
    assert "Below target" in page
    assert "500.00" in page
    assert "Archive down" in page
    assert "Overran the planned end by 40 min." in page
    assert 'id="availability-chart-data"' in page
    assert "timeline-down" in page
    assert "timeline-unplanned" in page  # the overrun
    assert "timeline-planned" in page


@pytest.mark.django_db
def test_the_timeline_draws_every_window_the_table_lists(vendor: Vendor, agreement: Agreement) -> None:
    """The month's timeline and its maintenance table come from one list: a window still to
    come this month is drawn too, instead of "none this month" above a table that lists it."""
    with time_machine.travel(berlin(7, 12, month=12), tick=False):
        done = maintenance_for(vendor, title="Security updates", planned_start=berlin(6, 1, month=12))
        maintenance_record_actuals(window=done, actual_start=berlin(6, 1, month=12), actual_end=berlin(6, 3, month=12))
        maintenance_for(vendor, title="Viewer release", planned_start=berlin(13, 1, month=12))
        maintenance_for(
            vendor,
            title="Storage firmware",
            planned_start=berlin(20, 1, month=12),
            state=MaintenanceWindow.State.PROPOSED,
        )
        client = Client()
        client.force_login(UserFactory())
        response = client.get(f"/sla/availability/{vendor.pk}/", {"month": "2026-12"})

    listed = [outcome.window.title for outcome in response.context["maintenance"]]
    bars = response.context["timeline"]["maintenance"]
    assert listed == ["Security updates", "Viewer release", "Storage firmware"]
    assert [bar.kind for bar in bars] == ["planned", "scheduled", "scheduled"]
    assert [bar.label.split(" · ")[1].split(":")[0] for bar in bars] == listed
    assert bars[1].label.startswith("Maintenance to come (approved)")
    assert bars[2].label.startswith("Maintenance to come (awaiting approval)")
    page = response.content.decode()
    assert "No maintenance this month" not in page
    assert "No incidents this month" in page


@pytest.mark.django_db
def test_vendor_page_falls_back_to_this_month_for_bad_input(staff_client: Client, vendor: Vendor) -> None:
    response = staff_client.get(f"/sla/availability/{vendor.pk}/", {"month": "nonsense", "component": "x"})

    assert response.status_code == 200
    assert response.context["month"].day == 1
    assert response.context["component"] is None


@pytest.mark.django_db
def test_vendor_page_queries_stay_flat_as_incidents_grow(
    staff_client: Client, vendor: Vendor, october: None, archive: Component
) -> None:
    path = f"/sla/availability/{vendor.pk}/?month={OCTOBER}"
    queries_per_path(staff_client, [path])  # the maintenance calendar's clock is cached per process
    before = queries_per_path(staff_client, [path])[path]
    for day in range(14, 28):
        incident_for(vendor, title=f"Outage {day}", started_at=berlin(day, 9), ended_at=berlin(day, 9, 20))
    assert queries_per_path(staff_client, [path])[path] == before


@pytest.mark.django_db
def test_overview_lists_every_vendor_in_fixed_queries(
    staff_client: Client, vendor: Vendor, other_vendor: Vendor, october: None
) -> None:
    path = f"/sla/availability/?month={OCTOBER}"
    response = staff_client.get(path)
    page = response.content.decode()
    assert "99.640" in page
    assert "Below target" in page
    assert "No SLA" in page  # the other vendor has none
    before = queries_per_path(staff_client, [path])[path]
    for n in range(5):
        extra = Vendor.objects.create(name=f"Extra vendor {n}")
        incident_for(extra, started_at=berlin(3, 9), ended_at=berlin(3, 10))
    assert queries_per_path(staff_client, [path])[path] == before


@pytest.mark.django_db
def test_portal_shows_the_vendor_its_own_month(vendor_client: Client, vendor: Vendor, october: None) -> None:
    response = vendor_client.get("/portal/availability/", {"month": OCTOBER})

    assert response.status_code == 200
    page = response.content.decode()
    assert "99.640 %" in page
    assert f"/portal/incidents/{vendor.incidents.get().pk}/" in page
    assert "/sla/" not in page.split("<main", 1)[1]  # links stay inside the portal


@pytest.mark.django_db
def test_hospital_users_have_no_portal_page(staff_client: Client) -> None:
    assert staff_client.get("/portal/availability/").status_code == 404


@pytest.mark.django_db
def test_vendor_users_have_no_hospital_availability_pages(vendor_client: Client, vendor: Vendor) -> None:
    assert vendor_client.get("/sla/availability/").status_code == 404
    assert vendor_client.get(f"/sla/availability/{vendor.pk}/").status_code == 404


@pytest.mark.django_db
def test_monthly_task_and_command_compute_statements_once(vendor: Vendor, october: None) -> None:
    assert compute_credit_statements(OCTOBER) == {"created": 1}
    assert compute_credit_statements(OCTOBER) == {"replaced": 1}
    statement = CreditStatement.objects.get(vendor=vendor, month=datetime.date(2026, 10, 1))
    assert statement.credit_amount == Decimal("500.00")
    statement.state = CreditStatement.State.CLAIMED
    statement.save()

    out = StringIO()
    call_command("compute_credits", "--month", OCTOBER, f"--vendor={vendor.pk}", stdout=out)

    assert "kept" in out.getvalue()
    assert CreditStatement.objects.filter(vendor=vendor).count() == 1


@pytest.mark.django_db
def test_command_refuses_an_unfinished_month(vendor: Vendor, agreement: Agreement) -> None:
    with pytest.raises(CommandError, match="has not ended"):
        call_command("compute_credits", "--month", "2999-01", f"--vendor={vendor.pk}")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("compute_credits", "--month", "Oct")


@pytest.mark.django_db
def test_cancelled_maintenance_counts_for_nothing(admin_api, vendor: Vendor, agreement: Agreement) -> None:
    maintenance_for(
        vendor,
        planned_start=berlin(4, 1),
        announced_at=berlin(1, 9),
        state=MaintenanceWindow.State.CANCELLED,
    )

    data = admin_api.get(f"/api/v1/vendors/{vendor.pk}/availability/", {"month": OCTOBER}).json()

    assert data["uptime_percent"] == "100.0000"
    assert data["excluded_minutes"] == "0.0"


@pytest.mark.django_db
def test_claim_reminders_reach_admins_once_before_the_deadline(admin_user, vendor: Vendor) -> None:
    from notifications.models import Notification
    from slas.services.credit_reminders import credit_claim_reminders
    from slas.tests.factories import statement_for

    statement = statement_for(vendor, month=datetime.date(2026, 9, 1), claim_deadline=datetime.date(2026, 10, 10))
    statement_for(vendor, month=datetime.date(2026, 8, 1), state=CreditStatement.State.CLAIMED)

    assert credit_claim_reminders(today=datetime.date(2026, 10, 1)) == 0  # nine days to go
    assert credit_claim_reminders(today=datetime.date(2026, 10, 8)) == 1
    assert credit_claim_reminders(today=datetime.date(2026, 10, 9)) == 0  # once
    assert credit_claim_reminders(today=datetime.date(2026, 10, 11)) == 1  # and once when it has passed
    titles = list(Notification.objects.filter(recipient=admin_user).values_list("title", flat=True))
    assert any("by 2026-10-10" in title for title in titles)
    assert any("deadline has passed" in title for title in titles)
    assert statement.vendor.name in titles[0]
