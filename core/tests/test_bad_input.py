"""Bad input is a 400 (or a form error), never a 500: the hand-made repros of issue 12."""

import datetime
import socket
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.parsers import JSONParser
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.tests.two_factor import enrol, fresh_code
from core.api.parsers import SafeJSONParser
from core.forms import InstantFormField
from core.instants import instant_parse, instant_problem
from core.testing.routes import iter_routes
from core.unavailable import database_unavailable
from kpis.models import KpiSample
from kpis.services.sample_imports import samples_import_csv
from tickets.models import HistoryImport, Ticket
from tickets.services.history_jobs import history_import_run
from tickets.tests.support import import_history
from vendors.models import Vendor

SAMPLES = "/api/v1/kpi-samples/"
TICKETS = "/api/v1/tickets/"
TICKET_HISTORY_HEADER = "vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at\n"
OFF_BY_A_DAY = "1744-10-04T06:43:47.26-23:57"


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+05:00",
        OFF_BY_A_DAY,
        "2026-10-05T14:30:00+14:01",
        "2101-01-01T00:00Z",
    ],
)
def test_instants_outside_the_range_or_with_unreal_offsets_are_refused(text: str) -> None:
    assert isinstance(instant_parse(text, naive_is_local=False), str)


def test_instants_at_the_edges_of_the_range_are_accepted() -> None:
    for text in ("1990-01-01T00:00:00+14:00", "2100-12-31T23:59:59-14:00", "2026-10-05T14:30:00+02:00"):
        parsed = instant_parse(text, naive_is_local=False)
        assert isinstance(parsed, datetime.datetime), parsed
        assert instant_problem(parsed) is None
    local = instant_parse("2026-10-05 14:30", naive_is_local=True)
    assert isinstance(local, datetime.datetime)
    assert local.utcoffset() == datetime.timedelta(hours=2)
    assert "UTC offset" in instant_parse("2026-10-05 14:30", naive_is_local=False)


def test_the_form_field_reports_an_instant_out_of_range_as_a_form_error() -> None:
    field = InstantFormField()
    with pytest.raises(ValidationError, match="between 1990-01-01 and 2100-12-31"):
        field.clean("1989-12-31T23:00")
    assert field.clean("2026-10-05T14:30").year == 2026


# --- the API -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+05:00", OFF_BY_A_DAY])
def test_a_pushed_sample_out_of_range_is_a_400_naming_measured_at(
    admin_api: APIClient, vendor: Vendor, instant: str
) -> None:
    body = [{"kpi": "report_turnaround", "vendor": vendor.pk, "measured_at": instant, "value": 1}]
    response = admin_api.post(SAMPLES, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["samples"]["0"][0].startswith("measured_at: ")
    assert not KpiSample.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"measured_before": "0002-01-01"},
        {"measured_after": OFF_BY_A_DAY},
        {"measured_after": "0001-01-01T00:00:00+05:00"},
    ],
)
def test_sample_filters_out_of_range_are_a_400_naming_the_filter(staff_api: APIClient, query: dict) -> None:
    response = staff_api.get(SAMPLES, query)
    assert response.status_code == 400, response.content
    assert set(response.json()) == set(query)


@pytest.mark.django_db
def test_the_samples_page_filters_out_of_range_show_a_form_error(staff_client: Client) -> None:
    response = staff_client.get("/kpis/samples/", {"measured_before": "0002-01-01", "sort": "measured_at"})
    assert response.status_code == 200
    assert b"between 1990-01-01 and 2100-12-31" in response.content


@pytest.mark.django_db
def test_a_ticket_opened_in_year_one_is_a_400_naming_opened_at(admin_api: APIClient, vendor: Vendor) -> None:
    body = {"vendor": vendor.pk, "severity": "P3", "title": "Old", "opened_at": "0001-01-01T00:00:00+05:00"}
    response = admin_api.post(TICKETS, body, format="json")
    assert response.status_code == 400, response.content
    assert "opened_at" in response.json()
    assert not Ticket.objects.exists()


