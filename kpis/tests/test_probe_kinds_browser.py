"""HL7 v2 and TLS probes in headless Chromium: the admin adds an HL7 probe of an interface through
the form, reads its page after runs against a real MLLP listener that first refuses the message
(AE) and then accepts it, and reads a TLS probe's certificate expiry. Screenshots go to
test-results/screenshots/."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kpis.models import Probe
from kpis.services.probes import probe_run
from kpis.tests.mllp import HOST, running_listener
from kpis.tests.tls import make_certificate, running_server
from vendors.tests.factories import ComponentFactory, InterfaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hl7_probe_from_the_form_to_its_page(login, live_server, admin_user, vendor, shot) -> None:
    ris = ComponentFactory(vendor=vendor, name="RIS/HL7 Interface Engine", site="Data centre 1")
    pacs = ComponentFactory(vendor=vendor, name="Enterprise Archive", site="Data centre 1")
    InterfaceFactory(name="Orders (ORM^O01)", source=ris, target=pacs)

    with running_listener() as listener:
        page = login(admin_user)
        page.goto(f"{live_server.url}/kpis/probes/add/")
        page.locator("#id_name").fill("Orders to the PACS")
        page.locator("#id_kind").select_option(label="HL7 v2 over MLLP")
        page.locator("#id_vendor").select_option(label=vendor.name)
        page.locator("#id_component").select_option(label="Enterprise Archive (Data centre 1)")
        page.locator("#id_interface").select_option(label=f"Orders (ORM^O01) ({ris} → {pacs})")
        page.locator("#id_host").fill(HOST)
        page.locator("#id_port").fill(str(listener.port))
        page.locator("#id_hl7_message_type").select_option(label="ORM^O01 (order)")
        page.locator("#id_test_patient_id").fill("PVD-TEST-0001")
        page.locator("#id_hl7_receiving_application").fill("PACS")
        shot(page, "form")
        page.get_by_role("button", name="Create").click()
        expect(page.get_by_role("heading", name="Orders to the PACS")).to_be_visible()
        probe = Probe.objects.get(name="Orders to the PACS")
        assert (probe.kind, probe.port, probe.hl7_message_type) == ("hl7_mllp", listener.port, "ORM^O01")

        listener.mode, listener.reason = "AE", "Unknown order placer"
        probe_run(probe=probe)
        page.reload()
        shot(page, "refused")
        expect(page.get_by_text("acknowledged AE (application error): Unknown order placer").first).to_be_visible()
        shot(page, "refused")
        listener.mode, listener.reason = "AA", ""
        probe_run(probe=probe)
        page.reload()
        expect(page.get_by_text("HL7 ACK", exact=True)).to_be_visible()
        expect(page.get_by_text(f"mllp://{HOST}:{listener.port}")).to_be_visible()
        expect(page.get_by_role("columnheader", name="HL7 ACK (MLLP)")).to_be_visible()
        shot(page, "accepted")


def test_a_tls_probe_shows_its_certificates_end(login, live_server, admin_user, vendor, tmp_path: Path, shot) -> None:
    not_after = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=20, hours=12)
    with running_server(make_certificate(tmp_path, not_after=not_after)) as server:
        probe = Probe.objects.create(
            vendor=vendor,
            component=ComponentFactory(vendor=vendor, name="Clinical Web Viewer"),
            kind=Probe.Kind.TLS,
            name="Web viewer TLS",
            host=HOST,
            port=server.port,
            timeout_seconds=2,
        )
        probe_run(probe=probe)
    page = login(admin_user)
    page.goto(f"{live_server.url}/kpis/probes/{probe.pk}/")
    expect(page.get_by_text(f"certificate valid until {not_after:%Y-%m-%d}").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="TLS handshake and certificate")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Echo (C-ECHO)")).to_have_count(0)
    shot(page, "detail")
