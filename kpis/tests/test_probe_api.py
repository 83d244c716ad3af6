"""``/api/v1/probes/``: scoped reads, admin writes through ``probe_save`` with field errors, the
write-only REST password, no deletes, runs newest first by cursor, and "run now" (202)."""

import datetime
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from kpis.models import Probe, ProbeRun
from kpis.tests.probe_support import SECRET, fail_for_real, make_probe, record_run
from notifications.tests.support import Broker, QueuedTask
from pacsvendor import celery_app
from slas.models import Incident
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

PROBES = "/api/v1/probes/"


def one(probe: Probe) -> str:
    return f"{PROBES}{probe.pk}/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")


@pytest.fixture
def broker() -> Iterator[Broker]:
    queue = Broker()
    queue.reset()
    try:
        yield queue
    finally:
        celery_app.control.purge()
        queue.close()


def payload(vendor: Vendor, component: Component, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Archive probe",
        "vendor": vendor.pk,
        "component": component.pk,
        "ae_title": "ARCHIVE",
        "host": "pacs.hospital.example",
        "port": 11112,
        "test_study_uid": "1.2.826.0.1.3680043.8.498.1",
        "rest_url": "http://pacs.hospital.example:8042",
        "rest_username": "probe",
        "rest_password": "api-secret",
    }
    data.update(changes)
    return data


# --- reading ----------------------------------------------------------------------------------


def test_hospital_users_read_probes_with_status_and_last_run_but_never_the_password(
    staff_api: APIClient, vendor: Vendor, archive: Component
) -> None:
    probe = make_probe(vendor, archive)
    record_run(probe)

    response = staff_api.get(PROBES)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    [item] = response.json()["results"]
    assert item["name"] == "Archive probe"
    assert item["has_rest_password"] is True
    assert item["rest_username"] == "probe"
    assert "rest_password" not in item
    assert "clear_rest_password" not in item
    assert (item["status"], item["status_label"]) == ("reachable", "Reachable")
    assert item["open_incident"] is None
    assert [check["check"] for check in item["last_run"]["results"]] == ["echo", "find", "get", "statistics"]
    assert item["last_run"]["results"][0]["duration_ms"] == 12.4
    assert staff_api.get(one(probe)).json()["id"] == probe.pk


def test_vendor_users_read_only_their_own_probes_without_our_credentials(
    vendor_api: APIClient, vendor: Vendor, other_vendor: Vendor
) -> None:
    own = fail_for_real(make_probe(vendor, name="Our probe", failure_threshold=1))
    foreign = make_probe(other_vendor, name="Their probe")
    record_run(foreign)

    response = vendor_api.get(PROBES)
    [item] = response.json()["results"]
    assert item["name"] == "Our probe"
    assert item["status"] == "failing"
    assert item["status_label"].startswith("Failing since ")
    assert item["open_incident"] == Incident.objects.get().pk
    assert "rest_username" not in item
    assert "has_rest_password" not in item
    assert SECRET not in response.content.decode()
    assert vendor_api.get(one(foreign)).status_code == 404
    assert vendor_api.get(f"{one(foreign)}runs/").status_code == 404
    assert vendor_api.get(f"{one(own)}runs/").json()["results"][0]["reachable"] is False


def test_filters_by_status(staff_api: APIClient, vendor: Vendor) -> None:
    make_probe(vendor, name="Never")
    record_run(make_probe(vendor, name="Healthy"))
    record_run(make_probe(vendor, name="Partial"), retrieve_ok=False)

    def names(status: str) -> list[str]:
        return [item["name"] for item in staff_api.get(PROBES, {"status": status}).json()["results"]]

    assert names("never") == ["Never"]
    assert names("reachable") == ["Healthy"]
    assert names("partial") == ["Partial"]
    assert names("failing") == []
    assert staff_api.get(PROBES, {"status": "sideways"}).status_code == 400


def test_runs_come_newest_first_by_cursor(staff_api: APIClient, vendor: Vendor) -> None:
    probe = make_probe(vendor)
    start = timezone.now() - datetime.timedelta(hours=1)
    for minutes in range(5):
        record_run(probe, start + datetime.timedelta(minutes=minutes), retrieve_ok=minutes != 2)

    page = staff_api.get(f"{one(probe)}runs/", {"page_size": 2}).json()
    starts = [run["started_at"] for run in page["results"]]
    assert len(starts) == 2
    assert starts == sorted(starts, reverse=True)
    second = staff_api.get(page["next"]).json()
    assert [run["ok"] for run in second["results"]] == [False, True]
    assert second["results"][0]["results"][2] | {"started_at": None} == {
        "check": "get",
        "ok": False,
        "skipped": False,
        "started_at": None,
        "duration_ms": None,
        "reason": "C-GET failed: status 0xA701",
        "values": {},
    }


def test_list_and_runs_cost_the_same_queries_for_more_rows(staff_api: APIClient, vendor: Vendor) -> None:
    probe = make_probe(vendor, name="Probe 0")
    record_run(probe)
    fail_for_real(make_probe(vendor, name="Failing 0", failure_threshold=1))

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_api.get(path).status_code == 200
        return len(queries)

    few = (count(PROBES), count(f"{one(probe)}runs/"))
    for number in range(1, 6):
        record_run(make_probe(vendor, name=f"Probe {number}"))
        record_run(probe, timezone.now() - datetime.timedelta(minutes=number))
    fail_for_real(make_probe(vendor, name="Failing 1", failure_threshold=1))
    assert (count(PROBES), count(f"{one(probe)}runs/")) == few


