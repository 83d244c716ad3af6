"""The catalogue's defaults, each user's preferences against them (only deviations stored), saving
and resetting them."""

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.roles import Role
from notifications.event_types import (
    APP_AND_DIGEST,
    APP_AND_EMAIL,
    CATALOGUE,
    NOTHING,
    SPECS,
    Channels,
    EmailDelivery,
    EventType,
    channels_resolve,
    specs_for_role,
)
from notifications.models import NotificationPreference
from notifications.selectors import channels_for, preference_rows
from notifications.services.preferences import ChannelChoice, preferences_reset, preferences_save

OUTAGE, P1, KPI = EventType.MONITORING_INCIDENT_OPENED, EventType.TICKET_P1_OPENED, EventType.KPI_ALERT


# --- the catalogue ------------------------------------------------------------------------------


def test_every_event_type_has_one_entry_with_a_description_and_someone_to_receive_it() -> None:
    assert [spec.type for spec in CATALOGUE] == list(EventType)  # complete, in one order
    for spec in CATALOGUE:
        assert spec.description.endswith("."), spec.type
        assert spec.defaults, spec.type
        assert set(spec.defaults) <= set(Role.values)


def test_the_defaults_the_hospital_expects() -> None:
    admin, staff, vendor = Role.HOSPITAL_ADMIN, Role.HOSPITAL_STAFF, Role.VENDOR_USER
    # Outages and P1 at once for admins; breaches at once; KPI alerts in the digest.
    assert SPECS[OUTAGE].default_for(admin) == APP_AND_EMAIL
    assert SPECS[EventType.MONITORING_INCIDENT_CLOSED].default_for(admin) == APP_AND_EMAIL
    assert SPECS[P1].default_for(admin) == APP_AND_EMAIL
    assert SPECS[EventType.SLA_BREACH].default_for(admin) == APP_AND_EMAIL
    assert SPECS[KPI].default_for(admin) == APP_AND_DIGEST
    # Staff: what is theirs (assigned, reported), not every outage.
    assert SPECS[OUTAGE].default_for(staff) == NOTHING
    assert SPECS[EventType.ASSIGNED_TO_ME].default_for(staff) == APP_AND_EMAIL
    assert SPECS[EventType.REPORTED_TICKET_RESOLVED].default_for(staff) == APP_AND_EMAIL
    # Vendor users keep what they always had: in the app and by email.
    for event in (EventType.INCIDENT_RECORDED, EventType.CREDIT_CLAIMED, EventType.MAINTENANCE_DECIDED):
        assert SPECS[event].default_for(vendor) == APP_AND_EMAIL
    assert not SPECS[KPI].applies_to(vendor)


def test_channels_resolve_takes_each_stored_channel_else_the_default() -> None:
    spec, admin = SPECS[OUTAGE], Role.HOSPITAL_ADMIN
    assert channels_resolve(spec, admin) == APP_AND_EMAIL
    assert channels_resolve(spec, admin, in_app=False) == Channels(False, EmailDelivery.IMMEDIATE)
    assert channels_resolve(spec, admin, email=EmailDelivery.DIGEST) == APP_AND_DIGEST
    assert channels_resolve(spec, Role.HOSPITAL_STAFF, True, EmailDelivery.DIGEST) == APP_AND_DIGEST
    assert channels_resolve(SPECS[KPI], Role.VENDOR_USER, True, EmailDelivery.IMMEDIATE) == NOTHING
    mail_failure = SPECS[EventType.EMAIL_FAILED]
    assert channels_resolve(mail_failure, admin, email=EmailDelivery.IMMEDIATE).email == EmailDelivery.OFF


def test_a_role_sees_only_its_event_types() -> None:
    vendor_types = {spec.type for spec in specs_for_role(Role.VENDOR_USER)}
    assert EventType.CREDIT_CLAIMED in vendor_types
    assert EventType.CREDIT_DISPUTED not in vendor_types  # the hospital's business
    assert {spec.type for spec in specs_for_role(Role.HOSPITAL_ADMIN)} >= {OUTAGE, P1, KPI, EventType.EMAIL_FAILED}


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preference_rows_show_the_default_and_the_users_own_choice(django_assert_num_queries) -> None:
    staff = UserFactory()
    NotificationPreference.objects.create(user=staff, event_type=OUTAGE, email=EmailDelivery.DIGEST)

    with django_assert_num_queries(1):
        rows = {row.spec.type: row for row in preference_rows(user=staff)}

    assert set(rows) == {spec.type for spec in specs_for_role(Role.HOSPITAL_STAFF)}
    outage = rows[OUTAGE]
    assert (outage.default, outage.in_app_choice, outage.email_choice) == (NOTHING, None, EmailDelivery.DIGEST)
    assert outage.effective == Channels(False, EmailDelivery.DIGEST)
    assert not outage.is_default
    assert rows[EventType.ASSIGNED_TO_ME].is_default


@pytest.mark.django_db
def test_channels_for_many_recipients_and_event_types_is_one_query(django_assert_num_queries) -> None:
    users = HospitalAdminFactory.create_batch(3) + UserFactory.create_batch(3)
    NotificationPreference.objects.create(user=users[0], event_type=P1, in_app=False)

    with django_assert_num_queries(1):
        channels = channels_for(recipients=users, event_types={OUTAGE, P1})

    assert channels[(users[0].pk, P1)] == Channels(False, EmailDelivery.IMMEDIATE)
    assert channels[(users[1].pk, P1)] == APP_AND_EMAIL
    assert channels[(users[4].pk, OUTAGE)] == NOTHING


