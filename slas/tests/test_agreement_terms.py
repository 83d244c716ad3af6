"""An agreement's availability and service-credit terms: the form section with its credit bands
and ticket credit rules (prefilled from the template), the detail and portal pages, and the
nested lists of the agreements API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from slas import defaults
from slas.forms.agreements import AgreementForm
from slas.models import Agreement, BusinessCalendar, CreditBand, TicketCreditRule
from slas.services.agreements import AVAILABILITY_TERMS
from slas.tests.factories import agreement_for
from slas.tests.test_api import _agreement_body
from slas.tests.test_views import _browser_form, _text
from vendors.models import Contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def sunday_window() -> BusinessCalendar:
    return defaults.maintenance_window_calendar(name="Sunday maintenance window")


def _bands(agreement: Agreement) -> list[tuple[Decimal, Decimal]]:
    return list(agreement.credit_bands.values_list("below_percent", "credit_percent"))


def _ticket_credits(agreement: Agreement) -> list[tuple[str, str, Decimal]]:
    return list(agreement.ticket_credit_rules.values_list("severity", "metric", "credit_percent"))


TEMPLATE_BANDS = [
    (Decimal("99.900"), Decimal("5.00")),
    (Decimal("99.500"), Decimal("10.00")),
    (Decimal("99.000"), Decimal("15.00")),
    (Decimal("98.000"), Decimal("25.00")),
]
TEMPLATE_TICKET_CREDITS = [("P1", "resolution", Decimal("1.00")), ("P1", "response", Decimal("2.00"))]


# --- the form ------------------------------------------------------------------------------


def _prefilled(client: Client, contract: Contract) -> dict[str, list[str]]:
    data = _browser_form(client.get("/sla/agreements/add/", {"contract": contract.pk}), "bands-TOTAL_FORMS")
    return data | {"name": ["Meridian support SLA"], "effective_from": ["2025-01-01"]}


def test_the_new_agreement_form_is_prefilled_with_the_template_credit_terms(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, sunday_window
) -> None:
    page = admin_client.get("/sla/agreements/add/", {"contract": contract.pk})
    assert "Availability and service credits" in _text(page)
    data = _browser_form(page, "bands-TOTAL_FORMS")
    terms = {
        name: data[name][0]
        for name in (
            "degraded_counting",
            "maintenance_notice_hours",
            "maintenance_calendar",
            "credit_cap_percent",
            "ticket_credit_cap_percent",
            "claim_deadline_days",
            "chronic_threshold_percent",
            "chronic_months",
            "chronic_window_months",
        )
    }
    assert terms == {
        "degraded_counting": "half",
        "maintenance_notice_hours": "48",
        "maintenance_calendar": str(sunday_window.pk),  # the template's Sunday 00:00-06:00
        "credit_cap_percent": "25.00",
        "ticket_credit_cap_percent": "10.00",
        "claim_deadline_days": "10",
        "chronic_threshold_percent": "99.500",
        "chronic_months": "3",
        "chronic_window_months": "6",
    }
    # The template's four bands and two ticket rules, then two empty rows of each.
    assert data["bands-TOTAL_FORMS"] == ["6"]
    bands = [(data[f"bands-{n}-below_percent"][0], data[f"bands-{n}-credit_percent"][0]) for n in range(6)]
    assert bands == [("99.9", "5"), ("99.5", "10"), ("99.0", "15"), ("98.0", "25"), ("", ""), ("", "")]
    assert data["ticket_credits-TOTAL_FORMS"] == ["4"]
    rules = [
        tuple(data[f"ticket_credits-{n}-{name}"][0] for name in ("severity", "metric", "credit_percent"))
        for n in range(4)
    ]
    assert rules == [("P1", "response", "2"), ("P1", "resolution", "1"), ("", "", ""), ("", "", "")]


def test_the_form_shows_every_availability_term_once() -> None:
    grouped = [name for names in AgreementForm.TERMS_GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(AVAILABILITY_TERMS)


def test_without_a_sunday_window_calendar_maintenance_is_left_open(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    data = _browser_form(admin_client.get("/sla/agreements/add/"), "bands-TOTAL_FORMS")
    assert data["maintenance_calendar"] == [""]


def test_admin_creates_an_agreement_with_the_template_credit_terms_and_reads_them(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, sunday_window
) -> None:
    data = _prefilled(admin_client, contract) | {"claim_deadline_days": ["7"], "degraded_counting": ["full"]}
    response = admin_client.post("/sla/agreements/add/", data)
    assert response.status_code == 302, _text(response)
    agreement = Agreement.objects.get()
    assert _bands(agreement) == TEMPLATE_BANDS
    assert _ticket_credits(agreement) == TEMPLATE_TICKET_CREDITS
    assert (agreement.claim_deadline_days, agreement.degraded_counting) == (7, "full")
    assert agreement.maintenance_calendar == sunday_window

    text = _text(admin_client.get(response["Location"]))
    assert "Degraded time counts in full as downtime" in text
    assert "Maintenance 48 h written notice; allowed Sunday 00:00-06:00 (Sunday maintenance window" in text
    assert "Credit cap 25 % of the monthly fee; ticket credits at most 10 %" in text
    assert "Monthly fee 1/12 of the annual fee of 100000.00 EUR" in text
    assert "Claim deadline 7 days after the month ends" in text
    assert "Chronic failure below 99.5 % in 3 of any 6 months" in text
    bands = text.split("Credit bands")[1].split("Ticket credit rules")[0]
    assert "99.9 % 5 % 99.5 % 10 % 99 % 15 % 98 % 25 %" in bands
    assert "P1 critical Response 2 % P1 critical Resolution 1 %" in text


def test_admin_edits_the_credit_bands_and_ticket_rules(admin_client: Client, contract: Contract) -> None:
    agreement = agreement_for(contract)
    data = _browser_form(admin_client.get(f"/sla/agreements/{agreement.pk}/edit/"), "bands-TOTAL_FORMS")
    assert data["bands-0-below_percent"] == ["99.900"]
    assert (data["ticket_credits-0-metric"], data["ticket_credits-1-metric"]) == (["response"], ["resolution"])
    data |= {
        "bands-3-DELETE": ["on"],  # below 98 %: removed
        "bands-1-credit_percent": ["12.5"],
        "ticket_credits-1-DELETE": ["on"],  # P1 resolution: removed
        "ticket_credits-2-severity": ["P2"],
        "ticket_credits-2-metric": ["response"],
        "ticket_credits-2-credit_percent": ["0.5"],
        "credit_cap_percent": ["20"],
    }
    response = admin_client.post(f"/sla/agreements/{agreement.pk}/edit/", data)
    assert response.status_code == 302, _text(response)
    agreement.refresh_from_db()
    assert _bands(agreement) == [
        (Decimal("99.900"), Decimal("5.00")),
        (Decimal("99.500"), Decimal("12.50")),
        (Decimal("99.000"), Decimal("15.00")),
    ]
    assert _ticket_credits(agreement) == [("P1", "response", Decimal("2.00")), ("P2", "response", Decimal("0.50"))]
    assert agreement.credit_cap_percent == Decimal("20.00")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"bands-4-below_percent": ["99.9"], "bands-4-credit_percent": ["7"]},
            "Two credit bands start below 99.9 %.",
            id="duplicate-band",
        ),
        pytest.param(
            {"bands-0-credit_percent": ["120"]},
            "Ensure this value is less than or equal to 100.",
            id="credit-over-100",
        ),
        pytest.param(
            {"bands-0-below_percent": ["100.5"]},
            "Ensure this value is less than or equal to 100.",
            id="threshold-over-100",
        ),
        pytest.param(
            {"ticket_credits-2-severity": ["P1"], "ticket_credits-2-metric": ["response"]}
            | {"ticket_credits-2-credit_percent": ["3"]},
            "P1 response has two ticket credit rules.",
            id="duplicate-ticket-rule",
        ),
        pytest.param(
            {"chronic_months": ["7"], "chronic_window_months": ["6"]},
            "Chronic failure needs no more months than the window it counts in.",
            id="chronic-months-over-window",
        ),
        pytest.param(
            {"credit_cap_percent": ["101"]},
            "Ensure this value is less than or equal to 100.",
            id="cap-over-100",
        ),
    ],
)
def test_bad_credit_terms_are_shown_on_the_form_and_nothing_is_stored(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, change, message
) -> None:
    response = admin_client.post("/sla/agreements/add/", _prefilled(admin_client, contract) | change)
    assert response.status_code == 200
    assert message in _text(response)
    assert not Agreement.objects.exists()
    assert not CreditBand.objects.exists()
    assert not TicketCreditRule.objects.exists()


def test_a_bad_row_names_the_section_and_keeps_what_was_typed(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    data = _prefilled(admin_client, contract) | {"ticket_credits-1-credit_percent": ["lots"]}
    response = admin_client.post("/sla/agreements/add/", data)
    text = _text(response)
    assert "Correct the credit bands or ticket credit rules below." in text
    assert "Correct the targets or escalation rules below." not in text
    assert "Enter a number." in text
    assert _browser_form(response, "bands-TOTAL_FORMS")["ticket_credits-1-credit_percent"] == ["lots"]


def test_the_portal_shows_the_vendor_its_credit_terms(
    vendor_client: Client, contract: Contract, sunday_window: BusinessCalendar
) -> None:
    agreement = agreement_for(contract)
    agreement.maintenance_calendar = sunday_window
    agreement.save()
    text = _text(vendor_client.get("/portal/sla/"))
    assert "Availability and service credits" in text
    assert "allowed Sunday 00:00-06:00" in text
    assert "Claim deadline 10 days after the month ends" in text
    assert "99.9 % 5 %" in text
    assert "P1 critical Response 2 %" in text


# --- the API -------------------------------------------------------------------------------


def test_admin_writes_credit_terms_through_the_api(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, sunday_window
) -> None:
    body = _agreement_body(
        contract,
        office,
        always,
        degraded_counting="none",
        maintenance_notice_hours=72,
        maintenance_calendar=sunday_window.pk,
        credit_cap_percent="20.00",
        claim_deadline_days=14,
        credit_bands=[
            {"below_percent": "99.9", "credit_percent": "5"},
            {"below_percent": "99.0", "credit_percent": "15"},
        ],
        ticket_credit_rules=[{"severity": "P1", "metric": "response", "credit_percent": "2"}],
    )
    response = admin_api.post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["credit_bands"] == [
        {"below_percent": "99.900", "credit_percent": "5.00"},
        {"below_percent": "99.000", "credit_percent": "15.00"},
    ]
    assert created["ticket_credit_rules"] == [{"severity": "P1", "metric": "response", "credit_percent": "2.00"}]
    assert (created["degraded_counting"], created["maintenance_notice_hours"], created["maintenance_calendar"]) == (
        "none",
        72,
        sunday_window.pk,
    )
    assert (created["credit_cap_percent"], created["claim_deadline_days"]) == ("20.00", 14)
    assert (created["chronic_threshold_percent"], created["chronic_months"], created["chronic_window_months"]) == (
        "99.500",
        3,
        6,
    )
    path = f"/api/v1/agreements/{created['id']}/"

    # Lists not sent are kept; a list sent replaces the rows.
    response = admin_api.patch(path, {"claim_deadline_days": 5}, format="json")
    assert response.status_code == 200, response.content
    assert len(response.json()["credit_bands"]) == 2
    response = admin_api.patch(
        path, {"credit_bands": [{"below_percent": "98", "credit_percent": "25"}], "ticket_credit_rules": []}
    )
    assert response.status_code == 200, response.content
    agreement = Agreement.objects.get(pk=created["id"])
    assert _bands(agreement) == [(Decimal("98.000"), Decimal("25.00"))]
    assert _ticket_credits(agreement) == []
    assert agreement.claim_deadline_days == 5


def test_an_agreement_created_without_credit_lists_has_none(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    response = admin_api.post("/api/v1/agreements/", _agreement_body(contract, office, always), format="json")
    assert response.status_code == 201
    assert (response.json()["credit_bands"], response.json()["ticket_credit_rules"]) == ([], [])


BAND = {"below_percent": "99.9", "credit_percent": "5"}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        pytest.param(
            {"credit_bands": [BAND, BAND | {"credit_percent": "8"}]},
            {"non_field_errors": ["Two credit bands start below 99.9 %."]},
            id="duplicate-band",
        ),
        pytest.param(
            {"credit_bands": [BAND, {"below_percent": "99", "credit_percent": "150"}]},
            {"credit_bands": {"1": {"credit_percent": ["Ensure this value is less than or equal to 100."]}}},
            id="credit-over-100",
        ),
        pytest.param(
            {
                "ticket_credit_rules": [
                    {"severity": "P1", "metric": "response", "credit_percent": "2"},
                    {"severity": "P1", "metric": "response", "credit_percent": "3"},
                ]
            },
            {"non_field_errors": ["P1 response has two ticket credit rules."]},
            id="duplicate-ticket-rule",
        ),
        pytest.param(
            {"ticket_credit_rules": [{"severity": "P9", "metric": "response", "credit_percent": "2"}]},
            {"ticket_credit_rules": {"0": {"severity": ['"P9" is not a valid choice.']}}},
            id="unknown-severity",
        ),
        pytest.param(
            {"chronic_months": 7, "chronic_window_months": 6},
            {"non_field_errors": ["Chronic failure needs no more months than the window it counts in."]},
            id="chronic-months-over-window",
        ),
        pytest.param(
            {"ticket_credit_cap_percent": "100.01"},
            {"ticket_credit_cap_percent": ["Ensure this value is less than or equal to 100."]},
            id="cap-over-100",
        ),
    ],
)
def test_bad_credit_terms_answer_400_and_store_nothing(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, fields, errors
) -> None:
    response = admin_api.post("/api/v1/agreements/", _agreement_body(contract, office, always, **fields))
    assert response.status_code == 400
    assert response.json() == errors
    assert not Agreement.objects.exists()
    assert not CreditBand.objects.exists()


def test_vendor_users_read_their_credit_terms_and_cannot_write_them(vendor_api: APIClient, contract: Contract) -> None:
    agreement = agreement_for(contract, effective_from=dt.date(2025, 1, 1))
    body = vendor_api.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert body["credit_bands"][0] == {"below_percent": "99.900", "credit_percent": "5.00"}
    assert body["ticket_credit_cap_percent"] == "10.00"
    response = vendor_api.patch(f"/api/v1/agreements/{agreement.pk}/", {"credit_bands": []}, format="json")
    assert response.status_code == 403
    assert agreement.credit_bands.count() == 4


def test_the_contract_choices_name_their_vendor(admin_client: Client, contract: Contract) -> None:
    page = admin_client.get("/sla/agreements/add/").content.decode()

    assert f'<option value="{contract.pk}">{contract.vendor.name} · {contract.reference}</option>' in page
