"""Credit statements (slas/services/credits.py): computing a finished month writes exactly the
figures of the availability read, is idempotent and safe when run twice at once, never touches a
claimed statement, flags chronic failure once, and the claim goes through its states only as the
contract allows."""

import datetime as dt
import threading
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import HospitalAdminFactory
from notifications.models import Notification
from slas import defaults
from slas.models import Agreement, CreditStatement, CreditStatementEvent
from slas.selectors.availability import month_availability
from slas.services.credits import (
    statement_acknowledge,
    statement_answer,
    statement_apply,
    statement_claim,
    statement_compute,
    statement_dispute,
    statements_compute_month,
)
from slas.tests.factories import agreement_for, incident_for
from slas.tests.test_availability import acceptance_month
from vendors.models import Contract, Vendor
from vendors.tests.factories import ContractFactory, VendorFactory

BERLIN = ZoneInfo("Europe/Berlin")
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
OCTOBER = dt.date(2026, 10, 1)
NOW = dt.datetime(2026, 11, 5, 12, tzinfo=BERLIN)
State = CreditStatement.State
Kind = CreditStatementEvent.Kind

# The statement's own figures (what the hospital claims and the vendor checks).
FIGURES = (
    "agreement_id",
    "state",
    "uptime_percent",
    "target_percent",
    "downtime_minutes",
    "excluded_minutes",
    "availability_credit_percent",
    "ticket_credit_percent",
    "credit_percent",
    "monthly_fee",
    "credit_amount",
    "currency",
    "lines",
    "claim_deadline",
    "chronic_failure",
)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def figures_of(statement: CreditStatement) -> dict[str, object]:
    statement.refresh_from_db()
    return {name: getattr(statement, name) for name in FIGURES}


def events_of(statement: CreditStatement) -> list[str]:
    return list(statement.events.values_list("kind", flat=True))


@pytest.fixture
def set_now(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    pinned = [NOW]
    monkeypatch.setattr(timezone, "now", lambda: pinned[0])

    def set_to(value: dt.datetime) -> None:
        pinned[0] = value

    return set_to


@pytest.fixture
def agreement(contract: Contract, set_now: Callable) -> Agreement:
    """The template SLA, maintenance on Sundays 00:00-06:00; 100,000.00 EUR a year."""
    agreement = agreement_for(contract)
    agreement.maintenance_calendar = defaults.maintenance_window_calendar(name="Sunday 00:00-06:00")
    agreement.save()
    return agreement


def owed(vendor: Vendor) -> CreditStatement:
    acceptance_month(vendor)
    return statement_compute(vendor_id=vendor.pk, month=OCTOBER).statement


# --- computing ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_acceptance_month_statement_holds_the_figures_computed_by_hand(
    vendor: Vendor, agreement: Agreement
) -> None:
    acceptance_month(vendor)
    outcome = statement_compute(vendor_id=vendor.pk, month=dt.date(2026, 10, 17))  # any day of the month
    assert (outcome.result, outcome.month) == ("created", OCTOBER)
    statement = outcome.statement
    # 44,700 minutes in October; 240 excluded; 160 down; 44,300 / 44,460 = 99.6401 %; 5 % of
    # 8,333.33 = 416.67 EUR, to be claimed by 31 October + 10 days.
    assert figures_of(statement) == {
        "agreement_id": agreement.pk,
        "state": State.OWED,
        "uptime_percent": Decimal("99.6401"),
        "target_percent": Decimal("99.900"),
        "downtime_minutes": Decimal("160.0"),
        "excluded_minutes": Decimal("240.0"),
        "availability_credit_percent": Decimal("5.00"),
        "ticket_credit_percent": Decimal("0.00"),
        "credit_percent": Decimal("5.00"),
        "monthly_fee": Decimal("8333.33"),
        "credit_amount": Decimal("416.67"),
        "currency": "EUR",
        "lines": [
            {"kind": "availability", "description": "Uptime 99.640 % is below 99.9 %: 5 % credit.", "percent": "5.00"}
        ],
        "claim_deadline": dt.date(2026, 11, 10),
        "chronic_failure": False,
    }
    assert statement.month == OCTOBER
    assert statement.computed_at == NOW
    assert events_of(statement) == [Kind.COMPUTED]
    # The same figures as the availability read shows.
    availability = month_availability(vendor.pk, OCTOBER)
    assert statement.credit_amount == availability.credit.amount
    assert statement.uptime_percent == availability.figures.uptime_percent.quantize(Decimal("0.0001"), ROUND_DOWN)


