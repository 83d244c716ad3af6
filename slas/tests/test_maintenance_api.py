"""``/api/v1/maintenance-windows/``: vendors announce and change their own windows, hospital
admins record, decide, record actual times; compliance read-only; 400s with field messages."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from slas.models import MaintenanceWindow
from slas.tests.factories import maintenance_for
from slas.tests.maintenance_support import PAST_SUNDAY, berlin, next_sunday, sla_with_sunday_window
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

State = MaintenanceWindow.State
H = dt.timedelta(hours=1)
URL = "/api/v1/maintenance-windows/"


def _iso(instant: dt.datetime) -> str:
    return instant.isoformat()


@pytest.fixture
def plan() -> dict[str, str]:
    start = berlin(next_sunday(), 1)
    return {"title": "Archive firmware", "planned_start": _iso(start), "planned_end": _iso(start + 3 * H)}


# --- announcing --------------------------------------------------------------------------------


def test_a_vendor_token_announces_a_window_for_its_own_vendor(vendor_api: APIClient, vendor, vendor_user, plan) -> None:
    sla_with_sunday_window(vendor)
    archive = ComponentFactory(vendor=vendor, name="Archive")
    before = timezone.now()
    response = vendor_api.post(URL, {**plan, "components": [archive.pk], "state": "approved"}, format="json")
    assert response.status_code == 201, response.data
    body = response.json()
    window = MaintenanceWindow.objects.get()
    assert body["id"] == window.pk
    assert (body["vendor"], body["components"], body["state"]) == (vendor.pk, [archive.pk], "proposed")
    assert body["announced_by"] == vendor_user.pk
    assert body["decided_by"] is None
    assert dt.datetime.fromisoformat(body["announced_at"]) >= before
    # Announced now for next-but-one Sunday 01:00-04:00: well over 48 h ahead, inside the window.
    assert body["compliance"] == {
        "assessed": True,
        "compliant": True,
        "problems": [],
        "planned_minutes": 0,
        "unplanned_minutes": 0,
    }


def test_a_vendor_cannot_backdate_choose_another_vendor_or_its_components(
    vendor_api: APIClient, vendor, other_vendor, plan
) -> None:
    theirs = ComponentFactory(vendor=other_vendor)
    response = vendor_api.post(URL, {**plan, "announced_at": _iso(timezone.now() - 9 * 24 * H)}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "announced_at": ["Only hospital admins record when a window was announced; it is now for you."]
    }
    response = vendor_api.post(URL, {**plan, "vendor": other_vendor.pk}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["vendor"]
    response = vendor_api.post(URL, {**plan, "components": [theirs.pk]}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["components"]
    assert not MaintenanceWindow.objects.exists()


def test_bad_plans_answer_400_with_field_messages(admin_api: APIClient, vendor, plan) -> None:
    response = admin_api.post(URL, plan, format="json")
    assert response.status_code == 400
    assert response.json() == {"vendor": ["Choose the vendor whose maintenance this is."]}
    response = admin_api.post(URL, {**plan, "vendor": vendor.pk, "planned_end": plan["planned_start"]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The planned end must be after the planned start."]}
    response = admin_api.post(URL, {"vendor": vendor.pk}, format="json")
    assert set(response.json()) == {"title", "planned_start", "planned_end"}
    response = admin_api.post(
        URL, {**plan, "vendor": vendor.pk, "announced_at": _iso(timezone.now() + 24 * H)}, format="json"
    )
    assert response.json() == {"announced_at": ["The announcement cannot be in the future."]}
    assert not MaintenanceWindow.objects.exists()


def test_an_admin_records_an_approved_window_with_an_earlier_notice(
    admin_api: APIClient, admin_user, vendor, plan
) -> None:
    announced = timezone.now() - 6 * 24 * H
    response = admin_api.post(URL, {**plan, "vendor": vendor.pk, "announced_at": _iso(announced)}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["decided_by"]) == ("approved", admin_user.pk)
    assert dt.datetime.fromisoformat(body["announced_at"]) == announced


def test_hospital_staff_read_but_cannot_write(staff_api: APIClient, vendor, plan) -> None:
    window = maintenance_for(vendor, announced_at=timezone.now(), state=State.PROPOSED)
    assert staff_api.get(URL).status_code == 200
    assert staff_api.post(URL, {**plan, "vendor": vendor.pk}, format="json").status_code == 403
    assert staff_api.patch(f"{URL}{window.pk}/", {"title": "x"}, format="json").status_code == 403
    assert staff_api.post(f"{URL}{window.pk}/cancel/").status_code == 403


# --- reading -----------------------------------------------------------------------------------


def test_the_list_shows_a_vendor_its_own_windows_with_compliance(vendor_api: APIClient, vendor, other_vendor) -> None:
    sla_with_sunday_window(vendor)
    overran = maintenance_for(
        vendor,
        planned_start=berlin(PAST_SUNDAY, 1),
        duration=3 * H,
        actual_start=berlin(PAST_SUNDAY, 1),
        actual_end=berlin(PAST_SUNDAY, 4, 40),
    )
    maintenance_for(other_vendor, title="Not yours")
    body = vendor_api.get(URL).json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == overran.pk
    assert row["compliance"] == {
        "assessed": True,
        "compliant": False,
        "problems": ["Overran the planned end by 40 min."],
        "planned_minutes": 180,
        "unplanned_minutes": 40,
    }
    assert row["actual_end"] == "2026-03-01T04:40:00+01:00"
    assert vendor_api.get(f"{URL}{overran.pk}/").json()["compliance"] == row["compliance"]


def test_the_list_filters_like_the_page(admin_api: APIClient, vendor, other_vendor) -> None:
    maintenance_for(vendor, title="Past", planned_start=berlin(PAST_SUNDAY, 1))
    maintenance_for(other_vendor, title="Upcoming", announced_at=timezone.now(), state=State.PROPOSED)
    assert [w["title"] for w in admin_api.get(URL, {"when": "upcoming"}).json()["results"]] == ["Upcoming"]
    assert [w["title"] for w in admin_api.get(URL, {"state": "approved"}).json()["results"]] == ["Past"]
    assert [w["title"] for w in admin_api.get(URL, {"vendor": vendor.pk}).json()["results"]] == ["Past"]


# --- changing ----------------------------------------------------------------------------------


def test_a_vendor_change_to_an_approved_window_goes_back_for_approval(
    vendor_api: APIClient, vendor, other_vendor
) -> None:
    archive = ComponentFactory(vendor=vendor)
    window = maintenance_for(vendor, planned_start=berlin(next_sunday(), 1), announced_at=timezone.now() - 24 * H)
    window.components.set([archive])
    response = vendor_api.patch(f"{URL}{window.pk}/", {"description": "Also the router."}, format="json")
    assert response.status_code == 200, response.data
    body = response.json()
    assert (body["state"], body["description"], body["components"]) == ("proposed", "Also the router.", [archive.pk])
    response = vendor_api.patch(f"{URL}{window.pk}/", {"vendor": other_vendor.pk}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["vendor"]


def test_a_vendor_cannot_rewrite_past_work(vendor_api: APIClient, vendor) -> None:
    window = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1))
    response = vendor_api.patch(f"{URL}{window.pk}/", {"planned_end": _iso(berlin(PAST_SUNDAY, 6))}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The planned start has passed; ask the hospital to record any change."]
    }
    window.refresh_from_db()
    assert window.planned_end == berlin(PAST_SUNDAY, 5)


def test_windows_are_cancelled_never_deleted(admin_api: APIClient, vendor) -> None:
    window = maintenance_for(vendor, announced_at=timezone.now())
    assert admin_api.delete(f"{URL}{window.pk}/").status_code == 405
    assert MaintenanceWindow.objects.filter(pk=window.pk).exists()


# --- actions -----------------------------------------------------------------------------------


def test_admins_approve_and_reject_with_a_note(admin_api: APIClient, vendor_api: APIClient, admin_user, vendor) -> None:
    first = maintenance_for(vendor, announced_at=timezone.now(), state=State.PROPOSED)
    second = maintenance_for(vendor, announced_at=timezone.now(), state=State.PROPOSED)
    assert vendor_api.post(f"{URL}{first.pk}/approve/").status_code == 403

    response = admin_api.post(f"{URL}{first.pk}/approve/", {}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["decided_by"]) == ("approved", admin_user.pk)

    response = admin_api.post(f"{URL}{second.pk}/reject/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"note": ["This field is required."]}
    response = admin_api.post(f"{URL}{second.pk}/reject/", {"note": "  "}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    response = admin_api.post(f"{URL}{second.pk}/reject/", {"note": "Clashes with the go-live."}, format="json")
    assert (response.json()["state"], response.json()["decision_note"]) == ("rejected", "Clashes with the go-live.")

    response = admin_api.post(f"{URL}{second.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Only a window awaiting approval can be decided; this one is rejected."]
    }


def test_admins_record_actual_times(admin_api: APIClient, vendor_api: APIClient, vendor) -> None:
    sla_with_sunday_window(vendor)
    window = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1), duration=3 * H)
    actuals = {"actual_start": _iso(berlin(PAST_SUNDAY, 1)), "actual_end": _iso(berlin(PAST_SUNDAY, 4, 40))}
    assert vendor_api.post(f"{URL}{window.pk}/actuals/", actuals, format="json").status_code == 403

    response = admin_api.post(f"{URL}{window.pk}/actuals/", {"actual_end": actuals["actual_end"]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"actual_start": ["This field is required."]}
    response = admin_api.post(
        f"{URL}{window.pk}/actuals/", {**actuals, "actual_end": _iso(timezone.now() + 24 * H)}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"actual_end": ["This cannot be in the future."]}
    response = admin_api.post(
        f"{URL}{window.pk}/actuals/", {"actual_start": None, "actual_end": actuals["actual_end"]}, format="json"
    )
    assert response.json() == {"actual_start": ["Give the actual start with the actual end."]}

    response = admin_api.post(f"{URL}{window.pk}/actuals/", actuals, format="json")
    assert response.status_code == 200
    assert response.json()["compliance"]["unplanned_minutes"] == 40


def test_vendors_and_admins_cancel(vendor_api: APIClient, admin_api: APIClient, vendor, other_vendor) -> None:
    own = maintenance_for(vendor, announced_at=timezone.now())
    theirs = maintenance_for(other_vendor, announced_at=timezone.now())
    past = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1))

    assert vendor_api.post(f"{URL}{theirs.pk}/cancel/").status_code == 404
    response = vendor_api.post(f"{URL}{own.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    response = vendor_api.post(f"{URL}{own.pk}/cancel/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This window is already cancelled."]}
    response = vendor_api.post(f"{URL}{past.pk}/cancel/")
    assert response.json() == {
        "non_field_errors": ["The planned start has passed; ask the hospital to cancel the window."]
    }
    assert admin_api.post(f"{URL}{past.pk}/cancel/").json()["state"] == "cancelled"
