"""``/api/v1/kpi-samples/`` (bulk ingest, all or nothing; list) and ``/api/v1/kpis/`` (catalogue)."""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kpis.api.views.samples import MAX_BODY_BYTES, MAX_SAMPLES_PER_REQUEST, SamplesJSONParser
from kpis.models import Kpi, KpiRollup, KpiSample, Source
from kpis.services.samples import SampleInput, samples_ingest
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
URL = "/api/v1/kpi-samples/"
CATALOGUE = "/api/v1/kpis/"


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def item(kpi: str, vendor: Vendor, value: object = "1.5", *, component: Component | None = None, **extra: object):
    body = {"kpi": kpi, "vendor": vendor.pk, "measured_at": "2026-10-05T14:30:00+02:00", "value": value}
    if component is not None:
        body["component"] = component.pk
    return {**body, **extra}


# --- bulk ingest ---------------------------------------------------------------------------


def test_an_admin_pushes_a_list_and_every_sample_is_stored_and_rolled_up(
    admin_api: APIClient, admin_user, vendor: Vendor, archive: Component
) -> None:
    items = [
        item("retrieval_time", vendor, 1.25, component=archive),
        item("retrieval_time", vendor, "2.5", component=archive, measured_at="2026-10-05T12:31:00Z"),
        item("report_turnaround", vendor, 7),
    ]
    response = admin_api.post(URL, items, format="json")

    assert response.status_code == 201, response.content
    assert response.json() == {"created": 3}
    stored = {(s.kpi.code, s.value): s for s in KpiSample.objects.select_related("kpi")}
    assert set(stored) == {
        ("retrieval_time", Decimal("1.25")),
        ("retrieval_time", Decimal("2.5")),
        ("report_turnaround", Decimal("7")),
    }
    probe = stored[("retrieval_time", Decimal("2.5"))]
    # A hospital correction of a probe KPI keeps the KPI's source; hand-fed KPIs are manual.
    assert (probe.source, probe.reported_by, probe.reporter) == (Source.PROBE, admin_user, "API")
    assert probe.measured_at == datetime.datetime(2026, 10, 5, 12, 31, tzinfo=datetime.UTC)
    assert probe.component == archive
    assert stored[("report_turnaround", Decimal("7"))].source == Source.MANUAL
    day = KpiRollup.objects.get(
        kpi__code="retrieval_time", component=archive, period="day", period_start=datetime.date(2026, 10, 5)
    )
    assert day.samples == 2


def test_every_bad_item_is_named_by_its_position_and_nothing_is_stored(
    admin_api: APIClient, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    foreign = ComponentFactory(vendor=other_vendor)
    items = [
        item("prior_availability", vendor, 96),  # fine
        item("prior_availability", vendor, measured_at="05.10.2026 14:30"),
        {"vendor": vendor.pk, "value": 1},
        item("prior_availability", vendor, measured_at="2026-10-05T14:30:00"),  # no offset
        item("no_such_kpi", vendor),
        item("prior_availability", vendor, component=foreign),
        item("retrieval_time", vendor),  # per component, none given
        item("prior_availability", vendor, "lots"),
        item("prior_availability", vendor, True),
        "not an object",
        {**item("prior_availability", vendor), "vendor": "seven"},
        item("prior_availability", vendor, measured_at="2099-01-01T00:00:00Z"),  # future, within range
    ]
    response = admin_api.post(URL, items, format="json")

    assert response.status_code == 400
    problems = response.json()["samples"]
    assert sorted(problems, key=int) == [str(n) for n in range(1, 12)]
    assert "is not an ISO 8601 date and time" in problems["1"][0]
    assert problems["2"] == [
        "kpi: give the KPI's code.",
        "measured_at: give an ISO 8601 date and time with its UTC offset.",
    ]
    assert "UTC offset" in problems["3"][0]
    assert "No active KPI" in problems["4"][0]
    assert "not one of this vendor's components" in problems["5"][0]
    assert "per component" in problems["6"][0]
    assert "not a number" in problems["7"][0]
    assert problems["8"] == ["value: give a number."]
    assert "object with kpi, vendor" in problems["9"][0]
    assert "vendor: give the vendor's id" in problems["10"][0]
    assert "future" in problems["11"][0]
    assert not KpiSample.objects.exists()
    assert not KpiRollup.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kpi": "uptime"}, "Send a JSON list of samples."),
        ([], "Send at least one sample."),
        ([{}] * (MAX_SAMPLES_PER_REQUEST + 1), "Send at most 50,000 samples a request."),
    ],
)
def test_a_request_that_is_not_a_list_of_samples_is_refused_whole(admin_api: APIClient, body: object, message: str):
    response = admin_api.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [message]}


