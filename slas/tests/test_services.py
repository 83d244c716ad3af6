"""The slas services and selectors against the real database: calendars with their windows and
holidays (and the clocks cached on them), public holidays, agreements and their versions."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from slas import defaults
from slas.models import Agreement, AgreementTarget, BusinessCalendar, CalendarWindow, EscalationRule, Holiday, Metric
from slas.selectors.agreements import agreement_detail, agreement_in_force, agreement_in_force_for_vendor
from slas.selectors.calendars import calendar_clock
from slas.services.agreements import RuleInput, TargetInput, agreement_new_version, agreement_save
from slas.services.calendars import (
    PublicHoliday,
    WindowInput,
    calendar_save,
    holiday_add,
    holiday_delete,
    public_holidays_import,
    public_holidays_preview,
)
from slas.tests.factories import agreement_for, template_targets
from vendors.models import Contract
from vendors.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
H = dt.timedelta(hours=1)
T = dt.time


def _stored_calendar(calendar: BusinessCalendar) -> tuple[dict, list[tuple]]:
    row = BusinessCalendar.objects.filter(pk=calendar.pk).values().get()
    windows = list(CalendarWindow.objects.filter(calendar=calendar).order_by("pk").values_list())
    return row, windows


def _stored_agreement(agreement: Agreement) -> tuple[dict, list[tuple], list[tuple]]:
    """The agreement's row with its target and rule rows, ids included (replaced rows get new ids)."""
    row = Agreement.objects.filter(pk=agreement.pk).values().get()
    targets = list(AgreementTarget.objects.filter(agreement=agreement).order_by("pk").values_list())
    rules = list(EscalationRule.objects.filter(agreement=agreement).order_by("pk").values_list())
    return row, targets, rules


# --- calendars -----------------------------------------------------------------------------


def test_calendar_save_replaces_the_windows_as_a_whole(office: BusinessCalendar) -> None:
    assert office.windows.count() == 5
    calendar_save(
        calendar=office,
        windows=[WindowInput(0, T(13), T(17)), WindowInput(0, T(8), T(12)), WindowInput(5, T(9), T(13))],
    )
    stored = [(w.weekday, w.start, w.end) for w in CalendarWindow.objects.filter(calendar=office)]
    assert stored == [(0, T(8), T(12)), (0, T(13), T(17)), (5, T(9), T(13))]

    # The clock of the calendar as saved now: Monday's lunch break does not count, Tuesday is closed.
    clock = calendar_clock(BusinessCalendar.objects.get(pk=office.pk))
    monday = dt.datetime(2026, 6, 1, 11, 0, tzinfo=BERLIN)
    assert clock.add(monday, 2 * H) == dt.datetime(2026, 6, 1, 14, 0, tzinfo=BERLIN)
    assert clock.add(dt.datetime(2026, 6, 1, 16, 0, tzinfo=BERLIN), 2 * H) == dt.datetime(
        2026, 6, 6, 10, 0, tzinfo=BERLIN
    )


@pytest.mark.parametrize(
    ("windows", "message"),
    [
        pytest.param(
            [WindowInput(0, T(8), T(12)), WindowInput(0, T(11), T(14))],
            "Windows on Monday overlap.",
            id="overlap",
        ),
        pytest.param(
            [WindowInput(2, T(8), T(12)), WindowInput(2, T(12), T(18)), WindowInput(2, T(9), T(10))],
            "Windows on Wednesday overlap.",
            id="one-inside-another",
        ),
        pytest.param(
            [WindowInput(1, T(17), T(9))], "Tuesday: a window must end after it starts.", id="end-before-start"
        ),
        pytest.param([WindowInput(4, T(9), T(9))], "Friday: a window must end after it starts.", id="empty-window"),
        pytest.param(
            [], "Give the calendar at least one weekly window, or mark it always open (24x7).", id="no-windows"
        ),
    ],
)
def test_bad_windows_are_refused_and_the_stored_calendar_is_unchanged(
    office: BusinessCalendar, windows: list[WindowInput], message: str
) -> None:
    before = _stored_calendar(office)
    office.name = "Renamed while failing"
    with pytest.raises(ValidationError) as error:
        calendar_save(calendar=office, windows=windows)
    assert error.value.messages == [message]
    assert _stored_calendar(office) == before

    with pytest.raises(ValidationError) as error:
        calendar_save(calendar=BusinessCalendar(name="New and broken"), windows=windows)
    assert error.value.messages == [message]
    assert not BusinessCalendar.objects.filter(name="New and broken").exists()