# --- CSV imports ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_kpi_csv_with_a_naive_year_one_is_refused_not_stored_bc(admin_user, vendor: Vendor) -> None:
    content = (
        "kpi,vendor,component,measured_at,value\n"
        "report_turnaround,Meridian Imaging Systems,,0001-01-01 00:00,1\n"
        f"report_turnaround,Meridian Imaging Systems,,{OFF_BY_A_DAY},1\n"
    ).encode()
    report = samples_import_csv(content=content, user=admin_user)
    assert report.imported == 0
    assert [line for line, _ in report.errors] == [2, 3]
    assert all(message.startswith("measured_at: ") for _, message in report.errors)
    assert not KpiSample.objects.exists()


@pytest.mark.django_db
def test_a_ticket_history_csv_in_year_one_is_reported_with_the_line(admin_api: APIClient, vendor: Vendor) -> None:
    content = (TICKET_HISTORY_HEADER + f"{vendor.name},P3,Old,,0001-01-01T00:00:00+05:00,,,\n").encode()
    _, job = import_history(admin_api, content)
    assert job["status"] == "failed"
    [error] = job["errors"]
    assert error["line"] == 2
    assert error["message"].startswith("opened_at: ")
    assert not Ticket.objects.exists()


# --- CSV text the csv module or PostgreSQL cannot take ---------------------------------------

LONG_CELL = "x" * 131_073


def _ticket_csv(vendor: Vendor, title: str) -> bytes:
    return (TICKET_HISTORY_HEADER + f'{vendor.name},P3,"{title}",,2026-10-05T14:30:00+02:00,,,\n').encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "line", "message"),
    [
        ("Nul\x00byte", 0, "The file contains NUL bytes"),
        (LONG_CELL, 2, "A cell is longer than 131,072 characters"),
    ],
)
def test_a_ticket_history_csv_with_a_nul_or_a_huge_cell_is_reported_by_its_import_job(
    admin_api: APIClient, vendor: Vendor, title: str, line: int, message: str
) -> None:
    _, job = import_history(admin_api, _ticket_csv(vendor, title))
    assert job["status"] == "failed"
    [error] = job["errors"]
    assert error["line"] == line
    assert error["message"].startswith(message)
    assert not Ticket.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "message"),
    [("Nul\x00byte", "contains NUL bytes"), (LONG_CELL, "A cell is longer than 131,072 characters")],
)
def test_the_ticket_import_page_shows_a_nul_or_a_huge_cell_as_an_error(
    admin_client: Client, vendor: Vendor, title: str, message: str
) -> None:
    upload = SimpleUploadedFile("history.csv", _ticket_csv(vendor, title), content_type="text/csv")
    response = admin_client.post("/tickets/import/", {"file": upload})
    history_import_run(job_id=HistoryImport.objects.get().pk)
    assert message in admin_client.get(response["Location"]).content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "line", "message"),
    [
        ("1\x00", 0, "The file contains NUL bytes"),
        (LONG_CELL, 3, "A cell is longer than 131,072 characters"),
    ],
)
def test_a_kpi_csv_with_a_nul_or_a_huge_cell_is_refused(
    admin_client: Client, admin_user, vendor: Vendor, cell: str, line: int, message: str
) -> None:
    content = (
        "kpi,vendor,component,measured_at,value\n"
        "report_turnaround,Meridian Imaging Systems,,2026-10-05 14:30,1\n"
        f"report_turnaround,Meridian Imaging Systems,,2026-10-05 15:30,{cell}\n"
    ).encode()
    report = samples_import_csv(content=content, user=admin_user)
    assert [(number, text[: len(message)]) for number, text in report.errors] == [(line, message)]
    response = admin_client.post("/kpis/samples/import/", {"file": SimpleUploadedFile("k.csv", content, "text/csv")})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not KpiSample.objects.exists()


# --- JSON nested too deep --------------------------------------------------------------------

DEEP_JSON = "[" * 100_000 + "]" * 100_000


