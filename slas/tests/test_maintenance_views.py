"""The hospital's maintenance pages: the list with compliance, filters and CSV, recording and
editing, approving and rejecting, actual times, cancelling, and the compliance in words."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from core.testing.queries import queries_per_path
from slas.models import MaintenanceWindow
from slas.pages.maintenance import notice_text
from slas.tests.factories import maintenance_for
from slas.tests.maintenance_support import PAST_SUNDAY, berlin, next_sunday, sla_with_sunday_window
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db

State = MaintenanceWindow.State
H = dt.timedelta(hours=1)
LIST = "/sla/maintenance/"


def _local(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def three_windows(vendor, other_vendor):
    """Three Sunday windows of Meridian (SLA: 48 h notice, Sunday 00:00-06:00): one compliant,
    one announced 20 h ahead, one that overran by 40 minutes; and one upcoming of another vendor."""
    sla_with_sunday_window(vendor)
    archive = ComponentFactory(vendor=vendor, name="Archive", site="")
    compliant = maintenance_for(vendor, title="Security updates", planned_start=berlin(PAST_SUNDAY, 1), duration=3 * H)
    compliant.components.set([archive])
    short = maintenance_for(
        vendor,
        title="Emergency patch",
        planned_start=berlin(PAST_SUNDAY + dt.timedelta(weeks=1), 1),
        duration=2 * H,
        announced_at=berlin(PAST_SUNDAY + dt.timedelta(weeks=1), 1) - 20 * H,
    )
    overran = maintenance_for(
        vendor,
        title="Database upgrade",
        planned_start=berlin(PAST_SUNDAY + dt.timedelta(weeks=2), 1),
        duration=3 * H,
        actual_start=berlin(PAST_SUNDAY + dt.timedelta(weeks=2), 1),
        actual_end=berlin(PAST_SUNDAY + dt.timedelta(weeks=2), 4, 40),
    )
    upcoming = maintenance_for(
        other_vendor,
        title="Viewer release",
        planned_start=berlin(next_sunday(), 2),
        announced_at=timezone.now() - H,
        state=State.PROPOSED,
    )
    return compliant, short, overran, upcoming


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_plan_state_and_compliance_in_words(admin_client: Client, three_windows) -> None:
    _compliant, _short, _overran, upcoming = three_windows
    response = admin_client.get(LIST, {"sort": "planned"})
    assert response.status_code == 200
    rows = response.context["table"].paginated_rows
    cells = [
        [row.get_cell_value(name) for name in ("title", "components", "planned", "state", "compliance")] for row in rows
    ]
    assert cells == [
        ["Security updates", "Archive", "2026-03-01 01:00 – 2026-03-01 04:00", "Approved", "Compliant"],
        [
            "Emergency patch",
            "All components",
            "2026-03-08 01:00 – 2026-03-08 03:00",
            "Approved",
            "Breaks contract; Announced 20 h ahead; the contract requires 48 h.",
        ],
        [
            "Database upgrade",
            "All components",
            "2026-03-15 01:00 – 2026-03-15 04:00",
            "Approved",
            "Breaks contract; Overran the planned end by 40 min.",
        ],
        [upcoming.title, "All components", rows[3].get_cell_value("planned"), "Awaiting approval", "Compliant"],
    ]
    html = response.content.decode()
    assert (
        '<span class="badge text-bg-danger" title="Overran the planned end by 40 min.">Breaks contract</span>' in html
    )
    assert '<span class="badge text-bg-warning">Awaiting approval</span>' in html
    assert "2026-03-15 01:00 – 04:00" in html  # same day: the end without its date
    assert "2026-03-15 01:00 – 04:40" in html  # the actual times
    assert ">3h<" in html
    assert ">2h<" in html
    assert "Record maintenance" in html  # admins record windows


def test_filters_by_vendor_state_when_and_dates(admin_client: Client, three_windows, vendor, other_vendor) -> None:
    _compliant, _short, _overran, _upcoming = three_windows

    def titles(**params: str) -> list[str]:
        response = admin_client.get(LIST, {"sort": "planned", **params})
        return [row.record.title for row in response.context["table"].paginated_rows]

    assert titles(vendor=str(other_vendor.pk)) == ["Viewer release"]
    assert titles(state="proposed") == ["Viewer release"]
    assert titles(when="upcoming") == ["Viewer release"]
    assert titles(when="past", vendor=str(vendor.pk)) == ["Security updates", "Emergency patch", "Database upgrade"]
    assert titles(planned_from="2026-03-08", planned_until="2026-03-08") == ["Emergency patch"]
    assert titles(planned_from="2026-03-02", planned_until="2026-03-15") == ["Emergency patch", "Database upgrade"]
    assert titles(q="database") == ["Database upgrade"]


def test_an_empty_list_says_so(admin_client: Client, three_windows) -> None:
    response = admin_client.get(LIST, {"q": "nothing like this"})
    assert "No maintenance windows match these filters." in response.content.decode()


def test_csv_export_has_the_page_columns_in_hospital_time(admin_client: Client, three_windows) -> None:
    rows = _csv(admin_client.get(LIST, {"sort": "planned", "export": "csv", "when": "past"}))
    assert rows[0] == [
        "#",
        "Title",
        "Vendor",
        "Components",
        "Planned",
        "Duration",
        "State",
        "Compliance",
        "Announced",
        "Actual",
    ]
    assert rows[3][1:] == [
        "Database upgrade",
        "Meridian Imaging Systems",
        "All components",
        "2026-03-15 01:00 – 2026-03-15 04:00",
        "3h",
        "Approved",
        "Breaks contract; Overran the planned end by 40 min.",
        "2026-03-10 01:00",
        "2026-03-15 01:00 – 2026-03-15 04:40",
    ]


def test_the_list_costs_the_same_queries_with_more_windows_and_vendors(admin_client: Client, vendor) -> None:
    sla_with_sunday_window(vendor)
    maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1)).components.set([ComponentFactory(vendor=vendor)])
    paths = [f"{LIST}?sort=planned", f"{LIST}?export=csv", "/api/v1/maintenance-windows/"]
    queries_per_path(admin_client, paths)  # builds the Sunday calendar's clock, kept per process
    few = queries_per_path(admin_client, paths)
    for n in range(8):
        other = VendorFactory(name=f"Vendor {n}")
        sla_with_sunday_window(other, reference=f"REF-{n}")
        for week in range(3):
            window = maintenance_for(other, planned_start=berlin(PAST_SUNDAY, 1) - dt.timedelta(weeks=week))
            window.components.set([ComponentFactory(vendor=other), ComponentFactory(vendor=other)])
    many = queries_per_path(admin_client, paths)
    assert many == few


def test_staff_read_but_do_not_record(staff_client: Client, three_windows) -> None:
    compliant = three_windows[0]
    html = staff_client.get(LIST).content.decode()
    assert "Security updates" in html
    assert "Record maintenance" not in html
    detail = staff_client.get(f"{LIST}{compliant.pk}/").content.decode()
    assert 'value="approve"' not in detail
    assert "Cancel window" not in detail
    assert "Save actual times" not in detail
    assert staff_client.get(f"{LIST}add/").status_code == 403
    assert staff_client.post(f"{LIST}{compliant.pk}/cancel/").status_code == 403


# --- the detail ----------------------------------------------------------------------------


def test_the_detail_explains_the_compliance_and_counts_the_minutes(admin_client: Client, three_windows) -> None:
    compliant, short, overran, _upcoming = three_windows
    html = admin_client.get(f"{LIST}{overran.pk}/").content.decode()
    assert "Overran the planned end by 40 min." in html
    assert "SLA of MIS-2024-017 (version 1): 48 h written notice; work only in “Sunday 00:00-06:00”" in html
    compliance = admin_client.get(f"{LIST}{overran.pk}/").context["compliance"]
    assert (compliance.planned_minutes, compliance.unplanned_minutes) == (180, 40)
    assert '<div class="stat text-primary">180</div>' in html
    assert '<div class="stat text-danger">40</div>' in html
    assert "2026-03-15 01:00 – 2026-03-15 04:00" in html
    assert "(3h)" in html
    assert "(3h40m)" in html  # how long the work really took

    html = admin_client.get(f"{LIST}{short.pk}/").content.decode()
    assert "Announced 20 h ahead; the contract requires 48 h." in html
    assert '<div class="stat text-danger">120</div>' in html  # all of it unplanned
    assert "(20 h ahead)" in html

    html = admin_client.get(f"{LIST}{compliant.pk}/").content.decode()
    assert "Keeps to the contract's maintenance rules." in html
    assert "Archive" in html


def test_a_proposed_window_shows_who_announced_and_the_decision_forms(
    admin_client: Client, vendor, vendor_user
) -> None:
    sla_with_sunday_window(vendor)
    start = berlin(next_sunday(), 1)
    window = maintenance_for(
        vendor,
        planned_start=start,
        announced_at=timezone.now() - H,
        announced_by=vendor_user,
        state=State.PROPOSED,
    )
    html = admin_client.get(f"{LIST}{window.pk}/").content.decode()
    assert "by Tobias Vendor" in html
    assert "Nothing counts yet: the window awaits approval." in html
    assert 'value="approve"' in html
    assert 'value="reject"' in html
    assert "Cancel window" in html
    assert f'href="/sla/maintenance/{window.pk}/edit/"' in html


# --- recording and editing ---------------------------------------------------------------------


def test_an_admin_records_an_approved_window_with_the_notice_given(admin_client: Client, admin_user, vendor) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    start = berlin(next_sunday(), 1)
    announced = timezone.now() - 3 * 24 * H
    response = admin_client.post(
        f"{LIST}add/",
        {
            "vendor": vendor.pk,
            "title": "Storage firmware",
            "components": [archive.pk],
            "planned_start": _local(start),
            "planned_end": _local(start + 4 * H),
            "announced_at": _local(announced),
            "description": "Controller firmware 7.2.",
        },
    )
    window = MaintenanceWindow.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sla/maintenance/{window.pk}/"
    assert (window.state, window.decided_by, window.announced_by) == (State.APPROVED, admin_user, admin_user)
    assert (window.planned_start, window.planned_end) == (start, start + 4 * H)
    assert window.announced_at == announced.replace(second=0, microsecond=0)
    assert list(window.components.all()) == [archive]


def test_bad_input_shows_form_errors_and_writes_nothing(admin_client: Client, vendor, other_vendor) -> None:
    theirs = ComponentFactory(vendor=other_vendor, name="Their viewer")
    start = berlin(next_sunday(), 1)
    data = {
        "vendor": vendor.pk,
        "title": "Storage firmware",
        "planned_start": _local(start),
        "planned_end": _local(start - H),
        "announced_at": _local(timezone.now()),
    }
    response = admin_client.post(f"{LIST}add/", data)
    assert response.status_code == 200
    assert "The planned end must be after the planned start." in response.content.decode()

    response = admin_client.post(f"{LIST}add/", {**data, "planned_end": _local(start + H), "components": [theirs.pk]})
    assert response.context["form"].errors["components"] == [
        "Not components of this vendor: Their viewer (Main campus)."
    ]

    response = admin_client.post(
        f"{LIST}add/", {**data, "planned_end": _local(start + H), "announced_at": _local(timezone.now() + 24 * H)}
    )
    assert response.context["form"].errors["announced_at"] == ["The announcement cannot be in the future."]
    assert not MaintenanceWindow.objects.exists()


def test_saving_a_proposed_window_approves_it_and_final_windows_cannot_be_edited(
    admin_client: Client, admin_user, vendor
) -> None:
    start = berlin(next_sunday(), 1)
    window = maintenance_for(vendor, planned_start=start, announced_at=timezone.now() - H, state=State.PROPOSED)
    page = admin_client.get(f"{LIST}{window.pk}/edit/")
    assert "This window awaits approval: saving it approves it." in page.content.decode()
    assert page.context["form"].fields["vendor"].disabled
    response = admin_client.post(
        f"{LIST}{window.pk}/edit/",
        {
            "vendor": vendor.pk,
            "title": "Renamed",
            "planned_start": _local(start),
            "planned_end": _local(start + 2 * H),
            "announced_at": _local(window.announced_at),
        },
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert (window.title, window.state, window.decided_by) == ("Renamed", State.APPROVED, admin_user)
    assert window.planned_end == start + 2 * H

    cancelled = maintenance_for(vendor, state=State.CANCELLED, announced_at=timezone.now() - H)
    response = admin_client.get(f"{LIST}{cancelled.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/sla/maintenance/{cancelled.pk}/", 302)]
    assert "A cancelled window cannot be changed." in response.content.decode()


# --- deciding, actual times, cancelling ------------------------------------------------------------


def test_approve_and_reject_with_a_note(admin_client: Client, vendor, vendor_user) -> None:
    first = maintenance_for(vendor, announced_at=timezone.now() - H, state=State.PROPOSED)
    second = maintenance_for(vendor, announced_at=timezone.now() - H, state=State.PROPOSED)

    response = admin_client.post(f"{LIST}{first.pk}/decide/", {"decision": "approve"}, follow=True)
    assert "approved; the vendor has been told." in response.content.decode()
    first.refresh_from_db()
    assert first.state == State.APPROVED

    response = admin_client.post(f"{LIST}{second.pk}/decide/", {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["note"] == ["Say why the window is rejected."]
    second.refresh_from_db()
    assert second.state == State.PROPOSED

    admin_client.post(f"{LIST}{second.pk}/decide/", {"decision": "reject", "note": "Clashes with the go-live."})
    second.refresh_from_db()
    assert (second.state, second.decision_note) == (State.REJECTED, "Clashes with the go-live.")
    html = admin_client.get(f"{LIST}{second.pk}/").content.decode()
    assert "Clashes with the go-live." in html
    assert "by Petra Admin" in html

    # Deciding twice is refused with the reason.
    response = admin_client.post(f"{LIST}{second.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 400
    assert "Only a window awaiting approval can be decided; this one is rejected." in response.content.decode()


def test_recording_actual_times(admin_client: Client, vendor) -> None:
    sla_with_sunday_window(vendor)
    window = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1), duration=3 * H)
    page = admin_client.get(f"{LIST}{window.pk}/actuals/")
    assert page.status_code == 200
    assert 'value="2026-03-01T01:00"' in page.content.decode()

    response = admin_client.post(
        f"{LIST}{window.pk}/actuals/",
        {"actual_start": "2026-03-01T01:00", "actual_end": _local(timezone.now() + 24 * H)},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["actual_end"] == ["This cannot be in the future."]

    response = admin_client.post(
        f"{LIST}{window.pk}/actuals/", {"actual_start": "2026-03-01T01:00", "actual_end": "2026-03-01T04:40"}
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert (window.actual_start, window.actual_end) == (berlin(PAST_SUNDAY, 1), berlin(PAST_SUNDAY, 4, 40))
    assert "Overran the planned end by 40 min." in admin_client.get(f"{LIST}{window.pk}/").content.decode()


def test_cancelling_from_the_detail_page(admin_client: Client, vendor) -> None:
    window = maintenance_for(vendor, announced_at=timezone.now() - H)
    assert admin_client.get(f"{LIST}{window.pk}/cancel/").status_code == 405
    response = admin_client.post(f"{LIST}{window.pk}/cancel/", follow=True)
    assert "cancelled; the vendor has been told." in response.content.decode()
    window.refresh_from_db()
    assert window.state == State.CANCELLED
    response = admin_client.post(f"{LIST}{window.pk}/cancel/", follow=True)
    assert "This window is already cancelled." in response.content.decode()


@pytest.mark.parametrize(
    ("notice", "text"),
    [
        (dt.timedelta(days=6, hours=2, minutes=20), "6 days 2 h"),
        (dt.timedelta(days=2), "2 days"),
        (dt.timedelta(hours=47, minutes=30), "47 h 30 min"),
        (dt.timedelta(hours=20), "20 h"),
        (dt.timedelta(minutes=45), "45 min"),
        (dt.timedelta(hours=-3), "0 min"),  # announced after the planned start
    ],
)
def test_notice_is_written_as_people_say_it(notice: dt.timedelta, text: str) -> None:
    assert notice_text(notice) == text
