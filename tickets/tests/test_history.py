"""History import: past tickets replayed with their instants; all rows or none. Through the
API: a 202 with the job, which the worker (here: the test) runs; the job then tells."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from slas.models import Metric
from slas.tests.factories import agreement_for
from tickets.models import HistoryImport, SlaClock, Status, Ticket
from tickets.services.history_jobs import history_import_run
from tickets.tests.support import import_history
from vendors.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

HEADER = "vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at\n"


@pytest.fixture
def meridian(vendor: object) -> object:
    contract = ContractFactory(vendor=vendor, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2030, 1, 1))
    agreement_for(contract)
    return vendor


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def test_a_clean_file_replays_every_ticket_with_its_clocks(admin_api: APIClient, meridian: object) -> None:
    content = _csv(
        # P3 on business hours: opened Friday 16:55, answered Monday 09:00 (2 h 05 business: met),
        # resolved Wednesday 17:00 (31 h 05 business > 30 h: breached), closed Thursday.
        "Meridian Imaging Systems,P3,Prior fetch slow,,2026-11-20T16:55:00+01:00,2026-11-23T09:00:00+01:00,"
        "2026-11-25T17:00:00+01:00,2026-11-26T10:00:00+01:00",
        "meridian imaging systems,p1,Archive down,Whole site,2026-10-01T02:00:00+02:00,,,",
    )
    accepted, job = import_history(admin_api, content)
    assert accepted.json()["status"] == "queued"
    assert accepted["Location"] == accepted.json()["url"]
    assert accepted.json()["url"].endswith(f"/api/v1/ticket-imports/{accepted.json()['id']}/")
    assert (job["status"], job["imported"], job["rows_total"], job["errors"]) == ("done", 2, 2, [])
    closed = Ticket.objects.get(title="Prior fetch slow")
    assert closed.status == Status.CLOSED
    clocks = {clock.metric: clock for clock in closed.clocks.all()}
    assert clocks[Metric.RESPONSE].state == SlaClock.State.MET
    assert clocks[Metric.RESOLUTION].state == SlaClock.State.BREACHED
    still_open = Ticket.objects.get(title="Archive down")
    assert still_open.status == Status.NEW
    assert still_open.severity == "P1"


def test_a_file_with_errors_imports_nothing_and_lists_every_problem(admin_api: APIClient, meridian: object) -> None:
    content = _csv(
        "Meridian Imaging Systems,P3,Good row,,2026-11-20T16:55:00+01:00,,,",
        "Nobody Inc,P3,Unknown vendor,,2026-11-20T16:55:00+01:00,,,",
        "Meridian Imaging Systems,P9,Bad severity,,2026-11-20T16:55:00+01:00,,,",
        "Meridian Imaging Systems,P2,Naive time,,2026-11-20 16:55,,,",
        "Meridian Imaging Systems,P2,Out of order,,2026-11-20T16:55:00+01:00,2026-11-19T10:00:00+01:00,,",
        "Meridian Imaging Systems,P2,Closed only,,2026-11-20T16:55:00+01:00,,,2026-11-22T10:00:00+01:00",
        ",P2,,,,,,",
    )
    _, job = import_history(admin_api, content)
    assert (job["status"], job["imported"], job["error_count"]) == ("failed", 0, 6)
    errors = job["errors"]
    assert [error["line"] for error in errors] == [3, 4, 5, 6, 7, 8]
    assert "vendor “Nobody Inc” is unknown" in errors[0]["message"]
    assert "not one of P1, P2, P3, P4" in errors[1]["message"]
    assert "ISO 8601" in errors[2]["message"]
    assert "responded_at is before opened_at" in errors[3]["message"]
    assert "closed_at needs resolved_at" in errors[4]["message"]
    assert "missing vendor, title, opened_at" in errors[5]["message"]
    assert not Ticket.objects.exists()


def test_a_row_the_lifecycle_refuses_rolls_back_the_whole_file(admin_api: APIClient, meridian: object) -> None:
    content = _csv(
        "Meridian Imaging Systems,P3,Fine,,2026-11-20T16:55:00+01:00,,,",
        "Meridian Imaging Systems,P3,From the future,,2099-01-01T10:00:00+01:00,,,",
    )
    _, job = import_history(admin_api, content)
    assert job["status"] == "failed"
    assert job["errors"] == [{"line": 3, "message": "This instant is in the future."}]
    assert not Ticket.objects.exists()


def test_only_hospital_admins_import(staff_api: APIClient, meridian: object) -> None:
    upload = SimpleUploadedFile("history.csv", _csv(), content_type="text/csv")
    assert staff_api.post("/api/v1/tickets/import/", {"file": upload}, format="multipart").status_code == 403
    assert not HistoryImport.objects.exists()


def test_import_page_reports_problems_and_imports_clean_files(admin_client: Client, meridian: object) -> None:
    bad = SimpleUploadedFile("bad.csv", _csv("Meridian Imaging Systems,P7,x,,2026-11-20T16:55:00+01:00,,,"))
    response = admin_client.post("/tickets/import/", {"file": bad})
    job = HistoryImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/import/{job.pk}/"
    history_import_run(job_id=job.pk)
    page = admin_client.get(response["Location"]).content.decode()
    assert "Nothing was imported from bad.csv: 1 problem" in page
    assert "is not one of P1, P2, P3, P4" in page
    good = SimpleUploadedFile("good.csv", _csv("Meridian Imaging Systems,P4,Question,,2026-11-20T16:55:00+01:00,,,"))
    response = admin_client.post("/tickets/import/", {"file": good})
    history_import_run(job_id=HistoryImport.objects.get(filename="good.csv").pk)
    assert "1 ticket</strong> imported from good.csv" in admin_client.get(response["Location"]).content.decode()
    assert Ticket.objects.get().title == "Question"


def test_a_header_without_required_columns_is_refused(admin_api: APIClient, meridian: object) -> None:
    _, job = import_history(admin_api, b"name,priority\nx,y\n")
    assert job["status"] == "failed"
    assert "lacks the columns vendor, severity, title, opened_at" in job["errors"][0]["message"]


def test_a_line_the_csv_module_cannot_read_is_reported_with_the_bad_rows_before_it(
    admin_api: APIClient, meridian: object
) -> None:
    content = _csv(
        "Meridian Imaging Systems,P9,Bad severity,,2026-11-20T16:55:00+01:00,,,",
        "Meridian Imaging Systems,P3," + "x" * 140_000 + ",,2026-11-20T16:55:00+01:00,,,",
    )
    _, job = import_history(admin_api, content)
    assert [error["line"] for error in job["errors"]] == [2, 3]
    assert "not one of P1, P2, P3, P4" in job["errors"][0]["message"]
    assert job["errors"][1]["message"] == "A cell is longer than 131,072 characters."
    assert not Ticket.objects.exists()