# --- saving and resetting ------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_stores_only_what_differs_from_the_defaults() -> None:
    admin = HospitalAdminFactory()
    rows = preferences_save(
        user=admin,
        choices={
            OUTAGE: ChannelChoice(in_app=True, email=EmailDelivery.IMMEDIATE),  # the default: nothing stored
            P1: ChannelChoice(in_app=True, email=EmailDelivery.DIGEST),  # email differs
            KPI: ChannelChoice(in_app=False, email=EmailDelivery.DIGEST),  # in-app differs
        },
    )

    stored = set(NotificationPreference.objects.values_list("event_type", "in_app", "email"))
    assert stored == {(P1, None, EmailDelivery.DIGEST), (KPI, False, "")}
    assert {row.spec.type for row in rows if not row.is_default} == {P1, KPI}


@pytest.mark.django_db
def test_a_changed_default_reaches_users_who_kept_it(monkeypatch: pytest.MonkeyPatch) -> None:
    admin = HospitalAdminFactory()
    preferences_save(user=admin, choices={KPI: ChannelChoice(in_app=False, email=EmailDelivery.DIGEST)})
    spec = SPECS[KPI]
    changed = {**spec.defaults, Role.HOSPITAL_ADMIN: APP_AND_EMAIL}
    monkeypatch.setitem(SPECS, KPI, type(spec)(spec.type, spec.group, spec.description, changed))

    channels = channels_for(recipients=[admin], event_types={KPI})

    # Their own choice (not in the app) stays; the email channel they left alone follows the new default.
    assert channels[(admin.pk, KPI)] == Channels(False, EmailDelivery.IMMEDIATE)


@pytest.mark.django_db
def test_saving_again_replaces_and_event_types_left_out_return_to_their_defaults() -> None:
    admin = HospitalAdminFactory()
    preferences_save(user=admin, choices={P1: ChannelChoice(in_app=False, email=EmailDelivery.OFF)})
    preferences_save(user=admin, choices={KPI: ChannelChoice(in_app=True, email=EmailDelivery.OFF)})
    preferences_save(user=admin, choices={KPI: ChannelChoice(in_app=True, email=EmailDelivery.IMMEDIATE)})

    assert list(NotificationPreference.objects.values_list("event_type", "in_app", "email")) == [
        (KPI, None, EmailDelivery.IMMEDIATE)
    ]


@pytest.mark.django_db
def test_saving_refuses_every_bad_choice_at_once_and_changes_nothing() -> None:
    vendor_user = VendorUserFactory()
    NotificationPreference.objects.create(user=vendor_user, event_type=EventType.CREDIT_CLAIMED, in_app=False)

    with pytest.raises(ValidationError) as raised:
        preferences_save(
            user=vendor_user,
            choices={
                "weather_report": ChannelChoice(in_app=True, email=EmailDelivery.OFF),
                KPI: ChannelChoice(in_app=True, email=EmailDelivery.OFF),
                P1: ChannelChoice(in_app=True, email="weekly"),
            },
        )

    errors = raised.value.message_dict
    assert errors == {
        "weather_report": ["“weather_report” is not an event type."],
        KPI: ["“KPI alert” is not sent to a vendor user."],
        P1: ["Email “weekly” is not one of off, immediate, digest."],
    }
    assert NotificationPreference.objects.get().event_type == EventType.CREDIT_CLAIMED


@pytest.mark.django_db
def test_email_for_an_in_app_only_event_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        preferences_save(
            user=HospitalAdminFactory(),
            choices={EventType.EMAIL_FAILED: ChannelChoice(in_app=True, email=EmailDelivery.DIGEST)},
        )
    assert raised.value.message_dict == {
        EventType.EMAIL_FAILED: ["“Email not delivered” is shown in the app only: its email must be off."]
    }


@pytest.mark.django_db
def test_reset_one_event_type_or_all() -> None:
    admin, other = HospitalAdminFactory(), HospitalAdminFactory()
    for user in (admin, other):
        NotificationPreference.objects.create(user=user, event_type=P1, in_app=False)
        NotificationPreference.objects.create(user=user, event_type=KPI, email=EmailDelivery.OFF)

    assert preferences_reset(user=admin, event_types=[P1]) == 1
    assert list(NotificationPreference.objects.filter(user=admin).values_list("event_type", flat=True)) == [KPI]
    assert preferences_reset(user=admin) == 1
    assert not NotificationPreference.objects.filter(user=admin).exists()
    assert NotificationPreference.objects.filter(user=other).count() == 2  # someone else's stay


def test_the_readme_lists_every_event_type_with_its_defaults(settings) -> None:
    readme = (settings.BASE_DIR / "README.md").read_text()
    for spec in CATALOGUE:
        line = next((line for line in readme.splitlines() if f"(`{spec.type.value}`)" in line), None)
        assert line is not None, f"README's notifications table lacks {spec.type.value}"
        assert spec.description in line
        for role in (Role.HOSPITAL_ADMIN, Role.HOSPITAL_STAFF, Role.VENDOR_USER):
            if spec.applies_to(role) and spec.default_for(role) != NOTHING:
                assert spec.default_for(role).describe() in line, (spec.type, role)
