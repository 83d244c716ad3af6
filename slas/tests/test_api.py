"""The SLA API: calendars with nested windows, agreements with nested targets and rules, who may
write, what vendor users see, and list query counts."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from core.testing.queries import queries_per_path
from slas import defaults
from slas.models import Agreement, AgreementTarget, BusinessCalendar, CalendarWindow, EscalationRule
from slas.tests.factories import HolidayFactory, agreement_for, office_calendar
from vendors.models import Contract, Vendor
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

OFFICE_WINDOWS = [{"weekday": day, "start": "08:00:00", "end": "18:00:00"} for day in range(5)]


def _duration(value: dt.timedelta | None) -> str | None:
    if value is None:
        return None
    hours, rest = divmod(int(value.total_seconds()), 3600)
    return f"{hours:02d}:{rest // 60:02d}:00"


def _template_targets(office: BusinessCalendar, always: BusinessCalendar) -> list[dict]:
    return [
        {
            "severity": severity,
            "calendar": (always if every_hour else office).pk,
            "response": _duration(response),
            "update": _duration(update),
            "resolution": _duration(resolution),
        }
        for severity, (response, update, resolution, every_hour) in defaults.TEMPLATE_TARGETS.items()
    ]


def _template_rules() -> list[dict]:
    return [dict(rule.__dict__) for rule in defaults.TEMPLATE_RULES]


def _agreement_body(contract: Contract, office: BusinessCalendar, always: BusinessCalendar, **fields: object) -> dict:
    return {
        "contract": contract.pk,
        "version": 1,
        "name": "Meridian support SLA",
        "effective_from": "2025-01-01",
        "uptime_target_percent": "99.950",
        "targets": _template_targets(office, always),
        "escalation_rules": _template_rules(),
    } | fields


# --- calendars -----------------------------------------------------------------------------


def test_admin_creates_and_updates_a_calendar_with_nested_windows(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/v1/calendars/",
        {
            "name": "Business hours Berlin",
            "timezone": "Europe/Berlin",
            "windows": [
                {"weekday": 0, "start": "13:00", "end": "17:00"},
                {"weekday": 0, "start": "08:00", "end": "12:00"},
                {"weekday": 4, "start": "18:00", "end": "00:00"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["always_open"] is False
    assert body["holidays"] == []
    assert body["windows"] == [
        {"weekday": 0, "start": "08:00:00", "end": "12:00:00"},
        {"weekday": 0, "start": "13:00:00", "end": "17:00:00"},
        {"weekday": 4, "start": "18:00:00", "end": "00:00:00"},
    ]
    calendar = BusinessCalendar.objects.get(pk=body["id"])
    assert [w.as_window().end_minute for w in calendar.windows.all()] == [720, 1020, 1440]

    # PUT replaces the windows as a whole.
    response = admin_api.put(
        f"/api/v1/calendars/{calendar.pk}/",
        {"name": "Business hours Berlin", "timezone": "Europe/Berlin", "windows": OFFICE_WINDOWS},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["windows"]) == 5
    assert list(calendar.windows.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]

    # PATCH without windows keeps them; the holidays are listed, read-only.
    HolidayFactory(calendar=calendar, name="Christmas Day", date=dt.date(2026, 12, 25))
    response = admin_api.patch(
        f"/api/v1/calendars/{calendar.pk}/",
        {"description": "Mon-Fri 08:00-18:00", "holidays": [{"name": "Ignored", "date": "2026-01-02"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Mon-Fri 08:00-18:00"
    assert len(response.json()["windows"]) == 5
    assert [h["name"] for h in response.json()["holidays"]] == ["Christmas Day"]
    assert calendar.windows.count() == 5
    assert calendar.holidays.count() == 1


def test_a_24x7_calendar_is_created_with_an_empty_list_of_windows(admin_api: APIClient) -> None:
    response = admin_api.post("/api/v1/calendars/", {"name": "24x7", "always_open": True, "windows": []}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["windows"] == []
    assert response.json()["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(("always_open", "status"), [(True, 201), (False, 400)])
def test_a_calendar_created_without_the_optional_windows_key(
    admin_api: APIClient, always_open: bool, status: int
) -> None:
    response = admin_api.post("/api/v1/calendars/", {"name": "24x7", "always_open": always_open}, format="json")
    assert response.status_code == status, response.content
    stored = BusinessCalendar.objects.filter(name="24x7")
    if always_open:
        assert response.json()["windows"] == []
        assert [(c.always_open, c.windows.count()) for c in stored] == [(True, 0)]
    else:  # a calendar with business hours needs them: nothing is stored without
        assert "windows" in response.json() or "non_field_errors" in response.json()
        assert not stored.exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param(
            {
                "windows": [
                    {"weekday": 0, "start": "08:00", "end": "12:00"},
                    {"weekday": 0, "start": "11:30", "end": "17:00"},
                ]
            },
            {"non_field_errors": ["Windows on Monday overlap."]},
            id="overlap",
        ),
        pytest.param(
            {"windows": [{"weekday": 2, "start": "18:00", "end": "08:00"}]},
            {"non_field_errors": ["Wednesday: a window must end after it starts."]},
            id="end-before-start",
        ),
        pytest.param(
            {"windows": []},
            {"non_field_errors": ["Give the calendar at least one weekly window, or mark it always open (24x7)."]},
            id="no-windows",
        ),
        pytest.param(
            {"timezone": "Mars/Olympus", "windows": OFFICE_WINDOWS},
            {"timezone": ["“Mars/Olympus” is not an IANA timezone, e.g. Europe/Berlin."]},
            id="bad-timezone",
        ),
        pytest.param(
            {"name": "business HOURS", "windows": OFFICE_WINDOWS},
            {"non_field_errors": ["A calendar with this name exists."]},
            id="duplicate-name",
        ),
        pytest.param({"windows": [{"weekday": 7, "start": "08:00", "end": "12:00"}]}, None, id="weekday-7"),
    ],
)
def test_bad_calendars_answer_400_and_store_nothing(
    admin_api: APIClient, office: BusinessCalendar, body: dict, errors: dict | None
) -> None:
    windows_before = list(CalendarWindow.objects.order_by("pk").values_list())

    response = admin_api.post("/api/v1/calendars/", {"name": "Night shift"} | body, format="json")
    assert response.status_code == 400
    if errors is not None:
        assert response.json() == errors
    else:
        assert set(response.json()) == {"windows"}
    assert list(BusinessCalendar.objects.all()) == [office]

    if "name" in body:
        return  # renaming the calendar to its own name is no conflict
    response = admin_api.patch(f"/api/v1/calendars/{office.pk}/", {"name": "Night shift"} | body, format="json")
    assert response.status_code == 400
    office.refresh_from_db()
    assert (office.name, office.timezone) == ("Business hours", "Europe/Berlin")
    assert list(CalendarWindow.objects.order_by("pk").values_list()) == windows_before


def test_admin_adds_and_removes_holidays_and_the_calendar_counts_them(admin_api: APIClient, office) -> None:
    before = office.updated_at
    url = f"/api/v1/calendars/{office.pk}/holidays/"

    added = admin_api.post(url, {"name": "Staff day", "date": "2026-06-15"}, format="json")
    closure = admin_api.post(url, {"name": "Move", "date": "2026-08-03", "end_date": "2026-08-05"}, format="json")

    assert added.status_code == 201, added.content
    assert added.json() | {"id": 0} == {
        "id": 0,
        "name": "Staff day",
        "date": "2026-06-15",
        "end_date": None,
        "source": "",
    }
    assert closure.json()["end_date"] == "2026-08-05"
    assert [h["name"] for h in admin_api.get(url).json()] == ["Staff day", "Move"]
    assert [h["name"] for h in admin_api.get(f"/api/v1/calendars/{office.pk}/").json()["holidays"]] == [
        "Staff day",
        "Move",
    ]
    office.refresh_from_db()
    assert office.updated_at > before  # clocks cached on the calendar see the new days

    removed = admin_api.delete(f"{url}{added.json()['id']}/")
    assert removed.status_code == 204
    assert list(office.holidays.values_list("name", flat=True)) == ["Move"]


def test_bad_holidays_answer_400_and_store_nothing(admin_api: APIClient, office) -> None:
    url = f"/api/v1/calendars/{office.pk}/holidays/"
    HolidayFactory(calendar=office, name="Christmas Day", date=dt.date(2026, 12, 25))

    backwards = admin_api.post(url, {"name": "Oops", "date": "2026-08-05", "end_date": "2026-08-03"}, format="json")
    twice = admin_api.post(url, {"name": "Christmas Day", "date": "2026-12-25"}, format="json")
    nameless = admin_api.post(url, {"date": "2026-12-26"}, format="json")

    assert backwards.status_code == 400
    assert "ends on or after its first day" in str(backwards.json())
    assert twice.status_code == 400
    assert nameless.json() == {"name": ["This field is required."]}
    assert list(office.holidays.values_list("name", flat=True)) == ["Christmas Day"]


@pytest.mark.parametrize("client_name", ["staff_api", "vendor_api"])
def test_only_hospital_admins_write_holidays(request: pytest.FixtureRequest, client_name: str, office) -> None:
    api: APIClient = request.getfixturevalue(client_name)
    holiday = HolidayFactory(calendar=office)
    url = f"/api/v1/calendars/{office.pk}/holidays/"

    assert api.get(url).status_code == 200
    assert api.post(url, {"name": "Mine", "date": "2026-06-15"}, format="json").status_code == 403
    assert api.delete(f"{url}{holiday.pk}/").status_code == 403
    assert list(office.holidays.all()) == [holiday]


def test_a_holiday_of_another_calendar_is_not_found_under_this_one(admin_api: APIClient, office, always) -> None:
    holiday = HolidayFactory(calendar=always)

    assert admin_api.delete(f"/api/v1/calendars/{office.pk}/holidays/{holiday.pk}/").status_code == 404
    assert always.holidays.get() == holiday


# --- agreements ----------------------------------------------------------------------------


def test_admin_creates_an_agreement_with_targets_and_rules(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    response = admin_api.post("/api/v1/agreements/", _agreement_body(contract, office, always), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["vendor"], body["contract"], body["version"], body["effective_to"]) == (
        contract.vendor_id,
        contract.pk,
        1,
        None,
    )
    assert body["targets"][0] == {
        "severity": "P1",
        "calendar": always.pk,
        "response": "00:15:00",
        "update": "01:00:00",
        "resolution": "04:00:00",
    }
    assert body["targets"][3] == {
        "severity": "P4",
        "calendar": office.pk,
        "response": "10:00:00",
        "update": "2 02:00:00",  # 50 hours of business time, written as DRF writes durations
        "resolution": None,
    }
    assert [(r["metric"], r["threshold_percent"]) for r in body["escalation_rules"]] == [
        ("response", 50),
        ("response", 100),
        ("response", 150),
        ("update", 100),
        ("resolution", 50),
        ("resolution", 75),
        ("resolution", 100),
        ("resolution", 150),
    ]
    agreement = Agreement.objects.get(pk=body["id"])
    assert agreement.targets.get(severity="P3").resolution == dt.timedelta(hours=30)
    assert agreement.escalation_rules.count() == 8

    # PATCH of the rules alone replaces them and keeps the targets.
    response = admin_api.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {"escalation_rules": [{"metric": "resolution", "threshold_percent": 100, "notify_hospital_admins": True}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["targets"]) == 4
    assert list(agreement.escalation_rules.values_list("metric", "threshold_percent", "notify_assignee")) == [
        ("resolution", 100, True)
    ]
    assert AgreementTarget.objects.count() == 4


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        pytest.param(
            lambda body: body | {"targets": body["targets"][:3]},
            {"non_field_errors": ["Give targets for every severity; missing: P4."]},
            id="missing-severity",
        ),
        pytest.param(
            lambda body: body | {"targets": [*body["targets"], body["targets"][0]]},
            {"non_field_errors": ["One target row per severity: P1 appears more than once."]},
            id="duplicate-severity",
        ),
        pytest.param(
            lambda body: body | {"targets": [body["targets"][0] | {"response": "00:00:00"}, *body["targets"][1:]]},
            {"targets": {"0": {"response": ["Durations must be positive."]}}},
            id="zero-duration",
        ),
        pytest.param(
            lambda body: (
                body
                | {"escalation_rules": [*body["escalation_rules"], {"metric": "response", "threshold_percent": 100}]}
            ),
            {"non_field_errors": ["Response has two rules at 100 %."]},
            id="duplicate-rule",
        ),
        pytest.param(
            lambda body: (
                body | {"escalation_rules": [{"metric": "update", "threshold_percent": 50, "notify_assignee": False}]}
            ),
            {"non_field_errors": ["Status update at 50 %: Choose at least one action for this rule."]},
            id="rule-without-action",
        ),
    ],
)
def test_bad_agreements_answer_400_and_store_nothing(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, change, errors
) -> None:
    response = admin_api.post("/api/v1/agreements/", change(_agreement_body(contract, office, always)), format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Agreement.objects.exists()
    assert not AgreementTarget.objects.exists()
    assert not EscalationRule.objects.exists()


def test_an_agreement_created_without_the_optional_rules(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    body = _agreement_body(contract, office, always)
    del body["escalation_rules"]
    response = admin_api.post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201
    assert response.json()["escalation_rules"] == []


def test_field_errors_of_nested_rows_name_the_row(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    body = _agreement_body(contract, office, always)
    body["targets"][2]["severity"] = "P9"
    body["escalation_rules"][1]["threshold_percent"] = 501
    response = admin_api.post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors == {
        "targets": {"2": {"severity": ['"P9" is not a valid choice.']}},
        "escalation_rules": {"1": {"threshold_percent": ["Ensure this value is less than or equal to 500."]}},
    }
    assert not Agreement.objects.exists()


def test_overlapping_versions_answer_400(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    first = agreement_for(contract)
    response = admin_api.post(
        "/api/v1/agreements/",
        _agreement_body(contract, office, always, version=2, effective_from="2026-07-01"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "effective_from": [
            "The effective dates overlap another version of this contract's SLA: v1 from 2025-01-01 (open-ended)."
        ]
    }
    assert list(Agreement.objects.all()) == [first]

    # Ending the first version makes room for the second.
    response = admin_api.patch(f"/api/v1/agreements/{first.pk}/", {"effective_to": "2026-06-30"}, format="json")
    assert response.status_code == 200, response.content
    assert first.targets.count() == 4
    assert first.escalation_rules.count() == 8
    response = admin_api.post(
        "/api/v1/agreements/",
        _agreement_body(contract, office, always, version=2, effective_from="2026-07-01"),
        format="json",
    )
    assert response.status_code == 201, response.content


def test_agreement_list_filters_by_vendor_and_contract(admin_api: APIClient, vendor: Vendor) -> None:
    own = agreement_for(ContractFactory(vendor=vendor, reference="MIS-2024-017"))
    other = agreement_for(ContractFactory(vendor=VendorFactory(name="Aurora VNA"), reference="AVH-22-311"))

    results = admin_api.get("/api/v1/agreements/", {"vendor": vendor.pk}).json()["results"]
    assert [a["id"] for a in results] == [own.pk]
    results = admin_api.get("/api/v1/agreements/", {"contract": other.contract_id}).json()["results"]
    assert [a["id"] for a in results] == [other.pk]
    results = admin_api.get("/api/v1/agreements/", {"q": "aurora"}).json()["results"]
    assert [a["id"] for a in results] == [other.pk]
    assert admin_api.get("/api/v1/agreements/").json()["count"] == 2


def test_list_endpoints_use_a_constant_number_of_queries(admin_api: APIClient, vendor: Vendor) -> None:
    paths = ["/api/v1/agreements/", "/api/v1/calendars/"]
    agreement_for(ContractFactory(vendor=vendor))
    few = queries_per_path(admin_api, paths)
    for n in range(12):
        agreement_for(ContractFactory(vendor=VendorFactory() if n % 2 else vendor))
        calendar = office_calendar(name=f"Site {n} hours")
        HolidayFactory.create_batch(2, calendar=calendar)
    many = queries_per_path(admin_api, paths)
    assert many == few
    assert admin_api.get("/api/v1/agreements/").json()["count"] == 13


# --- who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize("client_name", ["staff_api", "vendor_api"])
def test_staff_and_vendor_users_cannot_write(
    request: pytest.FixtureRequest,
    client_name: str,
    contract: Contract,
    office: BusinessCalendar,
    always: BusinessCalendar,
) -> None:
    api: APIClient = request.getfixturevalue(client_name)
    agreement = agreement_for(contract)
    attempts = [
        api.post("/api/v1/calendars/", {"name": "Mine", "always_open": True}, format="json"),
        api.patch(f"/api/v1/calendars/{office.pk}/", {"name": "Renamed"}, format="json"),
        api.delete(f"/api/v1/calendars/{always.pk}/"),
        api.post(
            "/api/v1/agreements/",
            _agreement_body(contract, office, always, version=2, effective_from="2030-01-01"),
            format="json",
        ),
        api.patch(f"/api/v1/agreements/{agreement.pk}/", {"name": "Renamed"}, format="json"),
        api.delete(f"/api/v1/agreements/{agreement.pk}/"),
    ]
    assert [response.status_code for response in attempts] == [403] * 6
    assert attempts[0].json() == {"detail": "Your role cannot keep business calendars and their holidays."}
    assert BusinessCalendar.objects.count() == 2
    office.refresh_from_db()
    assert office.name == "Business hours"
    assert list(Agreement.objects.values_list("name", flat=True)) == [agreement.name]


def test_vendor_user_reads_own_agreements_and_the_calendars(
    vendor_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    own = agreement_for(contract)
    foreign = agreement_for(ContractFactory(vendor=VendorFactory(name="Other Vendor GmbH")))

    results = vendor_api.get("/api/v1/agreements/").json()["results"]
    assert [a["id"] for a in results] == [own.pk]
    assert len(results[0]["targets"]) == 4
    assert vendor_api.get(f"/api/v1/agreements/{own.pk}/").status_code == 200
    assert vendor_api.get(f"/api/v1/agreements/{foreign.pk}/").status_code == 404
    # Filtering by the other vendor's contract is refused as for a contract that does not exist.
    response = vendor_api.get("/api/v1/agreements/", {"contract": foreign.contract_id})
    missing = vendor_api.get("/api/v1/agreements/", {"contract": foreign.contract_id + 1000})
    assert response.status_code == missing.status_code == 400
    assert response.json().keys() == {"contract"}
    assert response.json() == missing.json()

    calendars = vendor_api.get("/api/v1/calendars/").json()["results"]
    assert [c["name"] for c in calendars] == ["24x7", "Business hours"]
    assert vendor_api.get(f"/api/v1/calendars/{office.pk}/").json()["windows"][0] == {
        "weekday": 0,
        "start": "08:00:00",
        "end": "18:00:00",
    }


def test_anonymous_requests_are_refused(office: BusinessCalendar) -> None:
    assert APIClient().get("/api/v1/calendars/").status_code == 401
    assert APIClient().get("/api/v1/agreements/").status_code == 401


def test_a_calendar_in_use_answers_409_on_delete(admin_api: APIClient, contract: Contract) -> None:
    agreement = agreement_for(contract)
    always = agreement.targets.get(severity="P1").calendar
    response = admin_api.delete(f"/api/v1/calendars/{always.pk}/")
    assert response.status_code == 409
    assert response.json() == {"detail": "24x7 cannot be deleted while it still has agreement targets."}
    assert BusinessCalendar.objects.filter(pk=always.pk).exists()

    assert admin_api.delete(f"/api/v1/agreements/{agreement.pk}/").status_code == 204
    assert not AgreementTarget.objects.exists()
    assert admin_api.delete(f"/api/v1/calendars/{always.pk}/").status_code == 204
