"""Input that cannot hurt, on KPIs: a KPI's values, targets and samples lie within a billion either
way, a probe's settings within their ranges (400 in the API, a check in the database), and a
probe's failure reason of any length still opens its incident."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from core import limits
from kpis.models import Kpi, KpiSample, Probe, Source
from kpis.services.probes import _track_reachability
from kpis.services.samples import SampleInput, samples_ingest
from kpis.tests.factories import make_probe
from kpis.tests.test_api import item
from kpis.tests.test_probe_api import payload
from slas.models import Incident
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


def test_a_sample_beyond_a_billion_is_refused_with_the_range(admin_api: APIClient, vendor: Vendor) -> None:
    response = admin_api.post("/api/v1/kpi-samples/", [item("prior_availability", vendor, "2000000000")], format="json")
    assert response.status_code == 400
    assert response.json() == {"samples": {"0": ["The value must be from -1,000,000,000 to 1,000,000,000."]}}
    assert not KpiSample.objects.exists()


def test_a_kpi_target_beyond_a_billion_is_refused(admin_api: APIClient) -> None:
    kpi = Kpi.objects.get(code="uptime")
    response = admin_api.patch(f"/api/v1/kpis/{kpi.pk}/", {"target": "5000000000"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"target": ["Ensure this value is less than or equal to 1000000000."]}


def test_a_probe_timeout_past_five_minutes_is_refused(admin_api: APIClient, vendor: Vendor) -> None:
    archive = ComponentFactory(vendor=vendor)
    response = admin_api.post("/api/v1/probes/", payload(vendor, archive, timeout_seconds=3600), format="json")
    assert response.status_code == 400
    assert response.json() == {"timeout_seconds": ["Ensure this value is less than or equal to 300."]}
    assert not Probe.objects.exists()


def test_the_database_refuses_kpi_values_and_probe_settings_outside_their_range(vendor: Vendor) -> None:
    samples_ingest(
        samples=[SampleInput("prior_availability", vendor.pk, timezone.now() - datetime.timedelta(hours=1), 96)],
        user=None,
        source=Source.MANUAL,
    )
    probe = make_probe(vendor=vendor, user=None, marker="range")
    for rows, change in (
        (KpiSample.objects.all(), {"value": Decimal("1000000000.0001")}),
        (Kpi.objects.filter(code="uptime"), {"target": Decimal("-1000000001")}),
        (Probe.objects.filter(pk=probe.pk), {"timeout_seconds": 301}),
        (Probe.objects.filter(pk=probe.pk), {"port": 0}),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)


def test_a_failure_reason_of_any_length_still_opens_the_incident(vendor: Vendor) -> None:
    probe = make_probe(vendor=vendor, user=None, marker="long")
    Probe.objects.filter(pk=probe.pk).update(failure_threshold=1)
    probe.refresh_from_db()
    _track_reachability(probe, False, timezone.now(), "connection reset: " + "x" * 50_000)
    incident = Incident.objects.get()
    assert incident.title == "long archive probe not answering"
    assert len(incident.summary) == limits.MESSAGE_LENGTH
    assert incident.summary.startswith("Opened by our probe after 1 failed runs: connection reset: xxx")
