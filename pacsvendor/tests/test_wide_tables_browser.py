"""The widest lists fit a laptop: at 1366x768 the incident and contract tables show every row
without scrolling sideways, in the hospital and in the portal."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from accounts.tests.two_factor import browser_sign_in
from slas.models import Impact, Incident
from slas.tests.factories import incident_for
from vendors.tests.factories import ComponentFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LAPTOP = {"width": 1366, "height": 768}


def _fits(page: Page, path: str) -> None:
    page.goto(path)
    widths = page.evaluate(
        "() => { const box = document.querySelector('.table-responsive');"
        " return [box.scrollWidth, box.clientWidth, document.querySelectorAll('tbody tr').length]; }"
    )
    scroll, client, rows = widths
    assert rows >= 3, path
    assert scroll <= client, f"{path}: the table is {scroll - client} px wider than its box"


def test_incidents_and_contracts_fit_1366_pixels(
    live_server, page: Page, admin_user, vendor, vendor_user, shot
) -> None:
    archive = ComponentFactory(vendor=vendor, name="Enterprise Archive")
    broker = ComponentFactory(vendor=vendor, name="Modality Worklist Broker")
    now = timezone.now()
    for hours, impact, attributable in (
        (3, Impact.DEGRADED, "yes"),
        (30, Impact.DOWN, "disputed"),
        (80, Impact.DOWN, "no"),
    ):
        incident_for(
            vendor,
            title="Prior studies not retrieving from the archive",
            started_at=now - datetime.timedelta(hours=hours),
            ended_at=None if hours == 3 else now - datetime.timedelta(hours=hours - 2),
            impact=impact,
            components=[archive, broker],
            detected_by=Incident.DetectedBy.MONITORING,
            cause_category=Incident.Cause.CONFIGURATION,
            vendor_attributable=attributable,
        )
    for number, title in enumerate(
        ("PACS support and maintenance, enterprise", "PACS licence and support, first term", "Viewer licences")
    ):
        ContractFactory(
            vendor=vendor,
            reference=f"MIS-2024-{number:03d}",
            title=title,
            annual_fee=185000,
            renewal_notice_days=180,
            auto_renew=number == 1,
        )

    page.set_viewport_size(LAPTOP)
    for user, paths in (
        (admin_user, ("/sla/incidents/", "/contracts/")),
        (vendor_user, ("/portal/incidents/", "/portal/contracts/")),
    ):
        browser_sign_in(page, live_server.url, user)
        for path in paths:
            _fits(page, live_server.url + path)
            shot(page, path.strip("/").replace("/", "-"))
