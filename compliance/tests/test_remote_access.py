"""Remote access: the flags (compliance/remote_access_rules.py), requesting, deciding, starting and
ending sessions, the gateway's pushes, and the append-only access log (the database's guard)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.models.remote_access import AppendOnlyError
from compliance.remote_access_rules import Flag, session_flags
from compliance.selectors.remote_access import flags_of, session_list
from compliance.services.remote_access import (
    LoggedAccess,
    access_log_append,
    session_decide,
    session_end,
    session_request,
    session_start,
)
from compliance.tests.factories import session_for
from notifications.models import Notification
from tickets.tests.factories import open_ticket
from vendors.tests.factories import ComponentFactory

HOUR = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def flags(**facts: object) -> list[Flag]:
    base = {
        "approved": True,
        "planned_start": T0,
        "planned_end": T0 + 2 * HOUR,
        "started_at": T0,
        "ended_at": T0 + HOUR,
        "has_ticket": True,
        "now": T0 + 5 * HOUR,
    }
    return session_flags(**{**base, **facts})


def test_the_flags() -> None:
    assert flags() == []
    assert flags(approved=False) == [Flag.UNAPPROVED]
    assert flags(approved=False, started_at=None, ended_at=None) == []
    assert flags(started_at=T0 - HOUR) == [Flag.OUTSIDE_WINDOW]
    assert flags(ended_at=T0 + 3 * HOUR) == [Flag.OUTSIDE_WINDOW]
    assert flags(ended_at=None) == [Flag.OUTSIDE_WINDOW]  # still open past its window
    assert flags(ended_at=None, now=T0 + HOUR) == []
    assert flags(has_ticket=False) == [Flag.NO_TICKET]


@given(start=st.integers(-300, 300), length=st.integers(0, 300))
def test_a_session_inside_its_window_is_never_outside_it(start: int, length: int) -> None:
    started = T0 + dt.timedelta(minutes=start)
    ended = started + dt.timedelta(minutes=length)
    inside = started >= T0 and ended <= T0 + 2 * HOUR
    assert (Flag.OUTSIDE_WINDOW not in flags(started_at=started, ended_at=ended)) == inside


@pytest.mark.django_db
def test_a_vendor_requests_and_the_admin_approves(vendor, vendor_user, admin_user) -> None:
    archive = ComponentFactory(vendor=vendor)
    ticket = open_ticket(vendor=vendor)
    start = timezone.now() + HOUR
    session = session_request(
        vendor=vendor,
        engineer="Jonas Richter",
        reason="Rebuild the archive index",
        components=[archive],
        planned_start=start,
        planned_end=start + 2 * HOUR,
        ticket=ticket,
        actor=vendor_user,
    )
    assert Notification.objects.get(recipient=admin_user).event_type == "remote_access_requested"
    session_decide(session=session, approve=True, note="", actor=admin_user)
    session.refresh_from_db()
    assert (session.status, session.decided_by) == (RemoteAccessSession.Status.APPROVED, admin_user)
    told = Notification.objects.get(recipient=vendor_user)
    assert told.url == f"/portal/remote-access/{session.pk}/"
    with pytest.raises(ValidationError):
        session_decide(session=session, approve=False, note="No", actor=admin_user)


@pytest.mark.django_db
def test_a_bad_request_saves_nothing(vendor, other_vendor, vendor_user) -> None:
    start = timezone.now() + HOUR
    with pytest.raises(ValidationError) as error:
        session_request(
            vendor=vendor,
            engineer="X",
            reason="X",
            components=[ComponentFactory(vendor=other_vendor)],
            planned_start=start,
            planned_end=start - HOUR,
            ticket=open_ticket(vendor=other_vendor),
            actor=vendor_user,
        )
    assert set(error.value.message_dict) == {"planned_end", "ticket", "components"}
    with pytest.raises(PermissionDenied):
        session_request(
            vendor=other_vendor,
            engineer="X",
            reason="X",
            components=[ComponentFactory(vendor=other_vendor)],
            planned_start=start,
            planned_end=start + HOUR,
            actor=vendor_user,
        )
    assert not RemoteAccessSession.objects.exists()


@pytest.mark.django_db
def test_approving_a_session_that_already_ended_is_refused(vendor, vendor_user, admin_user) -> None:
    session = session_for(vendor, starts_in_hours=-3)
    session_start(session=session, at=timezone.now() - 2 * HOUR, actor=vendor_user)
    session_end(session=session, at=timezone.now() - 1.5 * HOUR, summary="Done", actor=vendor_user)
    with pytest.raises(ValidationError, match="already ended"):
        session_decide(session=session, approve=True, note="", actor=admin_user)
    session.refresh_from_db()
    assert session.status == RemoteAccessSession.Status.REQUESTED
    assert flags_of(session, now=timezone.now()) == [Flag.UNAPPROVED]


@pytest.mark.django_db
def test_start_and_end_are_logged_and_flagged_when_outside_the_window(vendor, vendor_user, admin_user) -> None:
    session = session_for(vendor, starts_in_hours=-1, hours=0.5)
    RemoteAccessSession.objects.filter(pk=session.pk).update(status="approved")  # approved before its window
    session_start(
        session=session, at=timezone.now() - 50 * dt.timedelta(minutes=1), actor=vendor_user, source_ip="10.8.0.7"
    )
    session_end(session=session, at=timezone.now(), summary="Index rebuilt", actor=vendor_user)
    log = list(AccessLogEntry.objects.order_by("at").values_list("action", "source_ip", "actor", "user"))
    assert log == [
        ("session_start", "10.8.0.7", "Jonas Richter", vendor_user.pk),
        ("session_end", "10.8.0.7", "Jonas Richter", vendor_user.pk),
    ]
    session.refresh_from_db()
    assert flags_of(session, now=timezone.now()) == [Flag.OUTSIDE_WINDOW]
    flagged = session_list(now=timezone.now()).get(pk=session.pk).flagged
    assert flagged is True


@pytest.mark.django_db
def test_the_list_flags_exactly_the_sessions_the_rules_flag(vendor, admin_user) -> None:
    now = timezone.now()
    fine = session_for(vendor, starts_in_hours=-1, status="approved", started_at=now - 30 * dt.timedelta(minutes=1))
    no_ticket = session_for(vendor, change_link="")
    unapproved = session_for(vendor, starts_in_hours=-1, started_at=now - 30 * dt.timedelta(minutes=1))
    rows = {row.pk: row.flagged for row in session_list(now=now)}
    assert rows == {fine.pk: False, no_ticket.pk: True, unapproved.pk: True}
    for row in session_list(now=now):
        assert row.flagged == bool(flags_of(row, now=now))


@pytest.mark.django_db
def test_the_gateway_appends_all_or_nothing(vendor, other_vendor, admin_user, vendor_user) -> None:
    now = timezone.now()
    entry = LoggedAccess(at=now, vendor=vendor, actor="jrichter", system="Enterprise Archive", action="login")
    access_log_append(entries=[entry, entry], actor=admin_user)
    assert AccessLogEntry.objects.count() == 2
    with pytest.raises(ValidationError, match="logged by the site itself"):
        access_log_append(entries=[LoggedAccess(**{**entry.__dict__, "action": "page"})], actor=admin_user)
    with pytest.raises(ValidationError):
        access_log_append(entries=[entry, LoggedAccess(**{**entry.__dict__, "at": now + HOUR})], actor=admin_user)
    with pytest.raises(PermissionDenied):
        access_log_append(entries=[entry], actor=vendor_user)
    assert AccessLogEntry.objects.count() == 2


@pytest.mark.django_db
def test_the_access_log_cannot_be_changed_or_deleted(vendor) -> None:
    entry = AccessLogEntry.objects.create(
        at=timezone.now(), vendor=vendor, actor="jrichter", system="Archive", action="login"
    )
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    # Past the model: the database itself refuses, whatever connects.
    for statement in (
        "UPDATE compliance_accesslogentry SET actor = 'someone else'",
        "DELETE FROM compliance_accesslogentry",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(actor="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get().actor == "jrichter"