@pytest.mark.django_db
def test_a_month_within_target_owes_nothing(vendor: Vendor, agreement: Agreement) -> None:
    incident_for(vendor, started_at=berlin(2026, 10, 13, 10), ended_at=berlin(2026, 10, 13, 10, 30))
    statement = statement_compute(vendor_id=vendor.pk, month=OCTOBER).statement
    assert (statement.state, statement.credit_percent, statement.credit_amount) == (State.NONE, 0, 0)
    assert statement.uptime_percent == Decimal("99.9328")  # 44,670 / 44,700 = 99.93288..., not rounded up
    assert statement.lines == []


@pytest.mark.django_db
def test_recomputing_replaces_the_draft_with_the_same_figures(vendor: Vendor, agreement: Agreement) -> None:
    acceptance_month(vendor)
    first = statement_compute(vendor_id=vendor.pk, month=OCTOBER)
    before = figures_of(first.statement)
    second = statement_compute(vendor_id=vendor.pk, month=OCTOBER)
    assert second.result == "replaced"
    assert second.statement.pk == first.statement.pk
    assert figures_of(second.statement) == before
    assert CreditStatement.objects.count() == 1
    assert events_of(second.statement) == [Kind.COMPUTED, Kind.RECOMPUTED]


@pytest.mark.django_db
def test_recomputing_an_unclaimed_statement_takes_in_what_changed(vendor: Vendor, agreement: Agreement) -> None:
    acceptance_month(vendor)
    statement = statement_compute(vendor_id=vendor.pk, month=OCTOBER).statement
    # A late-recorded outage of 5 hours: 460 minutes down, 44,000 / 44,460 = 98.9653 % → 15 %.
    incident_for(vendor, started_at=berlin(2026, 10, 20, 8), ended_at=berlin(2026, 10, 20, 13))
    assert statement_compute(vendor_id=vendor.pk, month=OCTOBER).result == "replaced"
    statement.refresh_from_db()
    assert (statement.downtime_minutes, statement.uptime_percent) == (Decimal("460.0"), Decimal("98.9653"))
    assert (statement.credit_percent, statement.credit_amount) == (Decimal(15), Decimal("1250.00"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [State.CLAIMED, State.ACKNOWLEDGED, State.DISPUTED, State.APPLIED], ids=lambda state: state.value
)
def test_a_claimed_statement_is_kept_as_it_is(vendor: Vendor, agreement: Agreement, state: str) -> None:
    statement = owed(vendor)
    CreditStatement.objects.filter(pk=statement.pk).update(state=state, invoice_reference="INV-1")
    before = figures_of(statement)
    incident_for(vendor, started_at=berlin(2026, 10, 20, 8), ended_at=berlin(2026, 10, 20, 13))
    outcome = statement_compute(vendor_id=vendor.pk, month=OCTOBER, now=NOW + H)
    assert outcome.result == "kept"
    assert outcome.statement.pk == statement.pk
    assert outcome.reason.startswith("Already ")
    assert outcome.reason.endswith("; its figures are kept.")
    assert figures_of(statement) == before
    assert statement.computed_at == NOW
    assert events_of(statement) == [Kind.COMPUTED]


@pytest.mark.django_db
def test_a_month_not_ended_has_no_statement(vendor: Vendor, agreement: Agreement) -> None:
    with pytest.raises(ValidationError) as error:
        statement_compute(vendor_id=vendor.pk, month=OCTOBER, now=berlin(2026, 10, 31, 23, 59))
    assert error.value.message_dict == {"month": ["2026-10 has not ended yet; statements are for finished months."]}
    assert not CreditStatement.objects.exists()
    # From midnight on it can be computed.
    assert statement_compute(vendor_id=vendor.pk, month=OCTOBER, now=berlin(2026, 11, 1)).result == "created"


@pytest.mark.django_db
def test_a_vendor_without_an_agreement_is_skipped(vendor: Vendor, set_now: Callable) -> None:
    outcome = statement_compute(vendor_id=vendor.pk, month=OCTOBER)
    assert (outcome.result, outcome.statement, outcome.reason) == ("skipped", None, "No SLA was in force that month.")
    # Nor when its only agreement ended before the month.
    agreement = agreement_for(ContractFactory(vendor=vendor, start_date=dt.date(2025, 1, 1)))
    agreement.effective_to = dt.date(2026, 9, 30)
    agreement.save()
    assert statement_compute(vendor_id=vendor.pk, month=OCTOBER).result == "skipped"
    assert not CreditStatement.objects.exists()


@pytest.mark.django_db
def test_the_monthly_run_computes_every_vendor_under_an_sla(
    vendor: Vendor, other_vendor: Vendor, agreement: Agreement
) -> None:
    acceptance_month(vendor)
    VendorFactory(name="No SLA Ltd")
    agreement_for(ContractFactory(vendor=other_vendor, start_date=dt.date(2025, 1, 1)))
    outcomes = statements_compute_month(month=OCTOBER)
    assert {(o.vendor_id, o.result) for o in outcomes} == {(vendor.pk, "created"), (other_vendor.pk, "created")}
    assert CreditStatement.objects.get(vendor=vendor).state == State.OWED
    assert CreditStatement.objects.get(vendor=other_vendor).state == State.NONE
    # Run again (a retried task): replaced, nothing doubled.
    assert {o.result for o in statements_compute_month(month=OCTOBER)} == {"replaced"}
    assert CreditStatement.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_computing_at_the_same_time_creates_one_statement(vendor: Vendor, agreement: Agreement) -> None:
    acceptance_month(vendor)
    workers = 4
    barrier = threading.Barrier(workers)
    results: list[str] = []
    errors: list[Exception] = []

    def compute() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(statement_compute(vendor_id=vendor.pk, month=OCTOBER, now=NOW).result)
        except Exception as error:  # noqa: BLE001 (reported below, in the test's thread)
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=compute) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == ["created"] + ["replaced"] * (workers - 1)
    statement = CreditStatement.objects.get()
    assert statement.credit_amount == Decimal("416.67")
    assert sorted(events_of(statement)) == [Kind.COMPUTED] + [Kind.RECOMPUTED] * (workers - 1)