def test_the_promised_50_000_samples_fit_in_one_request_beyond_djangos_body_limit(
    admin_api: APIClient, vendor: Vendor, archive: Component, settings
) -> None:
    start = datetime.datetime(2026, 10, 1, tzinfo=BERLIN)
    items = [
        item(
            "retrieval_time",
            vendor,
            f"{1 + n % 97 / 10:.2f}",
            component=archive,
            measured_at=(start + datetime.timedelta(seconds=30 * n)).isoformat(),
        )
        for n in range(MAX_SAMPLES_PER_REQUEST)
    ]
    body = json.dumps(items, indent=2)
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < len(body) <= MAX_BODY_BYTES

    response = admin_api.post(URL, body, content_type="application/json")

    assert response.status_code == 201, response.content[:500]
    assert response.json() == {"created": MAX_SAMPLES_PER_REQUEST}
    assert KpiSample.objects.count() == MAX_SAMPLES_PER_REQUEST


def test_a_body_over_the_endpoints_byte_limit_is_refused_in_json_with_the_limit(
    admin_api: APIClient, vendor: Vendor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SamplesJSONParser, "max_bytes", 1_000)
    body = json.dumps([item("report_turnaround", vendor, n) for n in range(20)])
    assert len(body) > 1_000

    response = admin_api.post(URL, body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"non_field_errors": ["The request body is over the limit of 1,000 bytes."]}
    assert not KpiSample.objects.exists()


def test_the_byte_limit_is_the_one_the_readme_gives() -> None:
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert f"{MAX_BODY_BYTES:,} bytes" in readme


def test_a_body_that_is_not_json_is_a_json_400(admin_api: APIClient) -> None:
    response = admin_api.post(URL, '[{"kpi": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert not KpiSample.objects.exists()


def test_a_vendor_token_reports_its_own_vendor_reported_kpis_only(
    vendor_user, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=vendor_user).key}")

    refused = api.post(
        URL,
        [
            item("prior_availability", vendor, 97),
            item("retrieval_time", vendor, 2, component=archive),  # measured by the hospital
            item("prior_availability", other_vendor, 97),  # another company's figure
        ],
        format="json",
    )
    assert refused.status_code == 400
    problems = refused.json()["samples"]
    assert set(problems) == {"1", "2"}
    assert "vendors report only vendor-reported KPIs" in problems["1"][0]
    assert "own company" in problems["2"][0]
    assert not KpiSample.objects.exists()

    accepted = api.post(URL, [item("prior_availability", vendor, 97), item("ingest_latency", vendor, 4)], format="json")
    assert accepted.status_code == 201, accepted.content
    assert set(KpiSample.objects.values_list("source", "reported_by", "vendor")) == {
        (Source.VENDOR, vendor_user.pk, vendor.pk)
    }


def test_hospital_staff_read_samples_but_do_not_push_them(staff_api: APIClient, vendor: Vendor) -> None:
    response = staff_api.post(URL, [item("report_turnaround", vendor, 5)], format="json")

    assert response.status_code == 403
    assert staff_api.get(URL).status_code == 200
    assert APIClient().post(URL, [item("report_turnaround", vendor, 5)], format="json").status_code == 401
    assert not KpiSample.objects.exists()


