"""The hospital's service-credit pages (/sla/credits/): the ledger with its filters and CSV, one
statement with the reasons, history and next steps by role and state, and computing a month."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core.months import last_finished_month
from core.testing.queries import queries_per_path
from notifications.models import Notification
from slas.models import Agreement, CreditStatement, CreditStatementEvent
from slas.services import credits as services
from slas.tests.factories import agreement_for, incident_for, statement_for
from slas.tests.test_views import _browser_form, _text
from vendors.models import Contract, Vendor
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

State = CreditStatement.State
BERLIN = ZoneInfo("Europe/Berlin")
MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def agreement(contract: Contract) -> Agreement:
    return agreement_for(contract)


def _today() -> dt.date:
    return timezone.localdate()


def _statement(vendor: Vendor, agreement: Agreement, month: dt.date = MARCH, **fields: object) -> CreditStatement:
    return statement_for(vendor, month=month, agreement=agreement, **fields)


def _csv(response: object) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _rows(response: object) -> list[str]:
    """The table's body rows as text."""
    body = response.content.decode().split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


# --- the list ------------------------------------------------------------------------------


def test_the_ledger_shows_each_month_with_badges_and_the_overdue_claim(
    admin_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    _statement(vendor, agreement, claim_deadline=_today() - dt.timedelta(days=1))  # owed, deadline passed
    _statement(
        vendor,
        agreement,
        month=dt.date(2026, 2, 1),
        state=State.CLAIMED,
        claim_deadline=_today() - dt.timedelta(days=3),
        chronic_failure=True,
    )
    _statement(
        vendor,
        agreement,
        month=dt.date(2026, 1, 1),
        state=State.NONE,
        uptime_percent=Decimal("99.9500"),
        credit_percent=Decimal(0),
        availability_credit_percent=Decimal(0),
        credit_amount=Decimal("0.00"),
        lines=[],
    )
    response = admin_client.get("/sla/credits/")
    assert response.status_code == 200
    page = response.content.decode()
    rows = _rows(response)
    deadline = f"{_today() - dt.timedelta(days=1):%Y-%m-%d}"
    assert rows[0] == (
        f"2026-03 Meridian Imaging Systems 99.640 % / 99.9 % Target missed 160.0 min 500.00 EUR (5 %) Owed "
        f"{deadline} overdue no"
    )
    assert "Claimed" in rows[1]
    assert "overdue" not in rows[1]  # claimed: the deadline no longer matters
    assert "Chronic failure" in rows[1]
    assert rows[2].startswith("2026-01 Meridian Imaging Systems 99.950 % / 99.9 % Target met")
    assert "0.00 EUR (0 %) Nothing owed" in rows[2]
    # Status is text and colour.
    assert '<span class="badge text-bg-warning">Owed</span>' in page
    assert '<span class="badge text-bg-danger">overdue</span>' in page
    assert "Compute a month" in page


def test_the_ledger_filters_by_vendor_state_and_month_range_and_exports_csv(
    admin_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    other = VendorFactory(name="Aurora Imaging")
    other_agreement = agreement_for(ContractFactory(vendor=other, reference="AUR-1"))
    for month in (1, 2, 3):
        _statement(vendor, agreement, month=dt.date(2026, month, 1))
    _statement(other, other_agreement, month=dt.date(2026, 2, 1), state=State.DISPUTED)

    def months(**query: str) -> list[str]:
        return [row[:7] + " " + row.split()[1] for row in _rows(admin_client.get("/sla/credits/", query))]

    assert months(vendor=str(other.pk)) == ["2026-02 Aurora"]
    assert months(state="disputed") == ["2026-02 Aurora"]
    assert months(month_from="2026-02", month_to="2026-02") == ["2026-02 Aurora", "2026-02 Meridian"]
    assert months(month="2026-03") == ["2026-03 Meridian"]
    assert months(month_from="2026-03") == ["2026-03 Meridian"]
    assert "Write the month as YYYY-MM" in _text(admin_client.get("/sla/credits/", {"month_from": "March"}))

    rows = _csv(admin_client.get("/sla/credits/", {"export": "csv", "vendor": str(other.pk)}))
    assert rows == [
        ["Month", "Vendor", "Uptime / target", "Downtime", "Credit", "State", "Claim by", "Chronic failure"],
        [
            "2026-02",
            "Aurora Imaging",
            "99.640 % / 99.9 % (missed)",
            "160.0",
            "500.00 EUR (5 %)",
            "Disputed by vendor",
            "2026-03-13",
            "no",
        ],
    ]


def test_overdue_filter_finds_owed_credits_past_their_deadline(
    admin_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    _statement(vendor, agreement, month=dt.date(2026, 1, 1), claim_deadline=_today() - dt.timedelta(days=1))
    _statement(vendor, agreement, month=dt.date(2026, 2, 1), claim_deadline=_today() + dt.timedelta(days=2))
    _statement(vendor, agreement, month=dt.date(2026, 3, 1), state=State.CLAIMED, claim_deadline=dt.date(2026, 4, 1))
    rows = _rows(admin_client.get("/sla/credits/", {"overdue": "true"}))
    assert [row[:7] for row in rows] == ["2026-01"]


def test_an_empty_ledger_explains_statements_and_offers_to_compute(admin_client: Client, staff_client: Client) -> None:
    text = _text(admin_client.get("/sla/credits/"))
    assert "No credit statements yet." in text
    assert "Statements are computed for every vendor with an SLA after each month ends" in text
    assert "you can compute a finished month now" in text
    assert "Compute a month" in text
    staff_text = _text(staff_client.get("/sla/credits/"))
    assert "No credit statements yet." in staff_text
    assert "Compute a month" not in staff_text


def test_the_ledger_uses_a_constant_number_of_queries(
    admin_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    _statement(vendor, agreement)
    paths = ["/sla/credits/?page=1", "/sla/credits/?export=csv"]
    few = queries_per_path(admin_client, paths)
    for n in range(8):
        other = VendorFactory()
        _statement(other, agreement_for(ContractFactory(vendor=other)), month=dt.date(2025, 1 + n, 1))
    assert queries_per_path(admin_client, paths) == few


# --- one statement -------------------------------------------------------------------------


def test_the_statement_page_says_what_is_owed_why_and_by_when(
    admin_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(
        vendor,
        agreement,
        chronic_failure=True,
        ticket_credit_percent=Decimal("10.00"),
        credit_percent=Decimal("15.00"),
        credit_amount=Decimal("1500.00"),
        lines=[
            {"kind": "availability", "description": "Uptime 99.640 % is below 99.9 %: 5 % credit.", "percent": "5"},
            {"kind": "tickets", "description": "7 missed P1 critical response targets × 2 %.", "percent": "14"},
            {"kind": "cap", "description": "Ticket credits capped at 10 %.", "percent": "-4"},
        ],
    )
    text = _text(admin_client.get(f"/sla/credits/{statement.pk}/"))
    assert "Service credit: Meridian Imaging Systems, March 2026 Owed Chronic failure" in text
    assert "Uptime 99.640 % target 99.9 % Target missed" in text
    assert "Downtime 160 min 240 min of approved maintenance excluded" in text
    assert "Credit 1,500.00 EUR 15 % of the monthly fee of 10,000.00 EUR" in text
    assert "availability Uptime 99.640 % is below 99.9 %: 5 % credit. 5 %" in text
    assert "tickets 7 missed P1 critical response targets × 2 %. 14 %" in text
    assert "cap Ticket credits capped at 10 %. -4 %" in text
    assert "Total (availability 5 %, tickets 10 %, within the caps) 15 %" in text
    assert f"Claim by {statement.claim_deadline:%Y-%m-%d}" in text
    assert "Chronic failure. Uptime was below 99.5 % in 3 or more of the last 6 months" in text
    assert (
        f'href="/sla/agreements/{agreement.pk}/"' in admin_client.get(f"/sla/credits/{statement.pk}/").content.decode()
    )
    page = admin_client.get(f"/sla/credits/{statement.pk}/").content.decode()
    assert f'href="/sla/availability/{vendor.pk}/?month=2026-03"' in page


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        (State.NONE, ["recompute"]),
        (State.OWED, ["claim", "recompute"]),
        (State.CLAIMED, ["apply"]),
        (State.ACKNOWLEDGED, ["apply"]),
        (State.DISPUTED, ["answer"]),
        (State.APPLIED, []),
    ],
)
def test_admins_are_offered_the_steps_the_state_allows(
    admin_client: Client, vendor: Vendor, agreement: Agreement, state: str, offered: list[str]
) -> None:
    statement = _statement(vendor, agreement, state=state, invoice_reference="INV-1" if state == State.APPLIED else "")
    page = admin_client.get(f"/sla/credits/{statement.pk}/").content.decode()
    shown = [
        name
        for name in ("claim", "acknowledge", "dispute", "answer", "apply", "recompute")
        if f'value="{name}"' in page
    ]
    assert shown == offered


def test_staff_read_statements_but_take_no_steps(staff_client: Client, vendor: Vendor, agreement: Agreement) -> None:
    statement = _statement(vendor, agreement)
    response = staff_client.get(f"/sla/credits/{statement.pk}/")
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()
    assert "Hospital admins take the next step." in _text(response)
    assert staff_client.post(f"/sla/credits/{statement.pk}/act/", {"action": "claim"}).status_code == 403
    assert staff_client.get("/sla/credits/compute/").status_code == 403
    statement.refresh_from_db()
    assert statement.state == State.OWED


def test_vendor_users_get_404_on_the_hospital_pages(
    vendor_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement, state=State.CLAIMED)
    for path in ("/sla/credits/", f"/sla/credits/{statement.pk}/", "/sla/credits/compute/"):
        assert vendor_client.get(path).status_code == 404
    assert vendor_client.post(f"/sla/credits/{statement.pk}/act/", {"action": "acknowledge"}).status_code == 404


def test_admin_claims_then_applies_the_credit_to_an_invoice(
    admin_client: Client, admin_user: User, vendor_user: User, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement)
    path = f"/sla/credits/{statement.pk}/"
    response = admin_client.post(f"{path}act/", {"action": "claim", "note": "As measured."}, follow=True)
    assert response.redirect_chain == [(path, 302)]
    text = _text(response)
    assert "Credit claimed from Meridian Imaging Systems; their portal users were notified." in text
    assert "Claimed: waiting for Meridian Imaging Systems to acknowledge or dispute it." in text
    statement.refresh_from_db()
    assert statement.state == State.CLAIMED
    notice = Notification.objects.get(recipient=vendor_user)
    assert (notice.title, notice.url) == ("Service credit claimed for March 2026", f"/portal/credits/{statement.pk}/")

    # An invoice reference is required, and short enough to store.
    text = _text(admin_client.post(f"{path}act/", {"action": "apply", "invoice_reference": " "}, follow=True))
    assert "Give the invoice the credit was applied to." in text
    text = _text(admin_client.post(f"{path}act/", {"action": "apply", "invoice_reference": "X" * 81}, follow=True))
    assert "An invoice reference has at most 80 characters." in text
    statement.refresh_from_db()
    assert statement.state == State.CLAIMED

    text = _text(
        admin_client.post(f"{path}act/", {"action": "apply", "invoice_reference": "INV-2026-0412"}, follow=True)
    )
    assert "Credit applied to invoice INV-2026-0412." in text
    assert "Applied to invoice INV-2026-0412. Nothing more to do." in text
    statement.refresh_from_db()
    assert (statement.state, statement.invoice_reference) == (State.APPLIED, "INV-2026-0412")
    history = [(e.kind, e.actor, e.note) for e in statement.events.order_by("at", "pk")]
    assert history == [("claimed", admin_user, "As measured."), ("applied", admin_user, "Invoice INV-2026-0412")]


def test_a_step_the_state_does_not_allow_is_refused_with_a_message(
    admin_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement, state=State.APPLIED, invoice_reference="INV-9")
    path = f"/sla/credits/{statement.pk}/act/"
    text = _text(admin_client.post(path, {"action": "claim"}, follow=True))
    assert "A statement that is applied to invoice cannot be claimed." in text
    text = _text(admin_client.post(path, {"action": "answer", "note": "No."}, follow=True))
    assert "A statement that is applied to invoice cannot be answered." in text
    text = _text(admin_client.post(path, {"action": "recompute"}, follow=True))
    assert "Already applied to invoice; its figures are kept." in text
    text = _text(admin_client.post(path, {"action": "teleport"}, follow=True))
    assert "Unknown action." in text
    # The vendor's steps are the vendor's.
    assert admin_client.post(path, {"action": "acknowledge"}).status_code == 403
    statement.refresh_from_db()
    assert statement.state == State.APPLIED
    assert not statement.events.exists()


def test_admin_answers_a_dispute_with_a_note(
    admin_client: Client, vendor_user: User, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement, state=State.CLAIMED)
    services.statement_dispute(statement=statement, actor=vendor_user, reason="The outage was the hospital's network.")
    path = f"/sla/credits/{statement.pk}/"
    text = _text(admin_client.get(path))
    assert "Meridian Imaging Systems disputes the credit (see the history)" in text
    assert (
        "Disputed by the vendor by Tobias Vendor (Meridian Imaging Systems) The outage was the hospital's network."
        in text
    )

    text = _text(admin_client.post(f"{path}act/", {"action": "answer", "note": "  "}, follow=True))
    assert "Answer the vendor's reasons." in text
    statement.refresh_from_db()
    assert statement.state == State.DISPUTED

    text = _text(
        admin_client.post(f"{path}act/", {"action": "answer", "note": "Our probes saw the archive down."}, follow=True)
    )
    assert "Dispute answered; the claim stands and Meridian Imaging Systems was notified." in text
    assert "Dispute answered; claim upheld by Petra Admin Our probes saw the archive down." in text
    statement.refresh_from_db()
    assert statement.state == State.CLAIMED


# --- computing months ----------------------------------------------------------------------


def _outage(vendor: Vendor, day: int, hours: int) -> None:
    start = dt.datetime(2026, 3, day, 10, 0, tzinfo=BERLIN)
    incident_for(vendor, title=f"Outage on the {day}th", started_at=start, ended_at=start + dt.timedelta(hours=hours))


def test_the_compute_form_offers_finished_months_only(admin_client: Client, vendor: Vendor) -> None:
    latest = last_finished_month()
    page = admin_client.get("/sla/credits/compute/")
    data = _browser_form(page, "month")
    assert data["month"] == [f"{latest:%Y-%m}"]
    assert data["vendor"] == [""]
    assert "All vendors with an SLA that month" in _text(page)

    this_month = timezone.localdate().replace(day=1)
    response = admin_client.post("/sla/credits/compute/", {"month": f"{this_month:%Y-%m}"})
    assert response.status_code == 200
    assert f"{this_month:%Y-%m} has not ended yet; the latest month you can compute is {latest:%Y-%m}." in _text(
        response
    )
    response = admin_client.post("/sla/credits/compute/", {"month": "2026-13"})
    assert "Write the month as YYYY-MM, e.g. 2026-03." in _text(response)
    assert not CreditStatement.objects.exists()


def test_computing_one_vendor_creates_then_replaces_then_keeps_the_claimed_statement(
    admin_client: Client, admin_user: User, vendor: Vendor, agreement: Agreement
) -> None:
    _outage(vendor, 10, 2)  # 120 of March's 44,580 minutes (a DST month): 99.731 %, below 99.9 %: 5 %
    response = admin_client.post("/sla/credits/compute/", {"vendor": vendor.pk, "month": "2026-03"}, follow=True)
    statement = CreditStatement.objects.get()
    assert response.redirect_chain == [(f"/sla/credits/{statement.pk}/", 302)]
    text = _text(response)
    assert "Computed for 2026-03: Meridian Imaging Systems (416.67 EUR owed)." in text
    assert "Uptime 99.730 % target 99.9 % Target missed" in text
    assert (statement.state, statement.credit_amount, statement.downtime_minutes) == (
        State.OWED,
        Decimal("416.67"),
        Decimal("120.0"),
    )

    _outage(vendor, 17, 1)  # a late-recorded outage: the draft is replaced
    text = _text(admin_client.post("/sla/credits/compute/", {"vendor": vendor.pk, "month": "2026-03"}, follow=True))
    assert (
        "Recomputed (the unclaimed draft was replaced) for 2026-03: Meridian Imaging Systems (416.67 EUR owed)." in text
    )
    statement.refresh_from_db()
    assert statement.downtime_minutes == Decimal("180.0")

    services.statement_claim(statement=statement, actor=admin_user)
    _outage(vendor, 24, 1)
    text = _text(admin_client.post("/sla/credits/compute/", {"vendor": vendor.pk, "month": "2026-03"}, follow=True))
    assert "Kept as they are for 2026-03: Meridian Imaging Systems: Already claimed; its figures are kept." in text
    statement.refresh_from_db()
    assert (statement.state, statement.downtime_minutes) == (State.CLAIMED, Decimal("180.0"))
    assert [e.kind for e in statement.events.order_by("at", "pk")] == ["computed", "recomputed", "claimed"]
    assert statement.events.first().actor == admin_user


def test_computing_all_vendors_reports_each_outcome(
    admin_client: Client, admin_user: User, vendor: Vendor, agreement: Agreement
) -> None:
    calm = VendorFactory(name="Calm Systems")
    agreement_for(ContractFactory(vendor=calm, reference="CALM-1"))
    claimed = VendorFactory(name="Claimed Corp")
    claimed_statement = _statement(
        claimed, agreement_for(ContractFactory(vendor=claimed, reference="CLM-1")), state=State.CLAIMED
    )
    VendorFactory(name="No Contract Ltd")
    _outage(vendor, 10, 2)
    response = admin_client.post("/sla/credits/compute/", {"month": "2026-03"}, follow=True)
    assert response.redirect_chain == [("/sla/credits/?month=2026-03", 302)]
    text = _text(response)
    assert "Computed for 2026-03: Meridian Imaging Systems (416.67 EUR owed); Calm Systems (nothing owed)." in text
    assert "Kept as they are for 2026-03: Claimed Corp: Already claimed; its figures are kept." in text
    assert [str(m) for m in response.context["messages"]] == [
        "Computed for 2026-03: Meridian Imaging Systems (416.67 EUR owed); Calm Systems (nothing owed).",
        "Kept as they are for 2026-03: Claimed Corp: Already claimed; its figures are kept.",
    ]  # a vendor without any SLA is not a vendor the month concerns
    assert CreditStatement.objects.count() == 3
    claimed_statement.refresh_from_db()
    assert claimed_statement.state == State.CLAIMED


def test_a_vendor_without_an_sla_that_month_is_skipped_with_the_reason(admin_client: Client) -> None:
    newcomer = VendorFactory(name="Newcomer Imaging")
    agreement_for(ContractFactory(vendor=newcomer, start_date=dt.date(2026, 6, 1), reference="NEW-1"))
    text = _text(admin_client.post("/sla/credits/compute/", {"vendor": newcomer.pk, "month": "2026-03"}, follow=True))
    assert "Skipped for 2026-03: Newcomer Imaging: No SLA was in force that month." in text
    assert not CreditStatement.objects.exists()

    text = _text(admin_client.post("/sla/credits/compute/", {"month": "2026-03"}, follow=True))
    assert "No vendor had an SLA in force in 2026-03; nothing was computed." in text


def test_admin_recomputes_a_draft_from_its_page(admin_client: Client, vendor: Vendor, agreement: Agreement) -> None:
    statement = _statement(vendor, agreement, downtime_minutes=Decimal("999.0"))
    _outage(vendor, 10, 2)
    text = _text(admin_client.post(f"/sla/credits/{statement.pk}/act/", {"action": "recompute"}, follow=True))
    assert "Statement recomputed: 416.67 EUR owed." in text
    statement.refresh_from_db()
    assert statement.downtime_minutes == Decimal("120.0")
    assert CreditStatementEvent.objects.filter(statement=statement, kind="recomputed").exists()