def test_calendar_fields_are_validated_too(office: BusinessCalendar) -> None:
    with pytest.raises(ValidationError) as error:
        calendar_save(calendar=BusinessCalendar(name="Mars office", timezone="Mars/Olympus"), windows=[])
    assert error.value.message_dict == {"timezone": ["“Mars/Olympus” is not an IANA timezone, e.g. Europe/Berlin."]}

    with pytest.raises(ValidationError) as error:
        calendar_save(calendar=BusinessCalendar(name="BUSINESS HOURS"), windows=[WindowInput(0, T(8), T(9))])
    assert error.value.messages == ["A calendar with this name exists."]
    assert BusinessCalendar.objects.count() == 1


def test_a_24x7_calendar_needs_no_windows() -> None:
    calendar = calendar_save(calendar=BusinessCalendar(name="Round the clock", always_open=True), windows=[])
    calendar.refresh_from_db()
    assert calendar.always_open
    assert not calendar.windows.exists()
    clock = calendar_clock(calendar)
    saturday_night = dt.datetime(2026, 6, 6, 23, 0, tzinfo=BERLIN)
    assert clock.add(saturday_night, 4 * H) == dt.datetime(2026, 6, 7, 3, 0, tzinfo=BERLIN)


def test_end_00_00_means_midnight_at_the_end_of_the_day() -> None:
    calendar = calendar_save(
        calendar=BusinessCalendar(name="Evenings and Saturdays"),
        windows=[WindowInput(4, T(18), T(0)), WindowInput(5, T(0), T(0))],
    )
    friday, saturday = calendar.windows.all()
    assert (friday.start_minute, friday.end_minute) == (18 * 60, 24 * 60)
    assert (saturday.start_minute, saturday.end_minute) == (0, 24 * 60)

    clock = calendar_clock(calendar)
    assert clock.is_open(dt.datetime(2026, 6, 5, 23, 59, tzinfo=BERLIN))
    # Friday 18:00 to Sunday 00:00 is 6 + 24 hours open, without a gap at midnight.
    assert (
        clock.between(dt.datetime(2026, 6, 5, 12, 0, tzinfo=BERLIN), dt.datetime(2026, 6, 7, 12, 0, tzinfo=BERLIN))
        == 30 * H
    )


# --- holidays ------------------------------------------------------------------------------


def test_adding_and_deleting_a_holiday_gives_a_fresh_clock(office: BusinessCalendar) -> None:
    monday = dt.datetime(2026, 6, 1, 8, 0, tzinfo=BERLIN)
    before = calendar_clock(office)
    assert calendar_clock(office) is before  # cached while the calendar is unchanged
    assert before.add(monday, 4 * H) == dt.datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN)
    saved_at = office.updated_at

    holiday = holiday_add(calendar=office, name="Staff outing", date=dt.date(2026, 6, 1))
    office.refresh_from_db()
    assert office.updated_at > saved_at
    assert holiday.source == ""
    with_holiday = calendar_clock(office)
    assert with_holiday is not before
    assert with_holiday.add(monday, 4 * H) == dt.datetime(2026, 6, 2, 12, 0, tzinfo=BERLIN)
    saved_at = office.updated_at

    holiday_delete(holiday=Holiday.objects.get(pk=holiday.pk))
    office.refresh_from_db()
    assert office.updated_at > saved_at
    assert not Holiday.objects.exists()
    assert calendar_clock(office).add(monday, 4 * H) == dt.datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN)