def test_a_large_batch_is_stored_with_copy(admin_api: APIClient, vendor: Vendor, archive: Component) -> None:
    start = datetime.datetime(2026, 10, 1, tzinfo=BERLIN)
    items = [
        {
            "kpi": "echo_latency",
            "vendor": vendor.pk,
            "component": archive.pk,
            "measured_at": (start + datetime.timedelta(minutes=n)).isoformat(),
            "value": n % 50 + 0.5,
        }
        for n in range(3000)
    ]
    response = admin_api.post(URL, items, format="json")

    assert response.status_code == 201, response.content
    assert KpiSample.objects.filter(kpi__code="echo_latency").count() == 3000
    first_day = KpiRollup.objects.get(
        kpi__code="echo_latency", component=None, period="day", period_start=datetime.date(2026, 10, 1)
    )
    assert (first_day.samples, first_day.minimum, first_day.maximum) == (1440, Decimal("0.5"), Decimal("49.5"))


# --- reading samples -------------------------------------------------------------------------


def _samples(vendor: Vendor, component: Component, count: int, *, code: str = "echo_latency") -> None:
    start = datetime.datetime(2026, 10, 1, tzinfo=BERLIN)
    samples_ingest(
        samples=[
            SampleInput(code, vendor.pk, start + datetime.timedelta(hours=n), n, component.pk) for n in range(count)
        ],
        user=None,
        source=Source.PROBE,
        reporter="probe Archive",
    )