# --- writing ----------------------------------------------------------------------------------


def test_an_admin_creates_a_probe_and_the_password_is_write_only(
    admin_api: APIClient, vendor: Vendor, archive: Component
) -> None:
    response = admin_api.post(PROBES, payload(vendor, archive), format="json")

    assert response.status_code == 201, response.json()
    assert "api-secret" not in response.content.decode()
    data = response.json()
    assert data["has_rest_password"] is True
    assert data["status"] == "never"
    assert data["last_run"] is None
    probe = Probe.objects.get()
    assert (probe.rest_password, probe.component, probe.active) == ("api-secret", archive, True)


def test_bad_input_answers_400_with_messages_by_field(
    admin_api: APIClient, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign viewer")

    response = admin_api.post(
        PROBES,
        payload(vendor, foreign, ae_title="ARCH\\IVE", calling_ae_title="DESK\u00c4", test_study_uid="study-1"),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["component"] == [f"“Foreign viewer (Main campus)” is not a component of {vendor.name}."]
    assert errors["ae_title"] == ["An AE title cannot contain a backslash."]
    assert errors["calling_ae_title"] == ["An AE title uses plain ASCII letters, digits, spaces and punctuation only."]
    assert "digits separated by dots" in errors["test_study_uid"][0]

    response = admin_api.post(
        PROBES, payload(vendor, archive, ae_title="A" * 17, calling_ae_title="  ", port=0), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"ae_title", "calling_ae_title", "port"}
    assert not Probe.objects.exists()


def test_updates_keep_the_password_unless_replaced_or_cleared(
    admin_api: APIClient, vendor: Vendor, archive: Component
) -> None:
    probe = make_probe(vendor, archive)

    response = admin_api.patch(one(probe), {"name": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["has_rest_password"] is True
    response = admin_api.put(one(probe), payload(vendor, archive, rest_password=""), format="json")
    assert response.status_code == 200
    probe.refresh_from_db()
    assert (probe.name, probe.rest_password) == ("Archive probe", SECRET)

    admin_api.patch(one(probe), {"rest_password": "rotated"}, format="json")
    probe.refresh_from_db()
    assert probe.rest_password == "rotated"
    both = admin_api.patch(one(probe), {"rest_password": "x", "clear_rest_password": True}, format="json")
    assert both.status_code == 400
    assert "rest_password" in both.json()
    response = admin_api.patch(one(probe), {"clear_rest_password": True}, format="json")
    assert response.json()["has_rest_password"] is False
    probe.refresh_from_db()
    assert probe.rest_password == ""


def test_probes_are_not_deleted_and_only_hospital_admins_write(
    admin_api: APIClient, staff_api: APIClient, vendor_api: APIClient, vendor: Vendor, archive: Component
) -> None:
    probe = make_probe(vendor, archive)
    record_run(probe)

    assert admin_api.delete(one(probe)).status_code == 405
    assert admin_api.patch(one(probe), {"active": False}, format="json").json()["active"] is False
    for api in (staff_api, vendor_api):
        assert api.post(PROBES, payload(vendor, archive), format="json").status_code == 403
        assert api.patch(one(probe), {"name": "changed"}, format="json").status_code == 403
        assert api.post(f"{one(probe)}run/").status_code == 403
    probe.refresh_from_db()
    assert probe.name == "Archive probe"
    assert ProbeRun.objects.count() == 1


def test_run_now_is_queued_and_answers_202(
    admin_api: APIClient, vendor: Vendor, archive: Component, broker: Broker, django_capture_on_commit_callbacks
) -> None:
    probe = make_probe(vendor, archive)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(f"{one(probe)}run/")
    assert response.status_code == 202
    assert response.json() == {"detail": "Run queued.", "probe": probe.pk}
    assert broker.tasks() == [QueuedTask(name="kpis.tasks.run_probe", args=[probe.pk])]

    Probe.objects.filter(pk=probe.pk).update(active=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_api.post(f"{one(probe)}run/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This probe is inactive; activate it before running it."]}
    assert callbacks == []


def test_an_admin_creates_hl7_and_tls_probes_with_their_own_rules(
    admin_api: APIClient, vendor: Vendor, archive: Component
) -> None:
    hl7 = {
        "name": "Orders",
        "kind": "hl7_mllp",
        "vendor": vendor.pk,
        "component": archive.pk,
        "host": "pacs",
        "port": 2575,
    }
    response = admin_api.post(PROBES, {**hl7, "test_patient_id": "PVD^1"}, format="json")
    assert response.status_code == 400
    assert "HL7 separators" in response.json()["test_patient_id"][0]
    assert not Probe.objects.exists()

    response = admin_api.post(PROBES, {**hl7, "test_patient_id": "PVD-TEST-0001"}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["ae_title"]) == ("hl7_mllp", "")
    tls = {
        "name": "Viewer TLS",
        "kind": "tls",
        "vendor": vendor.pk,
        "component": archive.pk,
        "host": "pacs",
        "port": 443,
    }
    assert admin_api.post(PROBES, tls, format="json").status_code == 201
    assert set(Probe.objects.values_list("kind", "test_patient_id")) == {("hl7_mllp", "PVD-TEST-0001"), ("tls", "")}