def test_a_closure_of_several_days_closes_each_of_them(office: BusinessCalendar) -> None:
    holiday_add(calendar=office, name="Year-end closure", date=dt.date(2026, 12, 24), end_date=dt.date(2027, 1, 1))
    office.refresh_from_db()
    clock = calendar_clock(office)
    opened = dt.datetime(2026, 12, 23, 17, 0, tzinfo=BERLIN)
    assert clock.add(opened, 2 * H) == dt.datetime(2027, 1, 4, 9, 0, tzinfo=BERLIN)


def test_a_holiday_range_that_ends_before_it_starts_is_refused(office: BusinessCalendar) -> None:
    before = _stored_calendar(office)
    with pytest.raises(ValidationError) as error:
        holiday_add(calendar=office, name="Backwards", date=dt.date(2026, 12, 31), end_date=dt.date(2026, 12, 24))
    assert error.value.messages == ["A holiday range ends on or after its first day."]
    assert not Holiday.objects.exists()
    assert _stored_calendar(office) == before


def test_the_same_holiday_twice_is_refused(office: BusinessCalendar) -> None:
    holiday_add(calendar=office, name="Christmas Day", date=dt.date(2026, 12, 25))
    with pytest.raises(ValidationError):
        holiday_add(calendar=office, name="Christmas Day", date=dt.date(2026, 12, 25))
    assert Holiday.objects.count() == 1


# --- public holidays -----------------------------------------------------------------------


def test_preview_of_berlin_public_holidays() -> None:
    found = public_holidays_preview(country="DE", subdivision="BE", years=[2026])
    assert PublicHoliday(dt.date(2026, 4, 3), "Good Friday") in found
    assert PublicHoliday(dt.date(2026, 3, 8), "Women's Day") in found  # Berlin only
    assert [entry.date for entry in found] == sorted(entry.date for entry in found)
    assert {entry.date.year for entry in found} == {2026}

    # Lower case is accepted; without the region, Berlin's own holiday is not in the list.
    assert public_holidays_preview(country="de", subdivision="be", years=[2026]) == found
    germany = public_holidays_preview(country="DE", subdivision="", years=[2026, 2027])
    assert dt.date(2026, 3, 8) not in {entry.date for entry in germany}
    assert dt.date(2027, 3, 26) in {entry.date for entry in germany}  # Good Friday 2027


def test_preview_of_an_unknown_country_is_an_error_on_the_country() -> None:
    with pytest.raises(ValidationError) as error:
        public_holidays_preview(country="XX", subdivision="", years=[2026])
    assert error.value.message_dict == {"country": ["No public holidays are known for “XX”."]}


def test_preview_of_an_unknown_subdivision_is_an_error_on_the_subdivision() -> None:
    with pytest.raises(ValidationError) as error:
        public_holidays_preview(country="DE", subdivision="XX", years=[2026])
    assert set(error.value.message_dict) == {"subdivision"}


def test_import_adds_only_the_chosen_holidays_and_skips_known_ones(office: BusinessCalendar) -> None:
    found = {entry.date: entry for entry in public_holidays_preview(country="DE", subdivision="BE", years=[2026])}
    holiday_add(calendar=office, name="Good Friday", date=dt.date(2026, 4, 3))
    office.refresh_from_db()
    saved_at = office.updated_at
    clock = calendar_clock(office)
    chosen = [found[dt.date(2026, 4, 3)], found[dt.date(2026, 4, 6)], found[dt.date(2026, 12, 25)]]

    added = public_holidays_import(calendar=office, country="de", subdivision="be", chosen=chosen)

    assert added == 2
    stored = list(office.holidays.order_by("date").values_list("date", "name", "source"))
    assert stored == [
        (dt.date(2026, 4, 3), "Good Friday", ""),
        (dt.date(2026, 4, 6), "Easter Monday", "holidays DE-BE"),
        (dt.date(2026, 12, 25), "Christmas Day", "holidays DE-BE"),
    ]
    office.refresh_from_db()
    assert office.updated_at > saved_at
    fresh = calendar_clock(office)
    assert fresh is not clock
    maundy_thursday = dt.datetime(2026, 4, 2, 17, 0, tzinfo=BERLIN)
    assert fresh.add(maundy_thursday, 2 * H) == dt.datetime(2026, 4, 7, 9, 0, tzinfo=BERLIN)

    # The same import again adds nothing.
    assert public_holidays_import(calendar=office, country="DE", subdivision="BE", chosen=chosen) == 0
    assert office.holidays.count() == 3