def test_vendor_users_list_only_their_own_samples(
    vendor_api: APIClient, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    _samples(vendor, archive, 2)
    _samples(other_vendor, ComponentFactory(vendor=other_vendor), 3)

    results = vendor_api.get(URL).json()["results"]

    assert len(results) == 2
    assert {row["vendor"] for row in results} == {vendor.pk}
    first = results[0]
    assert set(first) == {
        "id",
        "kpi",
        "vendor",
        "component",
        "measured_at",
        "value",
        "source",
        "reporter",
        "reported_by",
        "created_at",
    }
    assert (first["kpi"], first["value"], first["source"]) == ("echo_latency", "1.0000", "probe")
    assert first["measured_at"] == "2026-10-01T01:00:00+02:00"


def test_samples_filter_by_kpi_code_vendor_component_source_and_time(
    staff_api: APIClient, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    viewer = ComponentFactory(vendor=vendor, name="Viewer")
    _samples(vendor, archive, 5)
    _samples(vendor, viewer, 2, code="query_latency")
    _samples(other_vendor, ComponentFactory(vendor=other_vendor), 3)

    def count(**params: object) -> int:
        response = staff_api.get(URL, params)
        assert response.status_code == 200, response.content
        return len(response.json()["results"])

    assert count() == 10
    assert count(kpi="query_latency") == 2
    assert count(vendor=other_vendor.pk) == 3
    assert count(component=archive.pk) == 5
    assert count(source="probe") == 10
    assert count(source="vendor") == 0
    # Hourly from 2026-10-01 00:00 Berlin (22:00 UTC the day before); "before" excludes its instant.
    assert count(component=archive.pk, measured_after="2026-10-01T02:00:00+02:00") == 3
    assert count(component=archive.pk, measured_before="2026-10-01T00:00:00Z") == 2
    assert count(component=archive.pk, measured_after="2026-10-02") == 0
    assert staff_api.get(URL, {"measured_after": "yesterday"}).status_code == 400


def test_the_sample_list_pages_by_cursor_in_a_fixed_number_of_queries(
    staff_api: APIClient, vendor: Vendor, archive: Component
) -> None:
    _samples(vendor, archive, 3)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = staff_api.get(URL, {"page_size": 100})
        assert response.status_code == 200
        return len(context)

    few = queries()
    _samples(vendor, ComponentFactory(vendor=vendor), 40, code="query_latency")
    assert queries() == few

    page = staff_api.get(URL, {"page_size": 20}).json()
    assert len(page["results"]) == 20
    assert page["next"]
    assert "count" not in page
    second = staff_api.get(page["next"]).json()
    assert len(second["results"]) == 20
    assert not {row["id"] for row in page["results"]} & {row["id"] for row in second["results"]}


def test_a_sample_is_read_by_id_within_scope(
    vendor_api: APIClient, vendor: Vendor, other_vendor: Vendor, archive: Component
) -> None:
    _samples(vendor, archive, 1)
    _samples(other_vendor, ComponentFactory(vendor=other_vendor), 1)
    own = KpiSample.objects.get(vendor=vendor)
    foreign = KpiSample.objects.get(vendor=other_vendor)

    assert vendor_api.get(f"{URL}{own.pk}/").json()["id"] == own.pk
    assert vendor_api.get(f"{URL}{foreign.pk}/").status_code == 404


# --- the catalogue ---------------------------------------------------------------------------


def test_everyone_signed_in_reads_the_catalogue(vendor_api: APIClient) -> None:
    response = vendor_api.get(CATALOGUE, {"source": "probe", "page_size": 100})

    assert response.status_code == 200
    codes = {row["code"] for row in response.json()["results"]}
    assert {"retrieval_time", "echo_latency", "probe_success"} <= codes
    assert "report_turnaround" not in codes
    assert APIClient().get(CATALOGUE).status_code == 401


def test_admins_edit_a_kpi_but_its_code_stays(admin_api: APIClient) -> None:
    kpi = Kpi.objects.get(code="retrieval_time")
    url = f"{CATALOGUE}{kpi.pk}/"

    changed = admin_api.patch(url, {"target": "4", "warning": "2.5", "name": "Time to retrieve"}, format="json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["target"], changed.json()["name"]) == ("4.0000", "Time to retrieve")

    same_code = admin_api.patch(url, {"code": "retrieval_time", "period": "week"}, format="json")
    assert same_code.status_code == 200, same_code.content

    renamed = admin_api.patch(url, {"code": "retrieval", "unit": "ms"}, format="json")
    assert renamed.status_code == 400
    assert set(renamed.json()) == {"code", "unit"}
    kpi.refresh_from_db()
    assert (kpi.code, kpi.unit, kpi.target, kpi.period) == ("retrieval_time", "s", Decimal("4"), "week")


def test_the_warning_threshold_must_lie_on_the_good_side_of_the_target(admin_api: APIClient) -> None:
    kpi = Kpi.objects.get(code="retrieval_time")  # lower is better: warning below the target

    response = admin_api.patch(f"{CATALOGUE}{kpi.pk}/", {"warning": "5"}, format="json")

    assert response.status_code == 400
    assert "good side of the target" in str(response.json())


def test_admins_add_a_kpi_and_others_may_not(admin_api: APIClient, staff_api: APIClient) -> None:
    body = {
        "code": "dose_reports",
        "name": "Dose reports received",
        "unit": "%",
        "direction": "higher",
        "target": "98",
        "aggregation": "mean",
        "period": "month",
        "source": "vendor",
        "scope": "vendor",
    }
    assert staff_api.post(CATALOGUE, body, format="json").status_code == 403

    response = admin_api.post(CATALOGUE, body, format="json")

    assert response.status_code == 201, response.content
    assert Kpi.objects.get(code="dose_reports").target == Decimal("98")
    assert admin_api.post(CATALOGUE, body, format="json").status_code == 400  # the code is taken
    kpi = Kpi.objects.get(code="dose_reports")
    assert staff_api.patch(f"{CATALOGUE}{kpi.pk}/", {"target": "90"}, format="json").status_code == 403
    assert admin_api.delete(f"{CATALOGUE}{kpi.pk}/").status_code == 405
