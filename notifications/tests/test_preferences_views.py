"""The notification settings page and ``/api/v1/notification-preferences/``: every user's own
settings, defaults shown as such, saving, resetting, bad input refused field by field."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.testing.queries import queries_per_path
from notifications.event_types import EmailDelivery, EventType, specs_for_role
from notifications.models import NotificationPreference

PAGE = "/notifications/settings/"
API = "/api/v1/notification-preferences/"
P1, KPI = EventType.TICKET_P1_OPENED, EventType.KPI_ALERT


def table_post(user, **changes: tuple[bool, str]) -> dict[str, str]:
    """The whole form as the page submits it: every row at its default, but for ``changes``."""
    data = {}
    for spec in specs_for_role(user.role):
        in_app, email = changes.get(spec.type.value, (spec.default_for(user.role).in_app, None))
        if in_app:
            data[f"{spec.type.value}-in_app"] = "on"
        if spec.email_allowed:
            data[f"{spec.type.value}-email"] = email or spec.default_for(user.role).email
    return data


def stored(user) -> set[tuple[str, bool | None, str]]:
    return set(NotificationPreference.objects.filter(user=user).values_list("event_type", "in_app", "email"))


# --- the page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_lists_the_roles_event_types_with_defaults_and_own_choices(admin_client: Client, admin_user) -> None:
    NotificationPreference.objects.create(user=admin_user, event_type=KPI, email=EmailDelivery.IMMEDIATE)

    response = admin_client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Notification settings" in html
    assert "Outage detected by monitoring" in html
    assert "Our probes found a PACS component not answering and opened an incident." in html
    assert html.count('<span class="badge text-bg-primary">Your choice</span>') == 1
    assert "Default: in the app + email at once" in html
    assert "Default: in the app + daily digest" in html
    assert 'name="reset" value="kpi_alert"' in html
    assert "07:15 (Europe/Berlin)" in html
    assert f"<strong>{admin_user.email}</strong>" in html
    kpi_email = response.context["form"]["kpi_alert-email"]
    assert kpi_email.value() == EmailDelivery.IMMEDIATE
    assert "Not sent by email" in html  # "Email not delivered" is shown in the app only


@pytest.mark.django_db
def test_staff_and_vendor_users_see_their_roles_event_types(staff_client: Client, vendor_client: Client) -> None:
    staff_html = staff_client.get(PAGE).content.decode()
    assert "Assigned to you" in staff_html
    assert "Service credit disputed" not in staff_html  # admins' business
    vendor_page = vendor_client.get(PAGE)
    assert vendor_page.status_code == 200
    assert "portal/base.html" in [t.name for t in vendor_page.templates]
    vendor_html = vendor_page.content.decode()
    assert "Service credit claimed" in vendor_html
    assert "KPI alert" not in vendor_html


@pytest.mark.django_db
def test_saving_the_table_stores_only_the_changes(admin_client: Client, admin_user) -> None:
    data = table_post(admin_user, **{P1: (True, EmailDelivery.DIGEST), KPI: (False, EmailDelivery.DIGEST)})

    response = admin_client.post(PAGE, data, follow=True)

    assert response.redirect_chain[-1][0] == PAGE
    assert "Notification settings saved (2 of your own, the rest as default)." in response.content.decode()
    assert stored(admin_user) == {(P1, None, EmailDelivery.DIGEST), (KPI, False, "")}


@pytest.mark.django_db
def test_a_bad_email_choice_is_a_form_error_and_nothing_changes(admin_client: Client, admin_user) -> None:
    data = table_post(admin_user, **{P1: (True, "weekly")})

    response = admin_client.post(PAGE, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Your settings were not saved" in html
    assert "P1 ticket opened: email: Select a valid choice. weekly is not one of the available choices." in html
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_reset_one_row_or_everything(admin_client: Client, admin_user) -> None:
    NotificationPreference.objects.create(user=admin_user, event_type=P1, in_app=False)
    NotificationPreference.objects.create(user=admin_user, event_type=KPI, email=EmailDelivery.OFF)

    response = admin_client.post(PAGE, {"reset": P1}, follow=True)
    assert "“P1 ticket opened” is back to its default." in response.content.decode()
    assert stored(admin_user) == {(KPI, None, EmailDelivery.OFF)}

    response = admin_client.post(PAGE, {"reset": "all"}, follow=True)
    assert "Every notification setting is back to its default." in response.content.decode()
    assert not stored(admin_user)
    assert admin_client.post(PAGE, {"reset": "nonsense"}).status_code == 400


@pytest.mark.django_db
def test_the_page_takes_as_many_queries_with_many_choices_as_with_none(admin_client: Client, admin_user) -> None:
    empty = queries_per_path(admin_client, [PAGE])[PAGE]
    for spec in specs_for_role(admin_user.role):
        NotificationPreference.objects.create(user=admin_user, event_type=spec.type.value, in_app=False)
    assert queries_per_path(admin_client, [PAGE])[PAGE] == empty


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_page_is_in_the_account_menus(admin_client: Client, vendor_client: Client) -> None:
    assert f'href="{PAGE}"' in admin_client.get("/overview/").content.decode()
    assert f'href="{PAGE}"' in vendor_client.get("/portal/").content.decode()


# --- the API ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_get_lists_every_event_type_of_the_role_with_its_default(staff_api: APIClient, staff_user) -> None:
    NotificationPreference.objects.create(
        user=staff_user, event_type=EventType.MONITORING_INCIDENT_OPENED, in_app=True, email=EmailDelivery.DIGEST
    )

    response = staff_api.get(API)

    assert response.status_code == 200
    rows = {row["event_type"]: row for row in response.json()["preferences"]}
    assert set(rows) == {spec.type.value for spec in specs_for_role(staff_user.role)}
    assert rows["monitoring_incident_opened"] == {
        "event_type": "monitoring_incident_opened",
        "label": "Outage detected by monitoring",
        "group": "Outages and incidents",
        "description": "Our probes found a PACS component not answering and opened an incident.",
        "email_allowed": True,
        "in_app": True,
        "email": "digest",
        "default": {"in_app": False, "email": "off"},
        "is_default": False,
    }
    assert rows["assigned_to_me"]["is_default"] is True


@pytest.mark.django_db
def test_put_replaces_the_settings_and_answers_the_new_table(admin_api: APIClient, admin_user) -> None:
    NotificationPreference.objects.create(user=admin_user, event_type=EventType.CREDIT_ACKNOWLEDGED, in_app=False)
    body = {
        "preferences": [
            {"event_type": "kpi_alert", "in_app": True, "email": "immediate"},
            {"event_type": "ticket_p1_opened", "in_app": True, "email": "immediate"},  # the default
        ]
    }

    response = admin_api.put(API, body, format="json")

    assert response.status_code == 200
    assert stored(admin_user) == {(KPI, None, EmailDelivery.IMMEDIATE)}  # the acknowledged row is back to default
    rows = {row["event_type"]: row for row in response.json()["preferences"]}
    assert (rows["kpi_alert"]["email"], rows["kpi_alert"]["is_default"]) == ("immediate", False)

    assert admin_api.put(API, {"preferences": []}, format="json").status_code == 200
    assert not stored(admin_user)


@pytest.mark.django_db
def test_put_with_bad_input_answers_400_per_field_and_changes_nothing(vendor_api: APIClient, vendor_user) -> None:
    NotificationPreference.objects.create(user=vendor_user, event_type=EventType.CREDIT_CLAIMED, in_app=False)
    body = {
        "preferences": [
            {"event_type": "weather_report", "in_app": True, "email": "off"},
            {"event_type": "kpi_alert", "in_app": True, "email": "off"},  # not for vendor users
            {"event_type": "credit_claimed", "in_app": True, "email": "weekly"},
            {"event_type": "assigned_to_me"},
        ]
    }

    response = vendor_api.put(API, body, format="json")

    assert response.status_code == 400
    errors = response.json()["preferences"]  # keyed by the position of the item in the list
    assert set(errors) == {"0", "1", "2", "3"}
    assert errors["0"] == {"event_type": ["“weather_report” is not an event type you can receive (GET lists them)."]}
    assert errors["1"] == {"event_type": ["“kpi_alert” is not an event type you can receive (GET lists them)."]}
    assert errors["2"] == {"email": ["“weekly” is not one of off, immediate, digest."]}
    assert errors["3"] == {"in_app": ["This field is required."], "email": ["This field is required."]}
    assert stored(vendor_user) == {(EventType.CREDIT_CLAIMED, False, "")}


@pytest.mark.django_db
def test_put_refuses_email_for_in_app_only_events_and_repeats(admin_api: APIClient) -> None:
    response = admin_api.put(
        API, {"preferences": [{"event_type": "email_failed", "in_app": True, "email": "digest"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "preferences": {"0": {"email": ["“Email not delivered” is shown in the app only: email must be off."]}}
    }
    twice = {"event_type": "kpi_alert", "in_app": True, "email": "off"}
    response = admin_api.put(API, {"preferences": [twice, twice]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"preferences": ["“kpi_alert” is given twice; give each event type once."]}
    assert admin_api.put(API, {}, format="json").json() == {"preferences": ["This field is required."]}


@pytest.mark.django_db
def test_the_api_needs_a_signed_in_user(client: Client) -> None:
    api = APIClient()
    assert api.get(API).status_code == 401
    assert api.put(API, {"preferences": []}, format="json").status_code == 401


@pytest.mark.django_db
def test_the_schema_documents_the_route(admin_api: APIClient) -> None:
    schema = admin_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    route = schema["paths"]["/api/v1/notification-preferences/"]
    assert set(route) >= {"get", "put"}
    put_body = route["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert put_body.endswith("/PreferencesUpdate")
