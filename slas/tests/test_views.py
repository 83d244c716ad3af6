"""The hospital SLA pages (/sla/) and the vendor portal's SLA page, through Django's test client.

Forms are submitted the way a browser would submit the rendered page (``_browser_form``): each
select sends its selected option or else its first, ticked checkboxes send "on", disabled
controls send nothing."""

import csv
import datetime as dt
import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import Client

from core.testing.queries import queries_per_path
from slas import defaults
from slas.models import Agreement, BusinessCalendar, CalendarWindow, EscalationRule, Holiday
from slas.services.agreements import agreement_new_version
from slas.services.calendars import holiday_add
from slas.tests.factories import HolidayFactory, agreement_for, office_calendar
from vendors.models import Contract, Vendor
from vendors.tests.factories import ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

T = dt.time


class _FormControls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: dict | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._fields = []
            self.forms.append(self._fields)
            return
        if self._fields is None or "name" not in a or "disabled" in a:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((a["name"], a.get("value") or "on"))
                return
            self._fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = {"name": a["name"], "first": None, "selected": None}
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def _option(self, a: dict) -> None:
        value = a.get("value") or ""
        if self._select["first"] is None:
            self._select["first"] = value
        if "selected" in a:
            self._select["selected"] = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"] if self._select["selected"] is not None else self._select["first"]
            if chosen is not None and self._fields is not None:
                self._fields.append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            if self._fields is not None:
                self._fields.append((name, text.removeprefix("\n")))
            self._textarea = None