# --- chronic failure ---------------------------------------------------------------------------


def bad_month(vendor: Vendor, month: int, down: dt.timedelta = 4 * H) -> None:
    """Four hours down on the 10th (of 44,640 or 43,200 minutes: below 99.5 %)."""
    started = berlin(2026, month, 10, 9)
    incident_for(vendor, started_at=started, ended_at=started + down)


def chronic_notices(admin: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=admin, title__startswith="Chronic SLA failure"))


@pytest.mark.django_db
def test_chronic_failure_is_flagged_once_when_3_of_6_months_are_below_99_5(
    vendor: Vendor, agreement: Agreement, admin_user: User, staff_user: User
) -> None:
    second_admin = HospitalAdminFactory(username="second-admin")
    for month in (5, 6, 8):  # May 99.4624 %, June 99.4444 %, July fine, August 99.4624 %
        bad_month(vendor, month)
    statements = {
        month: statement_compute(vendor_id=vendor.pk, month=dt.date(2026, month, 1)).statement for month in range(4, 9)
    }
    assert [statements[m].chronic_failure for m in range(4, 9)] == [False, False, False, False, True]
    august = statements[8]
    assert events_of(august) == [Kind.COMPUTED, Kind.CHRONIC]
    note = august.events.get(kind=Kind.CHRONIC).note
    assert note == "Uptime below 99.500 % in 3 of the last 6 months: the contract's chronic-failure terms apply."
    for admin in (admin_user, second_admin):
        (notice,) = chronic_notices(admin)
        assert (notice.level, notice.title, notice.url) == (
            Notification.Level.DANGER,
            f"Chronic SLA failure: {vendor}",
            august.get_absolute_url(),
        )
    assert not Notification.objects.filter(recipient=staff_user).exists()
    # Recomputing August (a retried task) neither flags nor notifies again.
    assert statement_compute(vendor_id=vendor.pk, month=dt.date(2026, 8, 1)).result == "replaced"
    august.refresh_from_db()
    assert august.chronic_failure
    assert events_of(august).count(Kind.CHRONIC) == 1
    assert len(chronic_notices(admin_user)) == 1


