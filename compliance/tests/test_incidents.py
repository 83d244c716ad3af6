"""Security incidents: the notification clocks (compliance/breach_clocks.py), reporting, the
timeline, recording notifications, closing, and the clock sweep with the clock under control."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from compliance.breach_clocks import REGULATOR_HOURS, Clock, ClockState
from compliance.models import SecurityIncident, SecurityIncidentUpdate
from compliance.services.incident_clocks import security_clock_sweep
from compliance.services.incidents import (
    incident_close,
    incident_notification_record,
    incident_report,
    incident_update_post,
)
from compliance.tasks import sweep_security_clocks
from compliance.tests.factories import incident_for, terms_for
from notifications.models import Notification
from vendors.tests.factories import ComponentFactory

HOUR = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


# --- the pure clocks ---


def test_a_clock_runs_warns_and_breaches_as_time_passes() -> None:
    clock = Clock("vendor", "Vendor tells us", T0, 24)
    assert clock.due_at == T0 + 24 * HOUR
    assert clock.warn_at == T0 + 18 * HOUR
    assert [clock.state(T0 + h * HOUR) for h in (0, 17, 18, 24, 25)] == [
        ClockState.RUNNING,
        ClockState.RUNNING,
        ClockState.DUE_SOON,
        ClockState.DUE_SOON,
        ClockState.BREACHED,
    ]
    assert clock.remaining(T0 + 20 * HOUR) == 4 * HOUR


def test_a_stopped_clock_is_met_or_breached_by_when_it_stopped() -> None:
    in_time = Clock("regulator", "We tell the authority", T0, REGULATOR_HOURS, T0 + 70 * HOUR)
    late = Clock("regulator", "We tell the authority", T0, REGULATOR_HOURS, T0 + 73 * HOUR)
    assert (in_time.state(T0 + 500 * HOUR), in_time.margin()) == (ClockState.MET, 2 * HOUR)
    assert (late.state(T0 + 73 * HOUR), late.margin()) == (ClockState.BREACHED, -HOUR)
    assert in_time.remaining(T0) is None


def test_without_an_agreed_deadline_nothing_counts_down() -> None:
    clock = Clock("vendor", "Vendor tells us", T0, None)
    assert (clock.state(T0 + 1000 * HOUR), clock.due_at, clock.remaining(T0)) == (ClockState.NO_DEADLINE, None, None)


@given(hours=st.integers(1, 720), elapsed=st.integers(0, 2000))
def test_a_running_clock_is_breached_exactly_when_past_due(hours: int, elapsed: int) -> None:
    state = Clock("vendor", "", T0, hours).state(T0 + elapsed * HOUR)
    assert (state == ClockState.BREACHED) == (elapsed > hours)


# --- reporting ---


@pytest.mark.django_db
def test_a_vendor_reports_an_incident_with_the_deadline_of_its_terms(vendor, vendor_user, admin_user) -> None:
    terms_for(vendor, breach_notification_hours=48)
    terms_for(vendor, breach_notification_hours=24)  # the strictest agreement counts
    archive = ComponentFactory(vendor=vendor)
    with time_machine.travel(T0, tick=False):
        incident = incident_report(
            vendor=vendor,
            title="Ransomware on the support jump host",
            kind=SecurityIncident.Kind.RANSOMWARE,
            severity="critical",
            description="Encrypted files found on the jump host.",
            vendor_aware_at=T0 - 5 * HOUR,
            patients_affected=1200,
            components=[archive],
            actor=vendor_user,
        )
    incident.refresh_from_db()
    assert (incident.reported_at, incident.hospital_aware_at, incident.vendor_deadline_hours) == (T0, T0, 24)
    assert list(incident.components.all()) == [archive]
    vendor_clock, regulator_clock = incident.clocks
    assert (vendor_clock.state(T0), regulator_clock.due_at) == (ClockState.MET, T0 + 72 * HOUR)
    told = Notification.objects.get(recipient=admin_user, event_type="security_incident_reported")
    assert told.url == f"/compliance/incidents/{incident.pk}/"
    assert not Notification.objects.filter(recipient=vendor_user).exists()  # the actor is not told


@pytest.mark.django_db
def test_an_admin_records_an_incident_the_vendor_has_not_told_us_of(vendor, vendor_user, admin_user) -> None:
    with time_machine.travel(T0, tick=False):
        incident = incident_report(
            vendor=vendor,
            title="Study list on a public bucket",
            kind=SecurityIncident.Kind.DATA_BREACH,
            severity="high",
            description="A researcher wrote to us.",
            vendor_aware_at=T0 - 2 * HOUR,
            hospital_aware_at=T0 - HOUR,
            actor=admin_user,
        )
    assert (incident.reported_at, incident.vendor_deadline_hours, incident.hospital_aware_at) == (None, None, T0 - HOUR)
    assert incident.clocks[0].state(T0) == ClockState.NO_DEADLINE
    told = Notification.objects.get(recipient=vendor_user, event_type="security_incident_reported")
    assert told.url == f"/portal/security-incidents/{incident.pk}/"


@pytest.mark.django_db
def test_a_report_with_instants_out_of_order_or_in_the_future_saves_nothing(vendor, admin_user, other_vendor) -> None:
    now = timezone.now()
    base = {
        "vendor": vendor,
        "title": "X",
        "kind": "other",
        "severity": "low",
        "description": "X",
        "actor": admin_user,
    }
    with pytest.raises(ValidationError) as error:
        incident_report(**base, vendor_aware_at=now - HOUR, occurred_at=now)
    assert "occurred_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        incident_report(**base, vendor_aware_at=now + HOUR)
    assert "vendor_aware_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        incident_report(**base, vendor_aware_at=now - HOUR, reported_at=now - 2 * HOUR)
    assert "reported_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        incident_report(**base, vendor_aware_at=now - HOUR, components=[ComponentFactory(vendor=other_vendor)])
    assert "components" in error.value.message_dict
    assert not SecurityIncident.objects.exists()


@pytest.mark.django_db
def test_a_vendor_user_cannot_report_for_another_vendor(other_vendor, vendor_user) -> None:
    with pytest.raises(PermissionDenied):
        incident_report(
            vendor=other_vendor,
            title="X",
            kind="other",
            severity="low",
            description="X",
            vendor_aware_at=timezone.now() - HOUR,
            actor=vendor_user,
        )
    assert not SecurityIncident.objects.exists()


@pytest.mark.django_db
def test_the_table_refuses_a_vendor_report_before_its_awareness(vendor) -> None:
    incident = incident_for(vendor)
    with pytest.raises(IntegrityError), transaction.atomic():
        SecurityIncident.objects.filter(pk=incident.pk).update(reported_at=incident.vendor_aware_at - HOUR)


# --- the timeline, notifications, closing ---


@pytest.mark.django_db
def test_both_sides_post_updates_and_only_the_hospital_confirms(vendor, vendor_user, admin_user) -> None:
    incident = incident_for(vendor)
    incident_update_post(incident=incident, body="Forensics engaged: Mandiant.", actor=vendor_user)
    with pytest.raises(ValidationError) as error:
        incident_update_post(incident=incident, body="Confirmed", status="confirmed", actor=vendor_user)
    assert "status" in error.value.message_dict
    incident_update_post(incident=incident, body="Logs show access.", status="confirmed", actor=admin_user)
    incident.refresh_from_db()
    assert incident.status == SecurityIncident.Status.CONFIRMED
    assert list(incident.updates.values_list("kind", "body", "author")) == [
        ("update", "Forensics engaged: Mandiant.", vendor_user.pk),
        ("status", "Confirmed. Logs show access.", admin_user.pk),
    ]
    assert Notification.objects.filter(recipient=admin_user, event_type="security_incident_updated").count() == 1
    assert Notification.objects.filter(recipient=vendor_user, event_type="security_incident_updated").count() == 1


@pytest.mark.django_db
def test_recording_the_notifications_stops_the_clocks(vendor, admin_user) -> None:
    incident = incident_for(vendor, reported=False, aware_hours_ago=30, deadline_hours=24)
    aware = incident.vendor_aware_at
    incident_notification_record(incident=incident, which="vendor", at=aware + 26 * HOUR, actor=admin_user)
    incident_notification_record(
        incident=incident, which="authority", at=timezone.now(), reference="DPA-2026-114", actor=admin_user
    )
    incident.refresh_from_db()
    vendor_clock, regulator_clock = incident.clocks
    assert (vendor_clock.state(timezone.now()), regulator_clock.state(timezone.now())) == (
        ClockState.BREACHED,
        ClockState.MET,
    )
    assert incident.authority_reference == "DPA-2026-114"
    notes = list(incident.updates.values_list("body", flat=True))
    assert "(breached)" in notes[0]
    assert "Reference: DPA-2026-114" in notes[1]
    with pytest.raises(ValidationError):
        incident_notification_record(incident=incident, which="vendor", at=timezone.now(), actor=admin_user)


@pytest.mark.django_db
def test_a_notification_before_our_awareness_is_refused(vendor, admin_user) -> None:
    incident = incident_for(vendor)
    with pytest.raises(ValidationError) as error:
        incident_notification_record(
            incident=incident, which="authority", at=incident.hospital_aware_at - HOUR, actor=admin_user
        )
    assert "at" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.authority_notified_at is None


@pytest.mark.django_db
def test_closing_needs_the_root_cause_and_ends_the_timeline(vendor, vendor_user, admin_user) -> None:
    incident = incident_for(vendor)
    with pytest.raises(ValidationError):
        incident_close(incident=incident, root_cause=" ", lessons_learned="", actor=admin_user)
    with pytest.raises(PermissionDenied):
        incident_close(incident=incident, root_cause="Reused password", lessons_learned="", actor=vendor_user)
    incident_close(incident=incident, root_cause="Reused password", lessons_learned="MFA on support", actor=admin_user)
    incident.refresh_from_db()
    assert (incident.status, incident.root_cause, incident.lessons_learned) == (
        "closed",
        "Reused password",
        "MFA on support",
    )
    assert incident.closed_at is not None
    with pytest.raises(ValidationError):
        incident_update_post(incident=incident, body="More", actor=vendor_user)
    assert incident.updates.get().kind == SecurityIncidentUpdate.Kind.CLOSED


# --- the sweep ---


@pytest.mark.django_db
def test_the_sweep_warns_then_breaches_each_once(vendor, vendor_user, admin_user) -> None:
    start = timezone.now()
    incident = incident_for(vendor, reported=False, aware_hours_ago=0, deadline_hours=24)
    aware, ours = incident.vendor_aware_at, incident.hospital_aware_at

    def told(user: object) -> list[str]:
        return sorted(Notification.objects.filter(recipient=user).values_list("event_type", flat=True))

    with time_machine.travel(aware + 10 * HOUR):
        assert security_clock_sweep().done == 0
    with time_machine.travel(aware + 19 * HOUR):  # the vendor's clock is in its last quarter
        assert sweep_security_clocks() == 2
        assert security_clock_sweep().done == 0  # nobody twice
    assert told(vendor_user) == ["security_clock_due"]
    with time_machine.travel(aware + 25 * HOUR):
        assert security_clock_sweep().done == 2
    assert told(vendor_user) == ["security_clock_breached", "security_clock_due"]
    with time_machine.travel(ours + 60 * HOUR):  # ours to the authority: only the hospital hears of it
        security_clock_sweep()
    assert told(vendor_user) == ["security_clock_breached", "security_clock_due"]
    assert told(admin_user) == ["security_clock_breached", "security_clock_due", "security_clock_due"]
    breached = Notification.objects.get(recipient=admin_user, event_type="security_clock_breached")
    assert "overdue" in breached.title
    assert breached.level == "danger"
    assert start <= timezone.now()


@pytest.mark.django_db
def test_a_closed_or_notified_incident_is_not_swept(vendor, admin_user) -> None:
    notified = incident_for(vendor, aware_hours_ago=100, authority_notified_at=timezone.now() - HOUR)
    closed = incident_for(vendor, aware_hours_ago=100, reported=False)
    incident_close(incident=closed, root_cause="Phishing", lessons_learned="", actor=admin_user)
    Notification.objects.all().delete()
    assert security_clock_sweep().done == 0
    assert notified.pk
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_the_sweep(vendor, admin_user, capsys) -> None:
    incident_for(vendor, aware_hours_ago=100)
    call_command("security_clocks")
    assert "Security incident clocks: 1 done, 0 row(s) failed." in capsys.readouterr().out