def test_import_without_a_region_names_the_country_only(office: BusinessCalendar) -> None:
    chosen = public_holidays_preview(country="DE", subdivision="", years=[2026])[:1]
    assert public_holidays_import(calendar=office, country="de", subdivision="", chosen=chosen) == 1
    assert office.holidays.get().source == "holidays DE"


def test_reimport_under_another_server_locale_adds_no_duplicates(
    office: BusinessCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    german = public_holidays_preview(country="DE", subdivision="BE", years=[2026])
    public_holidays_import(calendar=office, country="DE", subdivision="BE", chosen=german)
    monkeypatch.setenv("LANGUAGE", "en_US")
    english = public_holidays_preview(country="DE", subdivision="BE", years=[2026])
    assert public_holidays_import(calendar=office, country="DE", subdivision="BE", chosen=english) == 0


# --- agreements ----------------------------------------------------------------------------


def _agreement(contract: Contract, **fields: object) -> Agreement:
    return Agreement(
        **{"contract": contract, "version": 1, "name": "Meridian support SLA", "effective_from": dt.date(2025, 1, 1)}
        | fields
    )


def test_agreement_save_stores_targets_and_rules_and_replaces_them_as_a_whole(
    contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    agreement = agreement_save(
        agreement=_agreement(contract, uptime_target_percent=Decimal("99.950")),
        targets=template_targets(office, always),
        rules=defaults.TEMPLATE_RULES,
    )
    agreement = agreement_detail().get(pk=agreement.pk)
    targets = {t.severity: (t.calendar, t.response, t.update, t.resolution) for t in agreement.targets.all()}
    assert targets == {
        "P1": (always, dt.timedelta(minutes=15), H, 4 * H),
        "P2": (always, H, 4 * H, 8 * H),
        "P3": (office, 4 * H, 10 * H, 30 * H),
        "P4": (office, 10 * H, 50 * H, None),
    }
    rules = [(r.metric, r.threshold_percent) for r in agreement.escalation_rules.all()]
    assert rules == [
        ("response", 50),
        ("response", 100),
        ("response", 150),
        ("update", 100),
        ("resolution", 50),
        ("resolution", 75),
        ("resolution", 100),
        ("resolution", 150),
    ]
    breach = agreement.escalation_rules.get(metric=Metric.RESOLUTION, threshold_percent=100)
    assert (breach.notify_contact_role, breach.notify_hospital_admins, breach.raise_tier_to) == (
        "escalation_manager",
        True,
        "remote_diagnostics",
    )

    # Saved again with other targets and a shorter escalation path: nothing of the old rows is left.
    faster = [
        TargetInput(t.severity, always.pk, t.response / 2, t.update, t.resolution)
        for t in template_targets(office, always)
    ]
    agreement_save(agreement=agreement, targets=faster, rules=[RuleInput(Metric.RESPONSE, 100)])
    assert set(agreement.targets.values_list("calendar", flat=True)) == {always.pk}
    assert agreement.targets.get(severity="P1").response == dt.timedelta(minutes=7, seconds=30)
    assert list(agreement.escalation_rules.values_list("metric", "threshold_percent")) == [("response", 100)]
    assert AgreementTarget.objects.count() == 4
    assert EscalationRule.objects.count() == 1


Inputs = Callable[[BusinessCalendar, BusinessCalendar], tuple[list[TargetInput], list[RuleInput]]]


def _with_target(severity: str, **changes: object) -> Inputs:
    def make(office: BusinessCalendar, always: BusinessCalendar) -> tuple[list[TargetInput], list[RuleInput]]:
        targets = [
            TargetInput(**(t.__dict__ | changes)) if t.severity == severity else t
            for t in template_targets(office, always)
        ]
        return targets, defaults.TEMPLATE_RULES

    return make


def _targets_where(change: Callable[[list[TargetInput]], list[TargetInput]]) -> Inputs:
    return lambda office, always: (change(template_targets(office, always)), defaults.TEMPLATE_RULES)


def _rules(*rules: RuleInput) -> Inputs:
    return lambda office, always: (template_targets(office, always), [*defaults.TEMPLATE_RULES[:2], *rules])


BAD_INPUTS = [
    pytest.param(_targets_where(lambda ts: ts[:3]), ["Give targets for every severity; missing: P4."], id="missing"),
    pytest.param(
        _targets_where(lambda ts: [*ts, ts[1]]),
        ["One target row per severity: P2 appears more than once."],
        id="duplicate-severity",
    ),
    pytest.param(_with_target("P1", response=dt.timedelta(0)), ["P1: Durations must be positive."], id="zero-response"),
    pytest.param(_with_target("P3", resolution=-H), ["P3: Durations must be positive."], id="negative-resolution"),
    pytest.param(_with_target("P4", update=dt.timedelta(0)), ["P4: Durations must be positive."], id="zero-update"),
    pytest.param(
        _rules(RuleInput(Metric.UPDATE, 0)),
        ["Status update at 0 %: Ensure this value is greater than or equal to 1."],
        id="threshold-0",
    ),
    pytest.param(
        _rules(RuleInput(Metric.RESOLUTION, 501)),
        ["Resolution at 501 %: Ensure this value is less than or equal to 500."],
        id="threshold-501",
    ),
    pytest.param(
        _rules(RuleInput(Metric.UPDATE, 150, notify_assignee=False)),
        ["Status update at 150 %: Choose at least one action for this rule."],
        id="rule-without-action",
    ),
    pytest.param(
        _rules(RuleInput(Metric.RESPONSE, 100, notify_hospital_admins=True)),
        ["Response has two rules at 100 %."],
        id="two-rules-at-one-threshold",
    ),
]


@pytest.mark.parametrize(("inputs", "messages"), BAD_INPUTS)
def test_bad_targets_or_rules_save_nothing(
    contract: Contract, office: BusinessCalendar, always: BusinessCalendar, inputs: Inputs, messages: list[str]
) -> None:
    targets, rules = inputs(office, always)

    # A new agreement: nothing is stored.
    with pytest.raises(ValidationError) as error:
        agreement_save(agreement=_agreement(contract), targets=targets, rules=rules)
    assert error.value.messages == messages
    assert not Agreement.objects.exists()
    assert not AgreementTarget.objects.exists()
    assert not EscalationRule.objects.exists()

    # An existing agreement: its row, targets and rules stay as they were.
    existing = agreement_for(contract)
    before = _stored_agreement(existing)
    existing.name = "Changed while failing"
    with pytest.raises(ValidationError) as error:
        agreement_save(agreement=existing, targets=targets, rules=rules)
    assert error.value.messages == messages
    assert _stored_agreement(existing) == before


def test_agreement_rows_are_validated_before_anything_is_saved(
    contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    targets = template_targets(office, always)
    with pytest.raises(ValidationError) as error:
        agreement_save(
            agreement=_agreement(contract, effective_to=dt.date(2024, 12, 31)),
            targets=targets,
            rules=defaults.TEMPLATE_RULES,
        )
    assert error.value.messages == ["An agreement cannot end before it takes effect."]
    with pytest.raises(ValidationError) as error:
        agreement_save(
            agreement=_agreement(contract, uptime_target_percent=Decimal("100.5")),
            targets=targets,
            rules=defaults.TEMPLATE_RULES,
        )
    assert error.value.message_dict == {"uptime_target_percent": ["Ensure this value is less than or equal to 100."]}
    assert not Agreement.objects.exists()


def test_versions_of_one_contract_must_not_overlap(
    contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    first = agreement_for(contract)  # from 2025-01-01, open-ended
    targets = template_targets(office, always)

    with pytest.raises(ValidationError) as error:
        agreement_save(
            agreement=_agreement(contract, version=2, effective_from=dt.date(2026, 1, 1)),
            targets=targets,
            rules=defaults.TEMPLATE_RULES,
        )
    assert error.value.message_dict == {
        "effective_from": [
            "The effective dates overlap another version of this contract's SLA: v1 from 2025-01-01 (open-ended)."
        ]
    }
    assert list(Agreement.objects.values_list("pk", flat=True)) == [first.pk]

    # With an end to the first version the second fits after it, but not before its end.
    first.effective_to = dt.date(2025, 12, 31)
    agreement_save(agreement=first, targets=targets, rules=defaults.TEMPLATE_RULES)
    second = agreement_save(
        agreement=_agreement(contract, version=2, effective_from=dt.date(2026, 1, 1)),
        targets=targets,
        rules=defaults.TEMPLATE_RULES,
    )
    before = _stored_agreement(second)
    second.effective_from = dt.date(2025, 12, 1)
    with pytest.raises(ValidationError) as error:
        agreement_save(agreement=second, targets=targets, rules=[])
    assert error.value.message_dict == {
        "effective_from": [
            "The effective dates overlap another version of this contract's SLA: v1 from 2025-01-01 to 2025-12-31."
        ]
    }
    assert _stored_agreement(second) == before

    # Another contract's versions do not count; a version number is once per contract.
    agreement_for(ContractFactory(vendor=contract.vendor), effective_from=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        agreement_save(
            agreement=_agreement(
                contract, version=2, effective_from=dt.date(2024, 1, 1), effective_to=dt.date(2024, 12, 31)
            ),
            targets=targets,
            rules=[],
        )
    assert error.value.messages == ["This contract already has an agreement with this version number."]
    assert contract.agreements.count() == 2


def test_a_new_version_copies_the_terms_and_ends_the_previous_one(contract: Contract) -> None:
    first = agreement_for(contract)
    first.uptime_target_percent = Decimal("99.500")
    first.notes = "Renegotiated yearly."
    first.save()

    second = agreement_new_version(agreement=first, effective_from=dt.date(2026, 7, 1))

    first.refresh_from_db()
    assert first.effective_to == dt.date(2026, 6, 30)
    assert (second.contract, second.version, second.effective_from, second.effective_to) == (
        contract,
        2,
        dt.date(2026, 7, 1),
        None,
    )
    assert (second.name, second.uptime_target_percent, second.notes) == (
        first.name,
        Decimal("99.500"),
        "Renegotiated yearly.",
    )

    def terms(agreement: Agreement) -> tuple[list[tuple], list[tuple]]:
        targets = agreement.targets.order_by("severity").values_list(
            "severity", "calendar", "response", "update", "resolution"
        )
        rules = agreement.escalation_rules.order_by("metric", "threshold_percent").values_list(
            "metric",
            "threshold_percent",
            "notify_assignee",
            "notify_contact_role",
            "notify_escalation_level",
            "notify_hospital_admins",
            "raise_tier_to",
        )
        return list(targets), list(rules)

    assert terms(second) == terms(first)
    assert len(terms(first)[0]) == 4
    assert len(terms(first)[1]) == 8

    # A third version from the second; the first keeps its end.
    third = agreement_new_version(agreement=second, effective_from=dt.date(2027, 1, 1))
    second.refresh_from_db()
    first.refresh_from_db()
    assert (third.version, second.effective_to, first.effective_to) == (3, dt.date(2026, 12, 31), dt.date(2026, 6, 30))


@pytest.mark.parametrize("start", [dt.date(2025, 1, 1), dt.date(2024, 6, 1)])
def test_a_new_version_starts_after_the_version_it_replaces(contract: Contract, start: dt.date) -> None:
    first = agreement_for(contract)
    before = _stored_agreement(first)
    with pytest.raises(ValidationError) as error:
        agreement_new_version(agreement=first, effective_from=start)
    assert error.value.message_dict == {"effective_from": ["A new version starts after the version it replaces."]}
    assert _stored_agreement(first) == before
    assert contract.agreements.count() == 1


def test_a_new_version_that_would_overlap_a_later_one_changes_nothing(contract: Contract) -> None:
    first = agreement_for(contract)
    second = agreement_new_version(agreement=first, effective_from=dt.date(2026, 1, 1))
    first.refresh_from_db()
    before = (_stored_agreement(first), _stored_agreement(second))

    with pytest.raises(ValidationError) as error:
        agreement_new_version(agreement=first, effective_from=dt.date(2025, 7, 1))
    assert "overlap another version" in error.value.messages[0]
    assert (_stored_agreement(first), _stored_agreement(second)) == before
    assert contract.agreements.count() == 2


def test_a_new_version_after_a_gap_keeps_the_previous_end(contract: Contract) -> None:
    first = agreement_for(contract)
    first.effective_to = dt.date(2025, 12, 31)
    first.save()
    second = agreement_new_version(agreement=first, effective_from=dt.date(2026, 3, 1))
    first.refresh_from_db()
    assert first.effective_to == dt.date(2025, 12, 31)
    assert (second.version, second.effective_from) == (2, dt.date(2026, 3, 1))


def test_agreement_in_force_picks_the_version_by_date(contract: Contract) -> None:
    first = agreement_for(contract)
    second = agreement_new_version(agreement=first, effective_from=dt.date(2026, 7, 1))
    ended = ContractFactory(vendor=contract.vendor)
    only = agreement_for(ended, effective_from=dt.date(2025, 3, 1))
    only.effective_to = dt.date(2025, 12, 31)
    only.save()

    def in_force(contract_id: int, day: dt.date) -> Agreement | None:
        return agreement_in_force(contract_id=contract_id, on=day)

    assert in_force(contract.pk, dt.date(2024, 12, 31)) is None
    assert in_force(contract.pk, dt.date(2025, 1, 1)) == first
    assert in_force(contract.pk, dt.date(2026, 6, 30)) == first
    assert in_force(contract.pk, dt.date(2026, 7, 1)) == second
    assert in_force(contract.pk, dt.date(2031, 1, 1)) == second
    assert in_force(ended.pk, dt.date(2025, 2, 28)) is None
    assert in_force(ended.pk, dt.date(2025, 12, 31)) == only
    assert in_force(ended.pk, dt.date(2026, 1, 1)) is None


def test_agreement_in_force_for_a_vendor_takes_the_latest_start(contract: Contract, other_vendor: object) -> None:
    first = agreement_for(contract)
    later_contract = ContractFactory(vendor=contract.vendor, start_date=dt.date(2026, 3, 1))
    later = agreement_for(later_contract)
    agreement_for(ContractFactory(vendor=other_vendor, start_date=dt.date(2026, 6, 1)))

    def in_force(day: dt.date) -> Agreement | None:
        return agreement_in_force_for_vendor(vendor_id=contract.vendor_id, on=day)

    assert in_force(dt.date(2024, 12, 31)) is None
    assert in_force(dt.date(2026, 2, 28)) == first
    assert in_force(dt.date(2026, 7, 1)) == later
    later.effective_to = dt.date(2026, 12, 31)
    later.save()
    assert in_force(dt.date(2027, 1, 1)) == first
