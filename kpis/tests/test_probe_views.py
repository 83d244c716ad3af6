"""Probe pages: the hospital list, form and probe page (staff read, admins change), "Run now"
through the real task queue, switching probes off instead of deleting them; and the vendor's
read-only probe pages in the portal."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone

from core.testing.queries import queries_per_path
from kpis.models import Probe, ProbeRun
from kpis.tests.orthanc import OrthancServer
from kpis.tests.probe_support import SECRET, fail_for_real, make_probe, record_run
from notifications.tests.support import Broker, QueuedTask
from pacsvendor import celery_app
from slas.models import Incident
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory, InterfaceFactory

pytestmark = pytest.mark.django_db

LIST = "/kpis/probes/"
ADD = "/kpis/probes/add/"
PORTAL_LIST = "/portal/probes/"


def detail(probe: Probe) -> str:
    return f"/kpis/probes/{probe.pk}/"


def body(response: object) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Main campus")


@pytest.fixture
def broker() -> Iterator[Broker]:
    """The Celery queue in Redis, emptied before and after the test (nothing consumes it here)."""
    queue = Broker()
    queue.reset()
    try:
        yield queue
    finally:
        celery_app.control.purge()
        queue.close()


def form_data(vendor: Vendor, component: Component, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Archive probe",
        "kind": "dicom",
        "vendor": vendor.pk,
        "component": component.pk,
        "ae_title": " ARCHIVE ",
        "host": "pacs.hospital.example",
        "port": 11112,
        "calling_ae_title": "PACSVENDORDESK",
        "test_study_uid": "1.2.826.0.1.3680043.8.498.1",
        "hl7_message_type": "ADT^A08",
        "hl7_sending_application": "PACSVENDORDESK",
        "rest_url": "http://pacs.hospital.example:8042",
        "rest_username": "probe",
        "rest_password": "",
        "interval_minutes": 5,
        "timeout_seconds": 10,
        "failure_threshold": 3,
        "storage_capacity_gb": "",
        "active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_probe_without_credentials_says_so_in_words(staff_client: Client, vendor: Vendor, archive: Component) -> None:
    signed_out = make_probe(vendor, archive, name="Open statistics", rest_username="", rest_password="")
    page = body(staff_client.get(detail(signed_out)))
    assert "Not set: statistics are read without signing in" in page
    assert ">None<" not in page
    without_rest = make_probe(vendor, archive, name="Echo only", rest_url="", rest_username="", rest_password="")
    assert "REST password" not in body(staff_client.get(detail(without_rest)))


# --- who may do what --------------------------------------------------------------------------


def test_staff_read_the_list_and_a_probe_page_but_change_nothing(
    staff_client: Client, vendor: Vendor, archive: Component
) -> None:
    probe = make_probe(vendor, archive)
    record_run(probe)

    listing = body(staff_client.get(LIST))
    assert "Archive probe" in listing
    assert "ARCHIVE@<wbr>pacs.hospital.example:104" in listing
    assert "echo 12 ms · find 34 ms · retrieve 156 ms" in listing
    assert f'href="{ADD}"' not in listing
    page = body(staff_client.get(detail(probe)))
    assert "Enterprise Archive (Main campus)" in page
    assert "Stored (never shown)" in page
    assert SECRET not in page
    assert "Run now" not in page
    assert "Deactivate" not in page
    assert "/edit/" not in page

    for path in (ADD, f"{detail(probe)}edit/"):
        assert staff_client.get(path).status_code == 403
    for path in (ADD, f"{detail(probe)}edit/", f"{detail(probe)}run/", f"{detail(probe)}active/"):
        assert staff_client.post(path, {"active": "0", "name": "changed"}).status_code == 403
    probe.refresh_from_db()
    assert (probe.name, probe.active, ProbeRun.objects.count()) == ("Archive probe", True, 1)


def test_vendor_users_reach_no_hospital_probe_page(vendor_client: Client, vendor: Vendor, archive: Component) -> None:
    probe = make_probe(vendor, archive)
    for path in (LIST, ADD, detail(probe), f"{detail(probe)}edit/"):
        assert vendor_client.get(path).status_code == 404
    assert vendor_client.post(f"{detail(probe)}run/").status_code == 404


def test_the_kpis_menu_links_to_the_probes(staff_client: Client) -> None:
    assert f'href="{LIST}"' in body(staff_client.get("/kpis/"))


# --- the list ---------------------------------------------------------------------------------


@pytest.fixture
def four_states(vendor: Vendor, other_vendor: Vendor) -> dict[str, Probe]:
    never = make_probe(vendor, name="Viewer probe")
    healthy = make_probe(vendor, name="Archive probe")
    record_run(healthy)
    partial = make_probe(vendor, name="Worklist probe")
    record_run(partial, retrieve_ok=False)
    failing = fail_for_real(make_probe(other_vendor, name="VNA probe", failure_threshold=1))
    return {"never": never, "healthy": healthy, "partial": partial, "failing": failing}


def test_each_probe_shows_its_state_in_words_and_colour(admin_client: Client, four_states: dict[str, Probe]) -> None:
    listing = body(admin_client.get(LIST))

    assert '<span class="badge text-bg-secondary">Never run</span>' in listing
    assert '<span class="badge text-bg-success">Reachable</span>' in listing
    assert '<span class="badge text-bg-warning">Reachable, some checks failing</span>' in listing
    failing = four_states["failing"]
    since = timezone.localtime(failing.failing_since).strftime("%Y-%m-%d %H:%M")
    assert f'<span class="badge text-bg-danger">Failing since {since}</span>' in listing
    incident = Incident.objects.get()
    assert incident.detected_by == Incident.DetectedBy.MONITORING
    assert f'href="/sla/incidents/{incident.pk}/">INC-{incident.pk}</a>' in listing

    page = body(admin_client.get(detail(failing)))
    assert "connection refused" in page
    assert "Unreachable" in page
    assert f"INC-{incident.pk}" in page


def names_listed(client: Client, query: dict[str, object]) -> list[str]:
    page = body(client.get(LIST, query))
    return re.findall(r'<a href="/kpis/probes/\d+/">([^<]+)</a>', page)


def test_filters_by_status_vendor_and_active_and_they_stick(
    admin_client: Client, four_states: dict[str, Probe], other_vendor: Vendor
) -> None:
    assert names_listed(admin_client, {"status": "never"}) == ["Viewer probe"]
    assert names_listed(admin_client, {"status": "reachable"}) == ["Archive probe"]
    assert names_listed(admin_client, {"status": "partial"}) == ["Worklist probe"]
    assert names_listed(admin_client, {"status": "failing"}) == ["VNA probe"]
    assert names_listed(admin_client, {"vendor": other_vendor.pk}) == ["VNA probe"]
    Probe.objects.filter(pk=four_states["never"].pk).update(active=False)
    assert names_listed(admin_client, {"active": "false"}) == ["Viewer probe"]
    assert '<span class="badge text-bg-secondary">Inactive</span>' in body(admin_client.get(LIST, {"active": "false"}))

    back = admin_client.get(LIST)
    assert back.status_code == 302
    assert back["Location"] == f"{LIST}?active=false"
    export = body(admin_client.get(LIST, {"status": "failing", "export": "csv"})).splitlines()
    assert export[0].startswith("Name,Vendor,Component,Endpoint,Every,Active,Last run,Status")
    assert "VNA probe" in export[1]
    assert "Failing since" in export[1]
    assert "INC-" in export[1]


def test_the_list_costs_the_same_queries_for_more_probes(admin_client: Client, vendor: Vendor) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            probe = make_probe(vendor, name=f"Probe {Probe.objects.count()}")
            record_run(probe)
        fail_for_real(make_probe(vendor, name=f"Failing {Probe.objects.count()}", failure_threshold=1))

    add(1)
    few = queries_per_path(admin_client, [LIST])[LIST]
    add(6)
    many = queries_per_path(admin_client, [LIST])[LIST]
    assert many == few
    assert body(admin_client.get(LIST)).count('text-bg-danger">Failing since') == 2


# --- adding and editing -----------------------------------------------------------------------


def test_the_form_offers_only_the_chosen_vendors_components(
    admin_client: Client, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    ComponentFactory(vendor=other_vendor, name="Foreign viewer")

    form = body(admin_client.get(ADD, {"vendor": vendor.pk}))
    assert "Enterprise Archive (Main campus)" in form
    assert "Foreign viewer" not in form
    assert 'hx-get="/vendors/choices/kpis.forms.probes.ProbeForm/"' in form
    options = body(admin_client.get("/vendors/choices/kpis.forms.probes.ProbeForm/", {"vendor": other_vendor.pk}))
    assert options.startswith('<select id="id_component" hx-swap-oob="innerHTML">')
    assert '<option value="" selected>— choose a component —</option>' in options
    assert "Foreign viewer" in options
    assert "Enterprise Archive" not in options


def test_an_admin_adds_a_probe_and_lands_on_its_page(admin_client: Client, vendor: Vendor, archive: Component) -> None:
    response = admin_client.post(ADD, form_data(vendor, archive, rest_password="first-pw"))

    probe = Probe.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(probe)
    assert (probe.ae_title, probe.rest_password, probe.active) == ("ARCHIVE", "first-pw", True)
    assert probe.component == archive
    page = body(admin_client.get(detail(probe)))
    assert "Probe “Archive probe” created." in page
    assert "Never run" in page
    assert "No run yet." in page
    assert "first-pw" not in page


def test_an_admin_adds_an_hl7_probe_of_an_interface(admin_client: Client, vendor: Vendor, archive: Component) -> None:
    ris = ComponentFactory(vendor=vendor, name="RIS/HL7 Interface Engine")
    orders = InterfaceFactory(name="Orders (ORM^O01)", source=ris, target=archive)
    form = admin_client.get(ADD, {"vendor": vendor.pk}).content.decode()
    assert "Orders (ORM^O01) (RIS/HL7 Interface Engine (Main campus) → Enterprise Archive" in form
    data = form_data(
        vendor,
        archive,
        name="Orders to the PACS",
        kind="hl7_mllp",
        interface=orders.pk,
        ae_title="",
        test_study_uid="",
        rest_url="",
        rest_username="",
        hl7_message_type="ORM^O01",
        hl7_receiving_application="PACS",
        test_patient_id=" PVD-TEST-0001 ",
        port=2575,
    )

    response = admin_client.post(ADD, data)

    probe = Probe.objects.get()
    assert response.status_code == 302
    assert (probe.kind, probe.interface, probe.test_patient_id) == ("hl7_mllp", orders, "PVD-TEST-0001")
    page = body(admin_client.get(detail(probe)))
    assert "HL7 v2 over MLLP" in page
    assert "mllp://pacs.hospital.example:2575" in page
    assert "ORM^O01 (order) about test patient" in page
    assert f'href="/interfaces/{orders.pk}/"' in page
    refused = admin_client.post(ADD, {**data, "name": "Second", "test_patient_id": "A|B"})
    assert refused.status_code == 200
    assert "HL7 separators" in body(refused)
    assert Probe.objects.count() == 1


def test_form_errors_are_shown_at_their_fields_and_nothing_is_saved(
    admin_client: Client, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign viewer")

    response = admin_client.post(
        ADD,
        form_data(
            vendor, foreign, calling_ae_title="OUR\\AE", test_study_uid="1.2.abc", ae_title="ARCHÍV", rest_password="x"
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["component"] == [f"“Foreign viewer (Main campus)” is not a component of {vendor.name}."]
    assert errors["calling_ae_title"] == ["An AE title cannot contain a backslash."]
    assert errors["ae_title"] == ["An AE title uses plain ASCII letters, digits, spaces and punctuation only."]
    assert "digits separated by dots" in errors["test_study_uid"][0]
    assert 'value="x"' not in body(response)  # a typed password is not sent back either

    response = admin_client.post(ADD, form_data(vendor, archive, ae_title="A" * 17, port=70000, interval_minutes=0))
    errors = response.context["form"].errors
    assert set(errors) == {"ae_title", "port", "interval_minutes"}
    assert not Probe.objects.exists()


def test_the_password_is_never_shown_and_kept_unless_replaced_or_cleared(
    admin_client: Client, vendor: Vendor, archive: Component
) -> None:
    probe = make_probe(vendor, archive)
    edit = f"{detail(probe)}edit/"

    form = body(admin_client.get(edit))
    assert SECRET not in form
    [password_input] = re.findall(r'<input[^>]*name="rest_password"[^>]*>', form)
    assert 'type="password"' in password_input
    assert "value=" not in password_input
    assert "A password is stored. Leave blank to keep it." in form
    assert "Clear the stored password" in form

    admin_client.post(edit, form_data(vendor, archive, name="Renamed probe"))
    probe.refresh_from_db()
    assert (probe.name, probe.rest_password) == ("Renamed probe", SECRET)

    refused = admin_client.post(edit, form_data(vendor, archive, rest_password="new-pw", clear_rest_password="on"))
    assert refused.context["form"].errors["rest_password"] == [
        "Either type a new password or clear the stored one, not both."
    ]
    assert "new-pw" not in body(refused)
    admin_client.post(edit, form_data(vendor, archive, rest_password="new-pw"))
    probe.refresh_from_db()
    assert probe.rest_password == "new-pw"

    orphan = admin_client.post(edit, form_data(vendor, archive, rest_username=""))
    assert orphan.context["form"].errors["rest_username"] == ["Give the user name that goes with the REST password."]
    admin_client.post(edit, form_data(vendor, archive, clear_rest_password="on"))
    probe.refresh_from_db()
    assert probe.rest_password == ""
    assert "Clear the stored password" not in body(admin_client.get(edit))


def test_a_probe_with_runs_keeps_its_vendor(
    admin_client: Client, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    probe = make_probe(vendor, archive)
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign archive")
    edit = f"{detail(probe)}edit/"
    record_run(probe)

    response = admin_client.post(edit, form_data(other_vendor, foreign))
    assert "cannot move to another vendor" in response.context["form"].errors["vendor"][0]
    probe.refresh_from_db()
    assert probe.vendor == vendor


# --- run now, on and off ----------------------------------------------------------------------


def test_run_now_queues_the_probe_task_and_what_runs_is_recorded(
    admin_client: Client,
    vendor: Vendor,
    archive: Component,
    orthanc: OrthancServer,
    broker: Broker,
    django_capture_on_commit_callbacks,
) -> None:
    probe = make_probe(
        vendor,
        archive,
        ae_title=orthanc.ae_title,
        host=orthanc.host,
        port=orthanc.dicom_port,
        calling_ae_title=orthanc.calling_ae_title,
        test_study_uid=orthanc.study_uid,
        rest_url=orthanc.http_url,
        rest_username=orthanc.username,
        rest_password=orthanc.password,
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(f"{detail(probe)}run/")
    assert response.status_code == 302
    assert response["Location"] == detail(probe)
    assert len(callbacks) == 1
    queued = broker.tasks()
    assert queued == [QueuedTask(name="kpis.tasks.run_probe", args=[probe.pk])]
    assert not ProbeRun.objects.exists()  # queued, not run in the request

    # What a worker does with that message:
    celery_app.tasks[queued[0].name](*queued[0].args)
    run = ProbeRun.objects.get(probe=probe)
    assert run.ok, run.results
    page = body(admin_client.get(detail(probe)))
    assert f"A run of “{probe.name}” is queued." in page
    assert "All checks OK" in page
    assert '<span class="badge text-bg-success fs-6 align-middle">Reachable</span>' in page
    assert re.search(r"[KMG]B used, \d+ stud(y|ies)", page)  # Orthanc's statistics were read
    assert orthanc.password not in page


def test_run_now_refuses_an_inactive_probe(
    admin_client: Client, vendor: Vendor, archive: Component, django_capture_on_commit_callbacks
) -> None:
    probe = make_probe(vendor, archive, active=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(f"{detail(probe)}run/", follow=True)
    assert callbacks == []
    assert "This probe is inactive; activate it before running it." in body(response)


@pytest.mark.django_db(transaction=True)
def test_run_now_says_so_when_the_task_queue_is_down(admin_client: Client, vendor: Vendor, monkeypatch) -> None:
    """Outside a test transaction, as in production: the queueing happens when the view's
    transaction commits, and a broker that cannot be reached is reported, not a server error."""
    from kombu.exceptions import OperationalError

    from kpis.services import probe_config

    def broker_down(probe_id: int) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(probe_config, "_send_run", broker_down)
    probe = make_probe(vendor)
    response = admin_client.post(f"{detail(probe)}run/", follow=True)
    assert response.status_code == 200
    assert "The task queue cannot be reached right now; the probe will run at its next interval." in body(response)


def test_probes_are_switched_off_not_deleted(admin_client: Client, vendor: Vendor, archive: Component) -> None:
    probe = fail_for_real(make_probe(vendor, archive, failure_threshold=1))
    incident = Incident.objects.get()

    response = admin_client.post(f"{detail(probe)}active/", {"active": "0"}, follow=True)
    page = body(response)
    assert f"Its incident INC-{incident.pk} stays open until someone ends it." in page
    assert "Activate" in page
    assert "Run now" not in page
    probe.refresh_from_db()
    assert not probe.active
    assert admin_client.get(f"{detail(probe)}delete/").status_code == 404

    admin_client.post(f"{detail(probe)}active/", {"active": "1"})
    probe.refresh_from_db()
    assert probe.active
    assert ProbeRun.objects.filter(probe=probe).count() == 1


# --- the vendor portal ------------------------------------------------------------------------


def test_the_vendor_sees_its_own_probes_without_our_credentials(
    vendor_client: Client, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    own = make_probe(vendor, archive, name="Our archive probe")
    record_run(own)
    failing = fail_for_real(make_probe(vendor, name="Our VNA probe", failure_threshold=1))
    foreign = make_probe(other_vendor, name="Their probe")
    incident = Incident.objects.get()

    listing = body(vendor_client.get(PORTAL_LIST))
    assert "Our archive probe" in listing
    assert "Our VNA probe" in listing
    assert "Their probe" not in listing
    assert other_vendor.name not in listing
    assert "echo 12 ms · find 34 ms · retrieve 156 ms" in listing
    assert f'href="/portal/incidents/{incident.pk}/">INC-{incident.pk}</a>' in listing
    assert f'href="/portal/probes/{own.pk}/"' in listing

    page = body(vendor_client.get(f"/portal/probes/{own.pk}/"))
    assert "ARCHIVE@pacs.hospital.example:104" in page
    assert "All checks OK" in page
    assert "2.00 GB used, 420 studies" in page
    assert SECRET not in page
    assert "REST user name" not in page
    assert "REST password" not in page
    assert "Run now" not in page
    assert "/edit/" not in page
    assert "connection refused" in body(vendor_client.get(f"/portal/probes/{failing.pk}/"))
    assert vendor_client.get(f"/portal/probes/{foreign.pk}/").status_code == 404
    assert f'href="{PORTAL_LIST}"' in body(vendor_client.get("/portal/"))


def test_hospital_users_have_no_portal_probe_pages(staff_client: Client, vendor: Vendor) -> None:
    probe = make_probe(vendor)
    assert staff_client.get(PORTAL_LIST).status_code == 404
    assert staff_client.get(f"/portal/probes/{probe.pk}/").status_code == 404


def test_the_portal_list_costs_the_same_queries_for_more_probes(vendor_client: Client, vendor: Vendor) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            record_run(make_probe(vendor, name=f"Probe {Probe.objects.count()}"))
        fail_for_real(make_probe(vendor, name=f"Failing {Probe.objects.count()}", failure_threshold=1))

    add(1)
    few = queries_per_path(vendor_client, [PORTAL_LIST])[PORTAL_LIST]
    add(5)
    assert queries_per_path(vendor_client, [PORTAL_LIST])[PORTAL_LIST] == few