def test_every_api_view_reads_json_with_the_parser_that_refuses_deep_nesting() -> None:
    checked = 0
    for route in iter_routes():
        view_class = route.view_class
        if not (isinstance(view_class, type) and issubclass(view_class, APIView)):
            continue
        initkwargs = getattr(route.callback, "initkwargs", {})
        parsers = initkwargs.get("parser_classes", view_class.parser_classes)
        unsafe = [p for p in parsers if issubclass(p, JSONParser) and not issubclass(p, SafeJSONParser)]
        assert not unsafe, f"{route.regex} parses JSON with {unsafe}"
        checked += 1
    assert checked > 20


@pytest.mark.django_db
def test_deep_json_to_the_anonymous_token_endpoint_is_a_400() -> None:
    response = APIClient().post("/api/v1/auth/token/", DEEP_JSON, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("method_path", [("post", SAMPLES), ("post", TICKETS), ("post", "/api/v1/vendors/")])
def test_deep_json_to_a_signed_in_endpoint_is_a_400(admin_api: APIClient, method_path: tuple[str, str]) -> None:
    method, path = method_path
    response = getattr(admin_api, method)(path, DEEP_JSON, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert "nested too deeply" in response.json()["detail"]
    assert not KpiSample.objects.exists()
    assert not Ticket.objects.exists()


# --- the database or Redis unreachable ---------------------------------------------------------


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A local port bound but not listening: connecting to it is refused at once."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker, closed_port: int) -> Iterator[None]:
    """The default connection pointed at a closed port for the test, then restored (outside any
    test transaction, so other tests keep their database)."""
    with django_db_blocker.unblock():
        settings_dict = connection.settings_dict
        saved = (settings_dict["HOST"], settings_dict["PORT"])
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(closed_port)
        try:
            yield
        finally:
            connection.close()
            settings_dict["HOST"], settings_dict["PORT"] = saved


@pytest.mark.usefixtures("database_down")
def test_with_the_database_down_the_api_answers_503_with_retry_after() -> None:
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get(TICKETS)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "database is unavailable" in response.json()["detail"]
    token = APIClient(raise_request_exception=False).post(
        "/api/v1/auth/token/", {"username": "a", "password": "b"}, format="json"
    )
    assert token.status_code == 503


@pytest.mark.usefixtures("database_down")
def test_with_the_database_down_pages_answer_503_with_retry_after() -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # a signed-in browser: the session is read first
    response = client.get("/tickets/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Temporarily unavailable" in response.content.decode()


@pytest.mark.django_db
def test_a_query_error_that_is_not_a_lost_connection_stays_a_500() -> None:
    with pytest.raises(DatabaseError) as caught, connection.cursor() as cursor:
        cursor.execute("SELECT 1/0")
    assert not database_unavailable(caught.value)


@pytest.mark.django_db
def test_with_redis_down_the_token_endpoint_still_issues_tokens(admin_user, closed_port: int) -> None:
    admin_user.set_password("correct horse battery staple")
    admin_user.save()
    code = fresh_code(enrol(admin_user))  # admins give their second factor for a token
    down = {"default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{closed_port}/0"}}
    with override_settings(CACHES=down):
        response = APIClient().post(
            "/api/v1/auth/token/",
            {"username": admin_user.username, "password": "correct horse battery staple", "otp": code},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["token"] == Token.objects.get(user=admin_user).key


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/incidents/", {"started_to": "9999-12-31"}),
        ("/api/v1/incidents/", {"started_from": "0001-01-01"}),
        ("/api/v1/maintenance-windows/", {"planned_until": "9999-12-31"}),
        ("/api/v1/maintenance-windows/", {"planned_from": "0001-01-01"}),
    ],
)
def test_day_filters_out_of_range_are_a_400_naming_the_filter(staff_api: APIClient, path: str, query: dict) -> None:
    response = staff_api.get(path, query)
    assert response.status_code == 400, response.content
    assert response.json() == {name: ["Give a date between 1990-01-01 and 2100-12-31."] for name in query}
