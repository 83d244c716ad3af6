"""DICOMweb and FHIR probes and interface health in headless Chromium: the admin adds a DICOMweb
probe of an interface through the form, runs it against a real local DICOMweb server, a FHIR probe
of another interface fails; the vendor dashboard, the KPI overview and the component page show
each interface's state. Screenshots go to test-results/screenshots/."""

import pytest
from playwright.sync_api import expect

from kpis.models import Probe
from kpis.services.probe_config import probe_save
from kpis.services.probes import probe_run
from kpis.tests import test_probing_dicomweb as dicomweb
from kpis.tests import test_probing_fhir as fhir
from kpis.tests.httpd import running_responder
from vendors.tests.factories import ComponentFactory, InterfaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dicomweb_and_fhir_probes_and_the_health_of_interfaces(login, live_server, admin_user, vendor, shot) -> None:
    viewer = ComponentFactory(vendor=vendor, name="Clinical Web Viewer", site="Data centre 1")
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Data centre 1")
    ehr = ComponentFactory(vendor=vendor, name="EHR FHIR Gateway", site="Data centre 1")
    retrieval = InterfaceFactory(name="Viewer retrieval (QIDO-RS, WADO-RS)", source=viewer, target=archive)
    studies = InterfaceFactory(name="Imaging studies to the EHR (FHIR)", source=archive, target=ehr)
    InterfaceFactory(name="Report status (ORU^R01)", source=archive, target=viewer)

    with running_responder(dict(dicomweb.ROUTES)) as pacs, running_responder(dict(fhir.ROUTES)) as gateway:
        page = login(admin_user)
        page.goto(f"{live_server.url}/kpis/probes/add/")
        page.locator("#id_name").fill("Viewer retrieval")
        page.locator("#id_kind").select_option(label="DICOMweb (QIDO-RS, WADO-RS)")
        page.locator("#id_vendor").select_option(label=vendor.name)
        page.locator("#id_component").select_option(label="Enterprise Archive (Data centre 1)")
        page.locator("#id_interface").select_option(label=f"{retrieval.name} ({viewer} → {archive})")
        page.locator("#id_base_url").fill(pacs.url(dicomweb.ROOT))
        page.locator("#id_test_study_uid").fill(dicomweb.STUDY)
        page.locator("#id_http_auth").select_option(label="Bearer token (in the password field)")
        page.locator("#id_rest_password").fill("viewer-token")
        shot(page, "form")
        page.get_by_role("button", name="Create").click()
        expect(page.get_by_role("heading", name="Viewer retrieval")).to_be_visible()
        probe = Probe.objects.get(name="Viewer retrieval")
        probe_run(probe=probe)
        page.reload()
        expect(page.get_by_role("columnheader", name="Study search (QIDO-RS)")).to_be_visible()
        shot(page, "dicomweb-probe")
        assert pacs.requests[0].headers["Authorization"] == "Bearer viewer-token"

        gateway.mode = "error"
        fhir_probe = probe_save(
            probe=Probe(
                vendor=vendor,
                component=archive,
                interface=studies,
                kind=Probe.Kind.FHIR,
                name="EHR FHIR",
                base_url=gateway.url(fhir.ROOT),
                fhir_search=fhir.SEARCH,
                timeout_seconds=1,
                failure_threshold=1,
            )
        )
        probe_run(probe=fhir_probe)

    page.goto(f"{live_server.url}/kpis/dashboard/{vendor.pk}/")
    health = page.get_by_test_id("interface-health")
    expect(health.get_by_text("Incident open", exact=True)).to_be_visible()
    expect(health.get_by_text("Healthy", exact=True)).to_be_visible()
    expect(health.get_by_text("No probe", exact=True)).to_be_visible()
    shot(page, "dashboard")

    page.goto(f"{live_server.url}/kpis/dashboard/")
    expect(page.get_by_text(f"{studies.name}: Incident open")).to_be_visible()
    shot(page, "overview")

    page.goto(f"{live_server.url}/components/{archive.pk}/")
    expect(page.get_by_role("columnheader", name="Monitoring")).to_be_visible()
    shot(page, "component")
