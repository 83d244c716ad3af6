"""Service-credit rules (slas/credits.py) with the template's schedule (shared/domain/sla-template.md):
>= 99.9 % nothing; 99.5-99.9 5 %; 99.0-99.5 10 %; 98-99 15 %; below 98 25 %; 2 % per missed P1
response, 1 % per missed P1 restore, ticket credits capped at 10 %, everything at 25 %; as a share
of the monthly fee (annual fee / 12, to the cent)."""

from decimal import Decimal

import pytest

from slas.credits import CreditLine, credit_assess
from slas.models import Agreement, Metric, Severity
from slas.tests.factories import agreement_for
from vendors.models import Vendor
from vendors.tests.factories import ContractFactory

P1_RESPONSE = (Severity.P1, Metric.RESPONSE)
P1_RESOLUTION = (Severity.P1, Metric.RESOLUTION)


@pytest.fixture
def agreement(vendor: Vendor) -> Agreement:
    # Annual fee 100,000.00 EUR: the monthly fee is 8,333.33.
    return agreement_for(ContractFactory(vendor=vendor, annual_fee=Decimal("100000.00"), currency="EUR"))


def lines_add_up(credit: object) -> bool:
    return sum((line.percent for line in credit.lines), Decimal(0)) == credit.percent


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("uptime", "percent"),
    [
        ("100", "0"),
        ("99.95", "0"),
        ("99.9", "0"),  # exactly the target: ">= 99.9 %" earns nothing
        ("99.89", "5"),
        ("99.5", "5"),  # the lower edge of "99.5 - < 99.9"
        ("99.49", "10"),
        ("99.0", "10"),
        ("98.99", "15"),
        ("98.0", "15"),
        ("97.99", "25"),
        ("97", "25"),
        ("0", "25"),
    ],
)
def test_the_band_the_uptime_falls_in(agreement: Agreement, uptime: str, percent: str) -> None:
    credit = credit_assess(agreement, Decimal(uptime), {})
    assert credit.availability_percent == Decimal(percent)
    assert credit.percent == Decimal(percent)
    assert credit.ticket_percent == 0
    assert lines_add_up(credit)
    assert [line.kind for line in credit.lines] == (["availability"] if Decimal(percent) else [])


@pytest.mark.django_db
def test_the_band_is_decided_on_the_exact_uptime_not_a_rounded_one(agreement: Agreement) -> None:
    # 99.89996 % shows as 99.900 to three places, yet it is below 99.9 %: 5 %.
    credit = credit_assess(agreement, Decimal("99.89996"), {})
    assert credit.percent == 5
    assert credit_assess(agreement, Decimal("99.9000"), {}).percent == 0


@pytest.mark.django_db
def test_the_line_says_why(agreement: Agreement) -> None:
    # The acceptance month: 44,300 / 44,460 of the measured minutes.
    uptime = Decimal(44_300) * 100 / Decimal(44_460)
    credit = credit_assess(agreement, uptime, {})
    assert credit.lines == (
        CreditLine("availability", "Uptime 99.640 % is below 99.9 %: 5 % credit.", Decimal("5.00")),
    )
    assert credit.lines[0].as_json() == {
        "kind": "availability",
        "description": "Uptime 99.640 % is below 99.9 %: 5 % credit.",
        "percent": "5.00",
    }


@pytest.mark.django_db
def test_the_amount_is_the_percentage_of_the_monthly_fee_to_the_cent(agreement: Agreement) -> None:
    # 100,000 / 12 = 8,333.333... → 8,333.33; 5 % of it = 416.6665 → 416.67.
    credit = credit_assess(agreement, Decimal("99.64"), {})
    assert (credit.monthly_fee, credit.amount, credit.currency) == (Decimal("8333.33"), Decimal("416.67"), "EUR")
    # 25 %: 2,083.3325 → 2,083.33.
    assert credit_assess(agreement, Decimal("90"), {}).amount == Decimal("2083.33")
    # Nothing owed is 0.00.
    nothing = credit_assess(agreement, Decimal("99.95"), {})
    assert (nothing.percent, nothing.amount, nothing.lines) == (0, Decimal("0.00"), ())


