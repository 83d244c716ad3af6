"""Service credits in the vendor portal: the vendor's claimed (or settled) months, why a credit
is owed, and acknowledging or disputing it; the hospital's answer and the history kept."""

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client

from accounts.models import User
from core.testing.queries import queries_per_path
from notifications.models import Notification
from slas.models import Agreement, CreditStatement
from slas.services import credits as services
from slas.tests.factories import agreement_for, statement_for
from vendors.models import Vendor
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

State = CreditStatement.State


@pytest.fixture
def agreement(vendor: Vendor) -> Agreement:
    return agreement_for(ContractFactory(vendor=vendor, reference="MIS-2024-017"))


def _statement(vendor: Vendor, agreement: Agreement, month: int = 3, **fields: object) -> CreditStatement:
    return statement_for(vendor, month=dt.date(2026, month, 1), agreement=agreement, **fields)


def _text(response: object) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_list_shows_claimed_and_settled_months_but_not_the_hospitals_drafts(
    vendor_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    _statement(vendor, agreement, month=1, state=State.NONE, credit_amount=0, credit_percent=0, lines=[])
    _statement(vendor, agreement, month=2, state=State.CLAIMED)
    _statement(vendor, agreement, month=3)  # owed, not claimed yet: the hospital's draft
    other = VendorFactory(name="Other Vendor GmbH")
    _statement(other, agreement_for(ContractFactory(vendor=other)), month=2, state=State.CLAIMED)

    response = vendor_client.get("/portal/credits/")
    assert response.status_code == 200
    text = _text(response)
    assert "2026-02 99.640 % / 99.9 % Target missed 160.0 min 500.00 EUR (5 %) Claimed" in text
    assert "2026-01" in text
    assert "Nothing owed" in text
    assert "2026-03 " not in text  # the month column; deadlines read 2026-03-13
    assert "Other Vendor" not in text.split("Vendor portal")[1]
    assert f'href="/portal/credits/{CreditStatement.objects.get(vendor=vendor, month="2026-02-01").pk}/"' in (
        response.content.decode()
    )
    export = b"".join(vendor_client.get("/portal/credits/", {"export": "csv"}).streaming_content).decode()
    assert export.splitlines()[0] == "Month,Uptime / target,Downtime,Credit,State,Claim by,Chronic failure"
    assert len(export.splitlines()) == 3


def test_the_filters_offer_no_draft_states(vendor_client: Client) -> None:
    page = vendor_client.get("/portal/credits/").content.decode()
    assert 'value="claimed"' in page
    assert 'value="owed"' not in page
    assert "Claim overdue" not in page


def test_an_empty_list_says_when_credits_appear(vendor_client: Client) -> None:
    text = _text(vendor_client.get("/portal/credits/"))
    assert "a month shows here once the hospital claims its credit, or when nothing is owed" in text


def test_drafts_and_other_vendors_statements_are_404(
    vendor_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    draft = _statement(vendor, agreement)
    other = VendorFactory()
    foreign = _statement(other, agreement_for(ContractFactory(vendor=other)), state=State.CLAIMED)
    for statement in (draft, foreign):
        assert vendor_client.get(f"/portal/credits/{statement.pk}/").status_code == 404
        response = vendor_client.post(f"/portal/credits/{statement.pk}/act/", {"action": "acknowledge"})
        assert response.status_code == 404
        statement.refresh_from_db()
        assert not statement.events.exists()


def test_hospital_users_have_no_portal(admin_client: Client, vendor: Vendor, agreement: Agreement) -> None:
    statement = _statement(vendor, agreement, state=State.CLAIMED)
    assert admin_client.get("/portal/credits/").status_code == 404
    assert admin_client.get(f"/portal/credits/{statement.pk}/").status_code == 404


def test_the_vendor_disputes_the_hospital_answers_and_the_vendor_acknowledges(
    vendor_client: Client,
    admin_client: Client,
    admin_user: User,
    vendor_user: User,
    vendor: Vendor,
    agreement: Agreement,
) -> None:
    statement = _statement(vendor, agreement)
    services.statement_claim(statement=statement, actor=admin_user, note="Measured by our probes.")
    path = f"/portal/credits/{statement.pk}/"

    page = vendor_client.get(path)
    text = _text(page)
    assert "Service credit: March 2026 Claimed" in text
    assert "The hospital claims this credit. Acknowledge it, or dispute it and say why." in text
    assert "availability Uptime 99.640 % is below 99.9 %: 5 % credit. 5 %" in text
    assert "Claimed from the vendor by Petra Admin Measured by our probes." in text
    assert 'href="/portal/availability/?month=2026-03"' in page.content.decode()
    assert [
        name
        for name in ("claim", "acknowledge", "dispute", "answer", "apply")
        if f'value="{name}"' in page.content.decode()
    ] == [
        "acknowledge",
        "dispute",
    ]

    # A dispute needs its reason.
    text = _text(vendor_client.post(f"{path}act/", {"action": "dispute", "reason": ""}, follow=True))
    assert "Say why the credit is disputed." in text
    statement.refresh_from_db()
    assert statement.state == State.CLAIMED

    reason = "The archive was reachable; the outage was the hospital's core switch."
    response = vendor_client.post(f"{path}act/", {"action": "dispute", "reason": reason}, follow=True)
    assert response.redirect_chain == [(path, 302)]
    text = _text(response)
    assert "Dispute sent; the hospital will answer it here." in text
    assert "You disputed the credit; the hospital will answer here." in text
    assert 'value="acknowledge"' not in response.content.decode()
    assert Notification.objects.filter(
        recipient=admin_user, title="Meridian Imaging Systems disputes the credit for March 2026", body=reason
    ).exists()

    # The hospital answers; the claim stands.
    text = _text(
        admin_client.post(
            f"/sla/credits/{statement.pk}/act/",
            {"action": "answer", "note": "Our probes saw the archive down."},
            follow=True,
        )
    )
    assert "Dispute answered; the claim stands" in text
    assert Notification.objects.filter(
        recipient=vendor_user, title="Your dispute of the March 2026 credit was answered"
    ).exists()

    # The vendor accepts.
    text = _text(vendor_client.post(f"{path}act/", {"action": "acknowledge", "note": "Fair enough."}, follow=True))
    assert "Credit acknowledged; the hospital was notified." in text
    assert "You acknowledged the credit; the hospital deducts it from an invoice." in text
    statement.refresh_from_db()
    assert statement.state == State.ACKNOWLEDGED

    # Every step is kept, with who took it and what they said, on both sides.
    expected = [
        "Claimed from the vendor by Petra Admin Measured by our probes.",
        f"Disputed by the vendor by Tobias Vendor (Meridian Imaging Systems) {reason}",
        "Dispute answered; claim upheld by Petra Admin Our probes saw the archive down.",
        "Acknowledged by the vendor by Tobias Vendor (Meridian Imaging Systems) Fair enough.",
    ]
    for page_text in (_text(vendor_client.get(path)), _text(admin_client.get(f"/sla/credits/{statement.pk}/"))):
        history = page_text.split("History", 1)[1]
        positions = [history.index(entry) for entry in expected]
        assert positions == sorted(positions)


def test_vendor_users_cannot_take_the_hospitals_steps(
    vendor_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    statement = _statement(vendor, agreement, state=State.ACKNOWLEDGED)
    response = vendor_client.post(f"/portal/credits/{statement.pk}/act/", {"action": "apply", "invoice_reference": "X"})
    assert response.status_code == 403
    text = _text(
        vendor_client.post(
            f"/portal/credits/{statement.pk}/act/", {"action": "dispute", "reason": "Late."}, follow=True
        )
    )
    assert "A statement that is acknowledged by vendor cannot be disputed." in text
    statement.refresh_from_db()
    assert statement.state == State.ACKNOWLEDGED


def test_the_portal_list_uses_a_constant_number_of_queries(
    vendor_client: Client, vendor: Vendor, agreement: Agreement
) -> None:
    _statement(vendor, agreement, state=State.CLAIMED)
    few = queries_per_path(vendor_client, ["/portal/credits/?page=1"])
    for month in range(4, 12):
        _statement(vendor, agreement, month=month, state=State.CLAIMED)
    assert queries_per_path(vendor_client, ["/portal/credits/?page=1"]) == few