@pytest.mark.django_db
def test_two_bad_months_or_three_spread_over_more_than_six_are_not_chronic(
    vendor: Vendor, agreement: Agreement, admin_user: User
) -> None:
    for month in (1, 2, 8):  # January and February are outside March-August
        bad_month(vendor, month)
    flags = [
        statement_compute(vendor_id=vendor.pk, month=dt.date(2026, month, 1)).statement.chronic_failure
        for month in range(1, 9)
    ]
    assert flags == [False] * 8
    assert chronic_notices(admin_user) == []


@pytest.mark.django_db
def test_an_uptime_just_below_the_threshold_is_below_it_for_credit_and_chronic_alike(
    vendor: Vendor, agreement: Agreement, admin_user: User
) -> None:
    # 223.21 minutes down in a 44,640-minute month: 44,416.79 / 44,640 = 99.499978 %. That is
    # below 99.5 % (10 % credit) and must count as below 99.5 % for chronic failure too, and the
    # statement must not show it as 99.5000.
    down = dt.timedelta(minutes=223, seconds=12.6)
    for month in (5, 7, 8):  # 31 days each, summer time throughout
        bad_month(vendor, month, down)
    statements = [statement_compute(vendor_id=vendor.pk, month=dt.date(2026, m, 1)).statement for m in (5, 7, 8)]
    assert [s.credit_percent for s in statements] == [10, 10, 10]
    assert [s.uptime_percent for s in statements] == [Decimal("99.4999")] * 3
    assert statements[0].lines[0]["description"] == "Uptime 99.499 % is below 99.5 %: 10 % credit."
    assert statements[-1].chronic_failure
    assert len(chronic_notices(admin_user)) == 1


# --- the claim's life ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_claim_dispute_answer_acknowledge_apply(
    vendor: Vendor, agreement: Agreement, admin_user: User, vendor_user: User
) -> None:
    statement = owed(vendor)
    statement = statement_claim(statement=statement, actor=admin_user, note="Per contract section 7.")
    assert statement.state == State.CLAIMED
    (claimed,) = Notification.objects.filter(recipient=vendor_user, title__contains="claimed")
    assert claimed.title == "Service credit claimed for October 2026"
    assert claimed.body == "416.67 EUR (5.00 % of the monthly fee)."

    with pytest.raises(ValidationError) as error:
        statement_dispute(statement=statement, actor=vendor_user, reason="   ")
    assert error.value.message_dict == {"reason": ["Say why the credit is disputed."]}
    reason = "The Tuesday outage was the hospital's core switch."
    statement = statement_dispute(statement=statement, actor=vendor_user, reason=f"  {reason} ")
    assert statement.state == State.DISPUTED
    dispute_notice = Notification.objects.get(recipient=admin_user, title__contains="disputes")
    assert (dispute_notice.body, dispute_notice.level) == (reason, Notification.Level.WARNING)

    with pytest.raises(ValidationError) as error:
        statement_answer(statement=statement, actor=admin_user, note="")
    assert error.value.message_dict == {"note": ["Answer the vendor's reasons."]}
    answer = "Our monitoring shows the archive down while the switch was fine."
    statement = statement_answer(statement=statement, actor=admin_user, note=answer)
    assert statement.state == State.CLAIMED

    statement = statement_acknowledge(statement=statement, actor=vendor_user)
    assert statement.state == State.ACKNOWLEDGED

    with pytest.raises(ValidationError) as error:
        statement_apply(statement=statement, actor=admin_user, invoice_reference=" ")
    assert error.value.message_dict == {"invoice_reference": ["Give the invoice the credit was applied to."]}
    statement = statement_apply(statement=statement, actor=admin_user, invoice_reference=" INV-2026-1142 ")
    statement.refresh_from_db()
    assert (statement.state, statement.invoice_reference) == (State.APPLIED, "INV-2026-1142")

    # The whole story is kept, the dispute and the answer with their words.
    history = list(statement.events.values_list("kind", "actor", "note"))
    assert history == [
        (Kind.COMPUTED, None, ""),
        (Kind.CLAIMED, admin_user.pk, "Per contract section 7."),
        (Kind.DISPUTED, vendor_user.pk, reason),
        (Kind.ANSWERED, admin_user.pk, answer),
        (Kind.ACKNOWLEDGED, vendor_user.pk, ""),
        (Kind.APPLIED, admin_user.pk, "Invoice INV-2026-1142"),
    ]
    # The figures never changed on the way.
    assert statement.credit_amount == Decimal("416.67")


