"""``/api/v1/credit-statements/``: the ledger with filters, one statement with its history, the
claim's steps by role and state (400 with messages, 403 for the wrong role, 404 for another
vendor's or an unclaimed statement), and computing a month."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import VendorUserFactory
from core.months import last_finished_month
from core.testing.queries import queries_per_path
from slas.models import Agreement, CreditStatement
from slas.services import credits as services
from slas.tests.factories import agreement_for, incident_for, statement_for
from vendors.models import Contract, Vendor
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

State = CreditStatement.State
MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def agreement(contract: Contract) -> Agreement:
    return agreement_for(contract)


def _statement(vendor: Vendor, agreement: Agreement, month: dt.date = MARCH, **fields: object) -> CreditStatement:
    return statement_for(vendor, month=month, agreement=agreement, **fields)


def test_the_list_shows_figures_reasons_and_deadlines(
    admin_api: APIClient, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement, claim_deadline=timezone.localdate() - dt.timedelta(days=1))
    response = admin_api.get("/api/v1/credit-statements/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row == {
        "id": statement.pk,
        "vendor": vendor.pk,
        "vendor_name": "Meridian Imaging Systems",
        "month": "2026-03",
        "agreement": agreement.pk,
        "state": "owed",
        "uptime_percent": "99.6401",
        "target_percent": "99.900",
        "downtime_minutes": "160.0",
        "excluded_minutes": "240.0",
        "availability_credit_percent": "5.00",
        "ticket_credit_percent": "0.00",
        "credit_percent": "5.00",
        "monthly_fee": "10000.00",
        "credit_amount": "500.00",
        "currency": "EUR",
        "lines": [
            {"kind": "availability", "description": "Uptime 99.640 % is below 99.9 %: 5 % credit.", "percent": "5"}
        ],
        "claim_deadline": f"{statement.claim_deadline:%Y-%m-%d}",
        "claim_overdue": True,
        "chronic_failure": False,
        "invoice_reference": "",
        "computed_at": row["computed_at"],
        "updated_at": row["updated_at"],
    }
    assert "events" not in row


def test_the_list_filters_by_vendor_state_and_month(admin_api: APIClient, vendor: Vendor, agreement: Agreement) -> None:
    other = VendorFactory(name="Aurora Imaging")
    other_agreement = agreement_for(ContractFactory(vendor=other, reference="AUR-1"))
    for month in (1, 2, 3):
        _statement(vendor, agreement, month=dt.date(2026, month, 1))
    _statement(other, other_agreement, month=dt.date(2026, 2, 1), state=State.CLAIMED)

    def found(**query: str) -> list[tuple[str, str]]:
        response = admin_api.get("/api/v1/credit-statements/", query)
        assert response.status_code == 200, response.content
        return [(row["month"], row["vendor_name"]) for row in response.json()["results"]]

    assert found(vendor=str(other.pk)) == [("2026-02", "Aurora Imaging")]
    assert found(state="claimed") == [("2026-02", "Aurora Imaging")]
    assert found(month="2026-02") == [("2026-02", "Aurora Imaging"), ("2026-02", "Meridian Imaging Systems")]
    assert found(month_from="2026-02", month_to="2026-03", vendor=str(vendor.pk)) == [
        ("2026-03", "Meridian Imaging Systems"),
        ("2026-02", "Meridian Imaging Systems"),
    ]
    assert found(ordering="month", vendor=str(vendor.pk))[0] == ("2026-01", "Meridian Imaging Systems")
    response = admin_api.get("/api/v1/credit-statements/", {"month": "2026-3x"})
    assert response.status_code == 400
    assert response.json() == {"month": ["Write the month as YYYY-MM, e.g. 2026-03."]}


def test_one_statement_carries_its_history(
    admin_api: APIClient, admin_user: User, vendor_user: User, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement)
    services.statement_claim(statement=statement, actor=admin_user, note="As measured.")
    services.statement_dispute(statement=statement, actor=vendor_user, reason="Hospital network outage.")
    body = admin_api.get(f"/api/v1/credit-statements/{statement.pk}/").json()
    assert body["state"] == "disputed"
    assert [(e["kind"], e["actor"], e["actor_name"], e["note"]) for e in body["events"]] == [
        ("claimed", admin_user.pk, "Petra Admin", "As measured."),
        ("disputed", vendor_user.pk, "Tobias Vendor", "Hospital network outage."),
    ]


def test_a_dispute_answered_and_then_acknowledged_through_the_api(
    admin_api: APIClient, vendor_api: APIClient, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement)
    path = f"/api/v1/credit-statements/{statement.pk}"
    assert vendor_api.get(f"{path}/").status_code == 404  # an unclaimed credit is the hospital's draft

    assert vendor_api.post(f"{path}/claim/").status_code == 403  # claiming is the hospital's, seen or not
    response = admin_api.post(f"{path}/claim/", {"note": "As measured."})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "claimed"
    assert vendor_api.post(f"{path}/claim/").status_code == 403  # visible now, but claiming is the hospital's

    assert vendor_api.post(f"{path}/dispute/", {"reason": " "}).json() == {
        "reason": ["Say why the credit is disputed."]
    }
    response = vendor_api.post(f"{path}/dispute/", {"reason": "The outage was the hospital's network."})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "disputed"

    assert admin_api.post(f"{path}/answer/").json() == {"note": ["Answer the vendor's reasons."]}
    assert vendor_api.post(f"{path}/answer/", {"note": "Accepted."}).status_code == 403
    response = admin_api.post(f"{path}/answer/", {"note": "Our probes saw the archive down."})
    assert response.json()["state"] == "claimed"

    assert admin_api.post(f"{path}/acknowledge/").status_code == 403  # the vendor's step
    response = vendor_api.post(f"{path}/acknowledge/", {"note": "Agreed."})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "acknowledged"
    assert [e["kind"] for e in body["events"]] == ["claimed", "disputed", "answered", "acknowledged"]

    assert admin_api.post(f"{path}/apply/", {"invoice_reference": ""}).json() == {
        "invoice_reference": ["Give the invoice the credit was applied to."]
    }
    response = admin_api.post(f"{path}/apply/", {"invoice_reference": "INV-2026-0412"})
    assert (response.json()["state"], response.json()["invoice_reference"]) == ("applied", "INV-2026-0412")


def test_a_step_the_state_does_not_allow_answers_400(
    admin_api: APIClient, vendor_api: APIClient, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement, state=State.NONE)
    path = f"/api/v1/credit-statements/{statement.pk}"
    response = admin_api.post(f"{path}/claim/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A statement that is nothing owed cannot be claimed."]}
    response = vendor_api.post(f"{path}/acknowledge/")
    assert response.json() == {"non_field_errors": ["A statement that is nothing owed cannot be acknowledged."]}
    statement.refresh_from_db()
    assert statement.state == State.NONE
    assert not statement.events.exists()


def test_vendor_users_see_only_their_claimed_or_settled_months(
    vendor_api: APIClient, vendor: Vendor, agreement: Agreement
) -> None:
    owed = _statement(vendor, agreement, month=dt.date(2026, 1, 1))
    claimed = _statement(vendor, agreement, month=dt.date(2026, 2, 1), state=State.CLAIMED)
    nothing = _statement(vendor, agreement, month=dt.date(2026, 3, 1), state=State.NONE)
    other = VendorFactory()
    foreign = _statement(other, agreement_for(ContractFactory(vendor=other)), state=State.CLAIMED)
    ids = [row["id"] for row in vendor_api.get("/api/v1/credit-statements/").json()["results"]]
    assert ids == [nothing.pk, claimed.pk]
    assert vendor_api.get("/api/v1/credit-statements/", {"state": "owed"}).json()["count"] == 0
    assert vendor_api.get(f"/api/v1/credit-statements/{owed.pk}/").status_code == 404
    assert vendor_api.get(f"/api/v1/credit-statements/{foreign.pk}/").status_code == 404
    response = vendor_api.post(f"/api/v1/credit-statements/{foreign.pk}/dispute/", {"reason": "Not ours."})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == State.CLAIMED


def test_another_vendors_user_cannot_touch_the_statement(vendor: Vendor, agreement: Agreement) -> None:
    statement = _statement(vendor, agreement, state=State.CLAIMED)
    stranger = APIClient()
    stranger.force_authenticate(VendorUserFactory(vendor=VendorFactory()))
    assert stranger.post(f"/api/v1/credit-statements/{statement.pk}/acknowledge/").status_code == 404


def test_staff_read_but_take_no_steps(staff_api: APIClient, vendor: Vendor, agreement: Agreement) -> None:
    statement = _statement(vendor, agreement)
    assert staff_api.get(f"/api/v1/credit-statements/{statement.pk}/").status_code == 200
    assert staff_api.post(f"/api/v1/credit-statements/{statement.pk}/claim/").status_code == 403
    assert staff_api.post("/api/v1/credit-statements/compute/", {"month": "2026-03"}).status_code == 403


def test_statements_are_computed_not_created(admin_api: APIClient, vendor: Vendor) -> None:
    response = admin_api.post("/api/v1/credit-statements/", {"vendor": vendor.pk, "month": "2026-03"})
    assert response.status_code == 403
    assert "POST compute/" in response.json()["detail"]
    assert admin_api.delete("/api/v1/credit-statements/1/").status_code == 405


def test_admin_computes_a_month_for_one_vendor_or_all(
    admin_api: APIClient, vendor_api: APIClient, vendor: Vendor, agreement: Agreement
) -> None:
    start = dt.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    incident_for(vendor, started_at=start, ended_at=start + dt.timedelta(hours=2))
    response = admin_api.post("/api/v1/credit-statements/compute/", {"vendor": vendor.pk, "month": "2026-03"})
    assert response.status_code == 200, response.content
    [outcome] = response.json()
    assert (outcome["vendor"], outcome["month"], outcome["result"], outcome["reason"]) == (
        vendor.pk,
        "2026-03",
        "created",
        "",
    )
    assert (outcome["statement"]["credit_amount"], outcome["statement"]["state"]) == ("416.67", "owed")

    calm = VendorFactory(name="Calm Systems")
    agreement_for(ContractFactory(vendor=calm, reference="CALM-1"))
    response = admin_api.post("/api/v1/credit-statements/compute/", {"month": "2026-03"})
    assert [(o["vendor"], o["result"]) for o in response.json()] == [(vendor.pk, "replaced"), (calm.pk, "created")]
    assert CreditStatement.objects.count() == 2

    assert vendor_api.post("/api/v1/credit-statements/compute/", {"month": "2026-03"}).status_code == 403


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"month": ["This field is required."]}),
        ({"month": "03/2026"}, {"month": ["Write the month as YYYY-MM, e.g. 2026-03."]}),
        ({"month": "2026-03", "vendor": 999999}, {"vendor": ['Invalid pk "999999" - object does not exist.']}),
    ],
)
def test_bad_compute_requests_answer_400(admin_api: APIClient, body: dict, errors: dict) -> None:
    response = admin_api.post("/api/v1/credit-statements/compute/", body)
    assert response.status_code == 400
    assert response.json() == errors
    assert not CreditStatement.objects.exists()


def test_an_unfinished_month_cannot_be_computed(admin_api: APIClient, vendor: Vendor, agreement: Agreement) -> None:
    this_month = timezone.localdate().replace(day=1)
    latest = last_finished_month()
    response = admin_api.post("/api/v1/credit-statements/compute/", {"month": f"{this_month:%Y-%m}"})
    assert response.status_code == 400
    assert response.json() == {
        "month": [f"{this_month:%Y-%m} has not ended yet; the latest month you can compute is {latest:%Y-%m}."]
    }


def test_lists_use_a_constant_number_of_queries(
    admin_api: APIClient, vendor_api: APIClient, vendor: Vendor, agreement: Agreement
) -> None:
    _statement(vendor, agreement, state=State.CLAIMED)
    admin_paths = ["/api/v1/credit-statements/"]
    vendor_paths = ["/api/v1/credit-statements/?page=1"]  # another key than the admin's
    few = queries_per_path(admin_api, admin_paths) | queries_per_path(vendor_api, vendor_paths)
    for n in range(8):
        _statement(vendor, agreement, month=dt.date(2025, 1 + n, 1), state=State.CLAIMED, invoice_reference="I")
        other = VendorFactory()
        _statement(other, agreement_for(ContractFactory(vendor=other)), month=dt.date(2025, 1 + n, 1))
    many = queries_per_path(admin_api, admin_paths) | queries_per_path(vendor_api, vendor_paths)
    assert many == few
    assert vendor_api.get("/api/v1/credit-statements/").json()["count"] == 9


def test_the_openapi_schema_documents_the_credit_routes(admin_client) -> None:
    schema = admin_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for step in ("claim", "acknowledge", "dispute", "answer", "apply"):
        assert "post" in paths[f"/api/v1/credit-statements/{{id}}/{step}/"], step
    assert "post" in paths["/api/v1/credit-statements/compute/"]
    assert "post" not in paths["/api/v1/credit-statements/"]  # statements are computed, not created
    month = schema["components"]["schemas"]["CreditStatement"]["properties"]["month"]
    assert (month["type"], month["pattern"]) == ("string", r"^\d{4}-\d{2}$")