def _browser_form(response: object, containing: str) -> dict[str, list[str]]:
    """What a browser submits from the page's form that has a control named ``containing``."""
    parser = _FormControls()
    parser.feed(response.content.decode())
    for fields in parser.forms:
        if any(name == containing for name, _ in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            data.pop("csrfmiddlewaretoken", None)
            return data
    raise AssertionError(f"no form with {containing!r}")


def _text(response: object) -> str:
    """The page as text, tags stripped, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _windows(calendar: BusinessCalendar) -> list[tuple[int, dt.time, dt.time]]:
    return [(w.weekday, w.start, w.end) for w in CalendarWindow.objects.filter(calendar=calendar)]


def _window_rows(*rows: tuple[int, str, str], delete: tuple[int, ...] = ()) -> dict[str, object]:
    data: dict[str, object] = {"windows-TOTAL_FORMS": len(rows), "windows-INITIAL_FORMS": 0}
    for n, (weekday, start, end) in enumerate(rows):
        data |= {f"windows-{n}-weekday": weekday, f"windows-{n}-start": start, f"windows-{n}-end": end}
        if n in delete:
            data[f"windows-{n}-DELETE"] = "on"
    return data


# --- calendars -----------------------------------------------------------------------------


def test_the_new_calendar_form_is_prefilled_with_office_hours(admin_client: Client) -> None:
    page = admin_client.get("/sla/calendars/add/")
    assert page.status_code == 200
    data = _browser_form(page, "windows-TOTAL_FORMS")
    assert data["windows-TOTAL_FORMS"] == ["7"]  # Monday to Friday, and two empty rows
    rows = [(data[f"windows-{n}-weekday"], data[f"windows-{n}-start"], data[f"windows-{n}-end"]) for n in range(5)]
    assert rows == [([str(day)], ["08:00"], ["18:00"]) for day in range(5)]
    assert (data["windows-5-start"], data["windows-6-end"]) == ([""], [""])
    assert data["timezone"] == ["Europe/Berlin"]


def test_admin_creates_a_calendar_with_its_weekly_windows(admin_client: Client) -> None:
    response = admin_client.post(
        "/sla/calendars/add/",
        {"name": "Radiology office", "timezone": "Europe/Berlin", "description": "Split Mondays"}
        | _window_rows((0, "08:00", "12:00"), (0, "13:00", "17:00"), (4, "08:00", "18:00"), delete=(2,)),
    )
    calendar = BusinessCalendar.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sla/calendars/{calendar.pk}/"
    assert _windows(calendar) == [(0, T(8), T(12)), (0, T(13), T(17))]

    page = admin_client.get(response["Location"])
    text = _text(page)
    assert "Business calendar “Radiology office” created." in text
    assert "Monday 08:00 12:00 Monday 13:00 17:00" in text
    assert "Friday" not in text.split("Weekly windows")[1].split("Holidays")[0]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        pytest.param([(0, "08:00", "12:00"), (0, "11:00", "14:00")], "Windows on Monday overlap.", id="overlap"),
        pytest.param([(3, "18:00", "08:00")], "Thursday: a window must end after it starts.", id="end-before-start"),
        pytest.param(
            [(0, "08:00", "12:00")],
            "Give the calendar at least one weekly window, or mark it always open (24x7).",
            id="only-deleted-rows",
        ),
    ],
)
def test_calendar_errors_are_shown_on_the_page_and_nothing_is_stored(
    admin_client: Client, office: BusinessCalendar, rows: list, message: str
) -> None:
    delete = (0,) if message.startswith("Give") else ()
    response = admin_client.post(
        "/sla/calendars/add/", {"name": "Night shift", "timezone": "Europe/Berlin"} | _window_rows(*rows, delete=delete)
    )
    assert response.status_code == 200
    assert f"Please correct the following: {message}" in _text(response)
    assert list(BusinessCalendar.objects.all()) == [office]
    # The rows typed are still in the form.
    assert _browser_form(response, "windows-TOTAL_FORMS")["windows-0-start"] == [rows[0][1]]

    before = _windows(office)
    response = admin_client.post(
        f"/sla/calendars/{office.pk}/edit/",
        {"name": "Renamed", "timezone": "Europe/Berlin"} | _window_rows(*rows, delete=delete),
    )
    assert response.status_code == 200
    assert message in _text(response)
    office.refresh_from_db()
    assert office.name == "Business hours"
    assert _windows(office) == before


def test_a_row_with_a_missing_time_is_marked_at_the_row(admin_client: Client) -> None:
    response = admin_client.post(
        "/sla/calendars/add/",
        {"name": "Night shift", "timezone": "Europe/Berlin"} | _window_rows((0, "08:00", ""), (1, "xx", "12:00")),
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Correct the weekly windows below." in text
    assert "This field is required." in text
    assert "Enter a valid time." in text
    assert not BusinessCalendar.objects.exists()


def test_bad_timezone_or_duplicate_name_is_a_field_error(admin_client: Client, office: BusinessCalendar) -> None:
    response = admin_client.post(
        "/sla/calendars/add/",
        {"name": "BUSINESS hours", "timezone": "Mars/Olympus"} | _window_rows((0, "8:00", "9:00")),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Select a valid choice. Mars/Olympus is not one of the available choices." in errors["timezone"]
    assert "A calendar with this name exists." in str(errors)
    assert BusinessCalendar.objects.count() == 1


def test_the_edit_form_shows_the_saved_windows_and_replaces_them(
    admin_client: Client, office: BusinessCalendar
) -> None:
    page = admin_client.get(f"/sla/calendars/{office.pk}/edit/")
    data = _browser_form(page, "windows-TOTAL_FORMS")
    assert data["windows-TOTAL_FORMS"] == ["7"]
    assert data["name"] == ["Business hours"]

    response = admin_client.post(
        f"/sla/calendars/{office.pk}/edit/",
        {"name": "Business hours", "timezone": "America/New_York"}
        | _window_rows((5, "10:00", "14:00"), (6, "22:00", "00:00")),
    )
    assert response["Location"] == f"/sla/calendars/{office.pk}/"
    office.refresh_from_db()
    assert office.timezone == "America/New_York"
    assert _windows(office) == [(5, T(10), T(14)), (6, T(22), T(0))]
    text = _text(admin_client.get(response["Location"]))
    assert "Saturday 10:00 14:00 Sunday 22:00 24:00" in text  # the end of Sunday, not 00:00


def test_the_prefilled_calendar_form_saves_as_a_browser_sends_it(admin_client: Client) -> None:
    data = _browser_form(admin_client.get("/sla/calendars/add/"), "windows-TOTAL_FORMS")
    data["name"] = ["Office"]
    response = admin_client.post("/sla/calendars/add/", data)
    assert response.status_code == 302, _text(response)
    assert len(_windows(BusinessCalendar.objects.get())) == 5


def test_rows_ticked_for_removal_show_no_errors(admin_client: Client) -> None:
    data = {"name": "Night shift", "timezone": "Europe/Berlin"} | _window_rows(
        (0, "08:00", "12:00"), (0, "11:00", "14:00"), (0, "", ""), delete=(2,)
    )
    text = _text(admin_client.post("/sla/calendars/add/", data))
    assert "Windows on Monday overlap." in text
    assert "This field is required." not in text


def test_the_agreement_edit_form_lists_rules_in_escalation_order(admin_client: Client, contract: Contract) -> None:
    agreement = agreement_for(contract)
    data = _browser_form(admin_client.get(f"/sla/agreements/{agreement.pk}/edit/"), "rules-TOTAL_FORMS")
    metrics = [data[f"rules-{n}-metric"][0] for n in range(len(defaults.TEMPLATE_RULES))]
    assert metrics == [str(rule.metric) for rule in defaults.TEMPLATE_RULES]


def test_table_row_inputs_are_labelled_for_screen_readers(admin_client: Client, office: BusinessCalendar) -> None:
    for path in ("/sla/calendars/add/", "/sla/agreements/add/"):
        assert 'aria-label="None"' not in admin_client.get(path).content.decode()


def test_calendar_detail_shows_windows_and_holidays(admin_client: Client, office: BusinessCalendar) -> None:
    holiday_add(calendar=office, name="Year-end closure", date=dt.date(2026, 12, 24), end_date=dt.date(2026, 12, 31))
    text = _text(admin_client.get(f"/sla/calendars/{office.pk}/"))
    assert "Timezone Europe/Berlin" in text
    assert "Monday 08:00 18:00" in text
    assert "2026-12-24 – 2026-12-31 Year-end closure manual" in text
    assert "Import public holidays" in text


def test_24x7_calendar_detail_says_holidays_do_not_apply(admin_client: Client, always: BusinessCalendar) -> None:
    text = _text(admin_client.get(f"/sla/calendars/{always.pk}/"))
    assert "Always open: every hour of every day counts, holidays included." in text
    assert "(not applied: the calendar is 24x7)" in text


# --- holidays ------------------------------------------------------------------------------


def test_admin_adds_and_deletes_a_holiday(admin_client: Client, office: BusinessCalendar) -> None:
    saved_at = office.updated_at
    response = admin_client.post(
        f"/sla/calendars/{office.pk}/holidays/add/", {"name": "Staff outing", "date": "2026-06-12"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/sla/calendars/{office.pk}/"
    holiday = Holiday.objects.get()
    assert (holiday.calendar, holiday.date, holiday.end_date, holiday.source) == (
        office,
        dt.date(2026, 6, 12),
        None,
        "",
    )
    text = _text(admin_client.get(response["Location"]))
    assert "Holiday “Staff outing (2026-06-12)” added." in text
    assert "2026-06-12 Staff outing manual" in text

    confirm = admin_client.get(f"/sla/holidays/{holiday.pk}/delete/")
    assert confirm.status_code == 200
    assert "Staff outing" in _text(confirm)
    response = admin_client.post(f"/sla/holidays/{holiday.pk}/delete/")
    assert response["Location"] == f"/sla/calendars/{office.pk}/"
    assert not Holiday.objects.exists()
    office.refresh_from_db()
    assert office.updated_at > saved_at
    assert "No holidays yet." in _text(admin_client.get(response["Location"]))


def test_a_holiday_ending_before_it_starts_is_shown_with_status_400(
    admin_client: Client, office: BusinessCalendar
) -> None:
    response = admin_client.post(
        f"/sla/calendars/{office.pk}/holidays/add/",
        {"name": "Backwards closure", "date": "2026-12-31", "end_date": "2026-12-24"},
    )
    assert response.status_code == 400
    text = _text(response)
    assert "A holiday range ends on or after its first day." in text
    data = _browser_form(response, "end_date")
    assert (data["name"], data["date"], data["end_date"]) == (["Backwards closure"], ["2026-12-31"], ["2026-12-24"])
    assert not Holiday.objects.exists()

    # The same day and name twice: refused at the form, too.
    holiday_add(calendar=office, name="Christmas Day", date=dt.date(2026, 12, 25))
    response = admin_client.post(
        f"/sla/calendars/{office.pk}/holidays/add/", {"name": "Christmas Day", "date": "2026-12-25"}
    )
    assert response.status_code == 400
    assert Holiday.objects.count() == 1


def test_public_holiday_import_preview_and_adding_the_ticked_ones(
    admin_client: Client, office: BusinessCalendar
) -> None:
    holiday_add(calendar=office, name="Good Friday", date=dt.date(2026, 4, 3))
    page = admin_client.get(
        f"/sla/calendars/{office.pk}/holidays/import/", {"country": "DE", "subdivision": "BE", "years": "2026"}
    )
    assert page.status_code == 200
    text = _text(page)
    assert "Import public holidays into Business hours" in text
    assert "2026-03-08 Sunday Women's Day New" in text
    assert "2026-04-03 Friday Good Friday Already in the calendar" in text
    assert "2026-12-25 Friday Christmas Day New" in text

    data = _browser_form(page, "chosen")
    # The new ones are ticked; the known one cannot be ticked.
    assert "2026-04-03" not in data["chosen"]
    assert {"2026-03-08", "2026-04-06", "2026-12-25"} <= set(data["chosen"])
    assert (data["country"], data["subdivision"], data["years"]) == (["DE"], ["BE"], ["2026"])

    # The reviewer keeps three of them; a tampered tick on the known day changes nothing.
    data["chosen"] = ["2026-03-08", "2026-04-03", "2026-12-25", "2026-12-26"]
    response = admin_client.post(f"/sla/calendars/{office.pk}/holidays/import/", data)
    assert response["Location"] == f"/sla/calendars/{office.pk}/"
    stored = list(office.holidays.values_list("date", "name", "source"))
    assert stored == [
        (dt.date(2026, 3, 8), "Women's Day", "holidays DE-BE"),
        (dt.date(2026, 4, 3), "Good Friday", ""),
        (dt.date(2026, 12, 25), "Christmas Day", "holidays DE-BE"),
        (dt.date(2026, 12, 26), "Second Day of Christmas", "holidays DE-BE"),
    ]
    assert "3 public holidays added to Business hours." in _text(admin_client.get(response["Location"]))


def test_public_holiday_query_errors_are_shown(admin_client: Client, office: BusinessCalendar) -> None:
    path = f"/sla/calendars/{office.pk}/holidays/import/"
    page = admin_client.get(path, {"country": "XX", "years": "2026"})
    assert page.context["query"].errors == {"country": ["No public holidays are known for “XX”."]}
    assert "No public holidays are known for “XX”." in _text(page)
    assert 'name="chosen"' not in page.content.decode()

    page = admin_client.get(path, {"country": "DE", "years": "2026 1980"})
    assert page.context["query"].errors == {"years": ["Give one to five years between 1990 and 2100."]}
    page = admin_client.get(path, {"country": "DE", "years": "next year"})
    assert page.context["query"].errors == {"years": ["Give years as numbers, e.g. 2026 2027."]}

    # An incomplete query posted: nothing is added, the calendar page explains.
    response = admin_client.post(path, {"country": "DE", "chosen": ["2026-12-25"]}, follow=True)
    assert "The holiday query was incomplete; search again." in _text(response)
    assert not Holiday.objects.exists()


# --- agreements ----------------------------------------------------------------------------


RULE_CHOICE_FIELDS = ("metric", "threshold_percent", "notify_contact_role", "notify_escalation_level", "raise_tier_to")


def _template_rule_rows() -> list[dict[str, str]]:
    return [
        {
            "metric": str(rule.metric),
            "threshold_percent": str(rule.threshold_percent),
            "notify_contact_role": str(rule.notify_contact_role),
            "notify_escalation_level": str(rule.notify_escalation_level or ""),
            "raise_tier_to": str(rule.raise_tier_to),
            "notify_assignee": rule.notify_assignee,
            "notify_hospital_admins": rule.notify_hospital_admins,
        }
        for rule in defaults.TEMPLATE_RULES
    ]


def test_the_new_agreement_form_is_prefilled_with_the_template(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    page = admin_client.get("/sla/agreements/add/", {"contract": contract.pk})
    assert page.status_code == 200
    data = _browser_form(page, "targets-TOTAL_FORMS")
    assert data["contract"] == [str(contract.pk)]
    assert (data["version"], data["uptime_target_percent"]) == (["1"], ["99.900"])

    targets = [
        tuple(data[f"targets-{n}-{name}"][0] for name in ("severity", "calendar", "response", "update", "resolution"))
        for n in range(4)
    ]
    assert targets == [
        ("P1", str(always.pk), "15m", "1h", "4h"),
        ("P2", str(always.pk), "1h", "4h", "8h"),
        ("P3", str(office.pk), "4h", "10h", "30h"),
        ("P4", str(office.pk), "10h", "50h", ""),
    ]

    assert data["rules-TOTAL_FORMS"] == [str(len(defaults.TEMPLATE_RULES) + 2)]
    rows = []
    for n in range(len(defaults.TEMPLATE_RULES)):
        row = {name: data[f"rules-{n}-{name}"][0] for name in RULE_CHOICE_FIELDS}
        row["notify_assignee"] = f"rules-{n}-notify_assignee" in data
        row["notify_hospital_admins"] = f"rules-{n}-notify_hospital_admins" in data
        rows.append(row)
    assert rows == _template_rule_rows()


def _prefilled_agreement(client: Client, contract: Contract) -> dict[str, list[str]]:
    data = _browser_form(client.get("/sla/agreements/add/", {"contract": contract.pk}), "targets-TOTAL_FORMS")
    data |= {"name": ["Meridian support SLA"], "effective_from": ["2025-01-01"]}
    return data


def test_admin_creates_an_agreement_from_the_template(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    data = _prefilled_agreement(admin_client, contract)
    data["rules-8-DELETE"] = data["rules-9-DELETE"] = ["on"]  # the two empty rows
    response = admin_client.post("/sla/agreements/add/", data)
    assert response.status_code == 302, _text(response)
    agreement = Agreement.objects.get()
    assert response["Location"] == f"/sla/agreements/{agreement.pk}/"
    assert (agreement.contract, agreement.version, agreement.effective_from) == (contract, 1, dt.date(2025, 1, 1))
    stored = {t.severity: (t.calendar, t.response, t.update, t.resolution) for t in agreement.targets.all()}
    assert stored == {
        severity: (always if every_hour else office, response, update, resolution)
        for severity, (response, update, resolution, every_hour) in defaults.TEMPLATE_TARGETS.items()
    }
    assert agreement.escalation_rules.count() == len(defaults.TEMPLATE_RULES)

    text = _text(admin_client.get(response["Location"]))
    assert "Agreement “MIS-2024-017 v1” created." in text
    assert "P1 critical 15m 1h 4h 24x7" in text
    assert "P4 low 10h 50h — Business hours" in text
    assert "from 2025-01-01, open-ended" in text
    # The escalation path in escalation order: response, status update, resolution.
    path = text.split("Escalation path")[1]
    assert path.index("Response 150 %") < path.index("Status update 100 %") < path.index("Resolution 50 %")
    assert (
        "Resolution 100 % breach notify the assignee; the vendor's escalation manager; hospital admins; "
        "raise the tier to remote diagnostics"
    ) in path


def test_the_prefilled_agreement_form_saves_as_a_browser_sends_it(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    response = admin_client.post("/sla/agreements/add/", _prefilled_agreement(admin_client, contract))
    assert response.status_code == 302, _text(response)
    # The empty extra rows a browser sends are ignored; the template's rows are all stored.
    agreement = Agreement.objects.get()
    assert sorted(agreement.targets.values_list("severity", flat=True)) == sorted(defaults.TEMPLATE_TARGETS)
    assert agreement.escalation_rules.count() == len(defaults.TEMPLATE_RULES)


def test_agreement_form_errors_are_shown_and_nothing_is_stored(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    data = _prefilled_agreement(admin_client, contract)
    data["rules-8-DELETE"] = data["rules-9-DELETE"] = ["on"]

    missing = data | {"targets-1-response": [""], "targets-2-update": ["soon"]}
    response = admin_client.post("/sla/agreements/add/", missing)
    assert response.status_code == 200
    text = _text(response)
    assert "Correct the targets or escalation rules below." in text
    assert "This field is required." in text
    assert "Write a duration in hours and minutes, like 15m, 4h, 1h30m or 30h." in text
    assert not Agreement.objects.exists()

    no_action = data | {"rules-3-notify_assignee": [], "rules-0-threshold_percent": ["600"]}
    del no_action["rules-3-notify_assignee"]
    response = admin_client.post("/sla/agreements/add/", no_action)
    assert response.status_code == 200
    text = _text(response)
    assert "Ensure this value is less than or equal to 500." in text
    assert not Agreement.objects.exists()

    no_action["rules-0-threshold_percent"] = ["50"]
    response = admin_client.post("/sla/agreements/add/", no_action)
    assert response.status_code == 200
    assert "Status update at 100 %: Choose at least one action for this rule." in _text(response)
    assert not Agreement.objects.exists()
    assert not EscalationRule.objects.exists()


def test_an_overlapping_version_is_refused_on_the_form(
    admin_client: Client, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    agreement_for(contract)
    data = _prefilled_agreement(admin_client, contract) | {"version": ["2"], "effective_from": ["2026-01-01"]}
    data["rules-8-DELETE"] = data["rules-9-DELETE"] = ["on"]
    response = admin_client.post("/sla/agreements/add/", data)
    assert response.status_code == 200
    assert (
        "The effective dates overlap another version of this contract's SLA: v1 from 2025-01-01 (open-ended)."
        in _text(response)
    )
    assert Agreement.objects.count() == 1


def test_admin_edits_an_agreement(admin_client: Client, contract: Contract) -> None:
    agreement = agreement_for(contract)
    page = admin_client.get(f"/sla/agreements/{agreement.pk}/edit/")
    data = _browser_form(page, "targets-TOTAL_FORMS")
    assert data["name"] == ["SLA of MIS-2024-017"]
    assert data["targets-0-response"] == ["15m"]
    assert data["rules-TOTAL_FORMS"] == ["10"]
    rules = sorted((data[f"rules-{n}-metric"][0], int(data[f"rules-{n}-threshold_percent"][0]), n) for n in range(8))
    response_50 = next(n for metric, threshold, n in rules if (metric, threshold) == ("response", 50))

    data |= {"uptime_target_percent": ["99.95"], "targets-0-response": ["10m"], f"rules-{response_50}-DELETE": ["on"]}
    data["rules-8-DELETE"] = data["rules-9-DELETE"] = ["on"]
    response = admin_client.post(f"/sla/agreements/{agreement.pk}/edit/", data)
    assert response["Location"] == f"/sla/agreements/{agreement.pk}/"
    agreement.refresh_from_db()
    assert str(agreement.uptime_target_percent) == "99.950"
    assert agreement.targets.get(severity="P1").response == dt.timedelta(minutes=10)
    assert not agreement.escalation_rules.filter(metric="response", threshold_percent=50).exists()
    assert agreement.escalation_rules.count() == 7


def test_admin_creates_a_new_version_from_the_detail_page(admin_client: Client, contract: Contract) -> None:
    first = agreement_for(contract)
    page = admin_client.get(f"/sla/agreements/{first.pk}/")
    assert "New version from" in _text(page)

    response = admin_client.post(f"/sla/agreements/{first.pk}/new-version/", {"effective_from": "2026-07-01"})
    second = Agreement.objects.get(version=2)
    assert response["Location"] == f"/sla/agreements/{second.pk}/"
    first.refresh_from_db()
    assert first.effective_to == dt.date(2026, 6, 30)
    assert (second.effective_from, second.targets.count(), second.escalation_rules.count()) == (
        dt.date(2026, 7, 1),
        4,
        8,
    )
    text = _text(admin_client.get(response["Location"]))
    assert "Version 2 created; version 1 ends 2026-06-30." in text
    assert "version 2" in text

    # Not after the current start, or no date: back to the version, with the reason; nothing created.
    response = admin_client.post(f"/sla/agreements/{second.pk}/new-version/", {"effective_from": "2026-07-01"})
    assert response["Location"] == f"/sla/agreements/{second.pk}/"
    assert "A new version starts after the version it replaces." in _text(admin_client.get(response["Location"]))
    response = admin_client.post(f"/sla/agreements/{second.pk}/new-version/", {"effective_from": ""}, follow=True)
    assert "Give the date the new version takes effect." in _text(response)
    assert Agreement.objects.count() == 2
    second.refresh_from_db()
    assert second.effective_to is None


# --- who may do what -----------------------------------------------------------------------


@pytest.fixture
def sla_paths(contract: Contract, office: BusinessCalendar, always: BusinessCalendar) -> dict[str, list[str]]:
    agreement = agreement_for(contract)
    holiday = HolidayFactory(calendar=office)
    return {
        "read": [
            "/sla/calendars/",
            f"/sla/calendars/{office.pk}/",
            "/sla/agreements/",
            f"/sla/agreements/{agreement.pk}/",
        ],
        "write": [
            "/sla/calendars/add/",
            f"/sla/calendars/{office.pk}/edit/",
            f"/sla/calendars/{always.pk}/delete/",
            f"/sla/calendars/{office.pk}/holidays/import/?country=DE&subdivision=BE&years=2026",
            f"/sla/holidays/{holiday.pk}/delete/",
            "/sla/agreements/add/",
            f"/sla/agreements/{agreement.pk}/edit/",
            f"/sla/agreements/{agreement.pk}/delete/",
        ],
        "post": [
            "/sla/calendars/add/",
            f"/sla/calendars/{office.pk}/edit/",
            f"/sla/calendars/{always.pk}/delete/",
            f"/sla/calendars/{office.pk}/holidays/add/",
            f"/sla/calendars/{office.pk}/holidays/import/",
            f"/sla/holidays/{holiday.pk}/delete/",
            "/sla/agreements/add/",
            f"/sla/agreements/{agreement.pk}/edit/",
            f"/sla/agreements/{agreement.pk}/delete/",
            f"/sla/agreements/{agreement.pk}/new-version/",
        ],
    }


def _snapshot() -> tuple[list, list, list, list]:
    return (
        list(BusinessCalendar.objects.order_by("pk").values_list()),
        list(CalendarWindow.objects.order_by("pk").values_list()),
        list(Holiday.objects.order_by("pk").values_list()),
        list(Agreement.objects.order_by("pk").values_list()),
    )


def test_staff_reads_sla_pages_but_gets_403_on_writes(staff_client: Client, sla_paths: dict[str, list[str]]) -> None:
    before = _snapshot()
    for path in sla_paths["read"]:
        page = staff_client.get(path)
        assert page.status_code == 200, path
        assert "/edit/" not in page.content.decode(), path
        assert "new-version" not in page.content.decode(), path
        assert "holidays/add" not in page.content.decode(), path
    for path in sla_paths["write"]:
        assert staff_client.get(path).status_code == 403, path
    for path in sla_paths["post"]:
        response = staff_client.post(path, {"name": "Sneaky", "effective_from": "2030-01-01", "date": "2030-01-01"})
        assert response.status_code == 403, path
    assert _snapshot() == before


def test_vendor_user_gets_404_on_hospital_sla_pages(vendor_client: Client, sla_paths: dict[str, list[str]]) -> None:
    before = _snapshot()
    for path in sla_paths["read"] + sla_paths["write"]:
        assert vendor_client.get(path).status_code == 404, path
    for path in sla_paths["post"]:
        assert vendor_client.post(path, {"name": "Sneaky", "effective_from": "2030-01-01"}).status_code == 404, path
    assert _snapshot() == before


def test_portal_shows_the_vendor_its_own_agreements_only(
    vendor_client: Client, admin_client: Client, contract: Contract, other_vendor: Vendor
) -> None:
    first = agreement_for(contract)
    agreement_new_version(agreement=first, effective_from=dt.date(2026, 7, 1))
    foreign = agreement_for(ContractFactory(vendor=other_vendor, reference="OTH-2025-001"))
    foreign.name = "Other vendor's secret SLA"
    foreign.save()

    page = vendor_client.get("/portal/sla/")
    assert page.status_code == 200
    text = _text(page)
    assert "The targets Meridian Imaging Systems works to, version by version." in text
    assert "SLA of MIS-2024-017 version 2" in text
    assert "SLA of MIS-2024-017 version 1" in text
    assert "from 2025-01-01 to 2026-06-30" in text
    assert "P1 critical 15m 1h 4h 24x7" in text
    assert "Escalation path" in text
    assert "OTH-2025-001" not in text
    assert "Other vendor" not in text

    assert admin_client.get("/portal/sla/").status_code == 404


def test_portal_without_agreements_says_so(vendor_client: Client) -> None:
    text = _text(vendor_client.get("/portal/sla/"))
    assert "The hospital has not recorded an SLA for Meridian Imaging Systems yet." in text


# --- query counts --------------------------------------------------------------------------


def test_list_pages_use_a_constant_number_of_queries(
    admin_client: Client, vendor_client: Client, vendor: Vendor
) -> None:
    hospital_paths = ["/sla/calendars/?page=1", "/sla/agreements/?page=1"]
    agreement_for(ContractFactory(vendor=vendor))
    few = queries_per_path(admin_client, hospital_paths) | queries_per_path(vendor_client, ["/portal/sla/"])
    for n in range(12):
        agreement_for(ContractFactory(vendor=vendor if n % 2 else VendorFactory()))
        HolidayFactory.create_batch(2, calendar=office_calendar(name=f"Site {n} hours"))
    many = queries_per_path(admin_client, hospital_paths) | queries_per_path(vendor_client, ["/portal/sla/"])
    assert many == few
    assert Agreement.objects.filter(contract__vendor=vendor).count() == 7


def _csv(response: object) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_lists_export_as_csv(admin_client: Client, contract: Contract, always: BusinessCalendar) -> None:
    agreement_for(contract)
    rows = _csv(admin_client.get("/sla/agreements/", {"export": "csv"}))
    assert rows == [
        ["Agreement", "Vendor", "Contract", "Version", "In force from", "until", "Uptime target"],
        ["SLA of MIS-2024-017", "Meridian Imaging Systems", "MIS-2024-017", "1", "2025-01-01", "—", "99.900 %"],
    ]
    rows = _csv(admin_client.get("/sla/calendars/", {"export": "csv", "always_open": "false"}))
    assert rows[0] == ["Name", "Timezone", "Hours", "Weekly windows"]
    assert rows[1][:3] == ["Business hours", "Europe/Berlin", "Windows"]
    assert rows[1][3].startswith("Monday 08:00-18:00, Tuesday 08:00-18:00")
    assert len(rows) == 2


def test_a_calendar_in_use_cannot_be_deleted(admin_client: Client, contract: Contract) -> None:
    agreement = agreement_for(contract)
    office = agreement.targets.get(severity="P3").calendar
    response = admin_client.post(f"/sla/calendars/{office.pk}/delete/", follow=True)
    assert "cannot be deleted while it still has agreement targets" in _text(response)
    assert BusinessCalendar.objects.filter(pk=office.pk).exists()

    unused = office_calendar(name="Unused hours")
    HolidayFactory(calendar=unused)
    response = admin_client.post(f"/sla/calendars/{unused.pk}/delete/")
    assert response["Location"] == "/sla/calendars/"
    assert not BusinessCalendar.objects.filter(pk=unused.pk).exists()
    assert not Holiday.objects.filter(calendar_id=unused.pk).exists()


def test_an_import_post_the_preview_refuses_is_answered_with_a_message(
    admin_client: Client, office: BusinessCalendar
) -> None:
    response = admin_client.post(
        f"/sla/calendars/{office.pk}/holidays/import/",
        {"country": "XX", "subdivision": "", "years": "2026", "chosen": ["2026-12-25"]},
        follow=True,
    )
    assert "No public holidays are known for “XX”." in _text(response)
    assert not Holiday.objects.exists()