@pytest.mark.django_db
def test_a_claimed_statement_can_be_applied_without_acknowledgement(vendor: Vendor, agreement: Agreement) -> None:
    statement = statement_claim(statement=owed(vendor), actor=None)
    statement = statement_apply(statement=statement, actor=None, invoice_reference="INV-7")
    assert statement.state == State.APPLIED


def _claim(s: CreditStatement) -> object:
    return statement_claim(statement=s, actor=None)


def _acknowledge(s: CreditStatement) -> object:
    return statement_acknowledge(statement=s, actor=None)


def _dispute(s: CreditStatement) -> object:
    return statement_dispute(statement=s, actor=None, reason="Not ours.")


def _answer(s: CreditStatement) -> object:
    return statement_answer(statement=s, actor=None, note="It was.")


def _apply(s: CreditStatement) -> object:
    return statement_apply(statement=s, actor=None, invoice_reference="INV-9")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (State.NONE, _claim, "A statement that is nothing owed cannot be claimed."),
        (State.CLAIMED, _claim, "A statement that is claimed cannot be claimed."),
        (State.APPLIED, _claim, "A statement that is applied to invoice cannot be claimed."),
        (State.OWED, _acknowledge, "A statement that is owed cannot be acknowledged."),
        (State.DISPUTED, _acknowledge, "A statement that is disputed by vendor cannot be acknowledged."),
        (State.OWED, _dispute, "A statement that is owed cannot be disputed."),
        (State.ACKNOWLEDGED, _dispute, "A statement that is acknowledged by vendor cannot be disputed."),
        (State.CLAIMED, _answer, "A statement that is claimed cannot be answered."),
        (State.OWED, _apply, "A statement that is owed cannot be applied."),
        (State.DISPUTED, _apply, "A statement that is disputed by vendor cannot be applied."),
        (State.APPLIED, _apply, "A statement that is applied to invoice cannot be applied."),
    ],
    ids=lambda value: getattr(value, "__name__", None) or str(value)[:12],
)
def test_invalid_transitions_are_refused_and_change_nothing(
    vendor: Vendor, agreement: Agreement, state: str, action: Callable, message: str
) -> None:
    statement = owed(vendor)
    CreditStatement.objects.filter(pk=statement.pk).update(state=state, invoice_reference="INV-1")
    statement.refresh_from_db()
    notified = Notification.objects.count()
    with pytest.raises(ValidationError) as error:
        action(statement)
    assert error.value.messages == [message]
    statement.refresh_from_db()
    assert statement.state == state
    assert events_of(statement) == [Kind.COMPUTED]
    assert Notification.objects.count() == notified


@pytest.mark.django_db
def test_a_vendor_whose_statement_cannot_be_computed_is_reported_and_the_others_still_are(
    vendor: Vendor, other_vendor: Vendor, agreement: Agreement, monkeypatch, caplog
) -> None:
    from slas.services import credits

    acceptance_month(vendor)
    agreement_for(ContractFactory(vendor=other_vendor, start_date=dt.date(2025, 1, 1)))
    real_compute = credits._compute

    def broken_for_one(vendor_id: int, *args: object) -> object:
        if vendor_id == vendor.pk:
            raise ArithmeticError("a figure no statement can hold")
        return real_compute(vendor_id, *args)

    monkeypatch.setattr(credits, "_compute", broken_for_one)
    outcomes = statements_compute_month(month=OCTOBER)

    assert {(o.vendor_id, o.result, o.reason) for o in outcomes} == {
        (vendor.pk, "failed", "ArithmeticError: a figure no statement can hold"),
        (other_vendor.pk, "created", ""),
    }
    assert list(CreditStatement.objects.values_list("vendor_id", flat=True)) == [other_vendor.pk]
    assert f"Credit statements: skipped vendor {vendor.pk} after an error" in caplog.text