@pytest.mark.django_db
def test_an_odd_fee_in_another_currency(vendor: Vendor) -> None:
    # 12,345.67 CHF a year: 1,028.805833... → 1,028.81 a month. The amount is taken from the
    # monthly fee the statement shows, so a reader can check it: 15 % of 1,028.81 = 154.3215
    # → 154.32.
    agreement = agreement_for(ContractFactory(vendor=vendor, annual_fee=Decimal("12345.67"), currency="CHF"))
    credit = credit_assess(agreement, Decimal("98.5"), {})
    assert (credit.monthly_fee, credit.percent, credit.amount, credit.currency) == (
        Decimal("1028.81"),
        Decimal(15),
        Decimal("154.32"),
        "CHF",
    )


@pytest.mark.django_db
def test_ticket_credits_per_missed_p1_target(agreement: Agreement) -> None:
    # 2 missed P1 responses × 2 % + 3 missed P1 restores × 1 % = 7 %; misses of other severities
    # and metrics earn nothing under the template.
    misses = {P1_RESPONSE: 2, P1_RESOLUTION: 3, (Severity.P2, Metric.RESPONSE): 5, (Severity.P1, Metric.UPDATE): 4}
    credit = credit_assess(agreement, Decimal("99.95"), misses)
    assert (credit.availability_percent, credit.ticket_percent, credit.percent) == (0, 7, 7)
    assert [(line.kind, line.description, line.percent) for line in credit.lines] == [
        ("tickets", "3 missed P1 critical resolution targets × 1 %.", Decimal(3)),
        ("tickets", "2 missed P1 critical response targets × 2 %.", Decimal(4)),
    ]
    assert credit.amount == Decimal("583.33")  # 7 % of 8,333.33 = 583.3331
    one = credit_assess(agreement, Decimal("99.95"), {P1_RESPONSE: 1})
    assert one.lines[0].description == "1 missed P1 critical response target × 2 %."


@pytest.mark.django_db
def test_ticket_credits_are_capped_at_10_percent(agreement: Agreement) -> None:
    # 4 × 2 % + 5 × 1 % = 13 %, capped at 10 %.
    credit = credit_assess(agreement, Decimal("99.95"), {P1_RESPONSE: 4, P1_RESOLUTION: 5})
    assert (credit.ticket_percent, credit.percent) == (10, 10)
    assert credit.lines[-1] == CreditLine("cap", "Ticket credits capped at 10 %.", Decimal(-3))
    assert lines_add_up(credit)


@pytest.mark.django_db
def test_availability_and_ticket_credits_add_up_to_the_overall_cap(agreement: Agreement) -> None:
    # 99.64 % → 5 %, plus 2 missed responses (4 %) and a missed restore (1 %): 10 %, no cap.
    both = credit_assess(agreement, Decimal("99.64"), {P1_RESPONSE: 2, P1_RESOLUTION: 1})
    assert (both.availability_percent, both.ticket_percent, both.percent) == (5, 5, 10)
    assert [line.kind for line in both.lines] == ["availability", "tickets", "tickets"]
    assert both.amount == Decimal("833.33")
    # 97 % → 25 %, plus 3 missed responses (6 %): 31 %, capped at 25 %.
    capped = credit_assess(agreement, Decimal("97"), {P1_RESPONSE: 3})
    assert (capped.availability_percent, capped.ticket_percent, capped.percent) == (25, 6, 25)
    assert capped.lines[-1] == CreditLine("cap", "Credits capped at 25 % a month.", Decimal(-6))
    assert capped.amount == Decimal("2083.33")
    assert lines_add_up(capped)
    # Both caps at once: 13 % of tickets → 10 %, 25 + 10 = 35 % → 25 %.
    both_caps = credit_assess(agreement, Decimal("97"), {P1_RESPONSE: 4, P1_RESOLUTION: 5})
    assert [line.kind for line in both_caps.lines] == ["availability", "tickets", "tickets", "cap", "cap"]
    assert both_caps.percent == 25
    assert lines_add_up(both_caps)


@pytest.mark.django_db
def test_an_agreement_with_its_own_caps(agreement: Agreement) -> None:
    agreement.credit_cap_percent = Decimal(8)
    agreement.ticket_credit_cap_percent = Decimal(3)
    credit = credit_assess(agreement, Decimal("99.64"), {P1_RESPONSE: 3})  # 5 % + min(6, 3) % = 8 %
    assert (credit.ticket_percent, credit.percent) == (3, 8)
    assert [line.kind for line in credit.lines] == ["availability", "tickets", "cap"]
    capped = credit_assess(agreement, Decimal("99.4"), {P1_RESPONSE: 3})  # 10 + 3 = 13 → 8
    assert capped.percent == 8
    assert capped.lines[-1].description == "Credits capped at 8 % a month."
