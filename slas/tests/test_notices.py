"""Who hears of what happens in the SLA app, and how (each recipient's preferences): incidents
recorded by hand, follow-up actions assigned, maintenance announced by the vendor, disputed
credits. (Outages the probes find: kpis/tests/test_probes.py.)"""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
from notifications.event_types import EmailDelivery, EventType
from notifications.models import Notification, NotificationPreference, OutboxEmail
from slas.models import CreditStatement, FollowUpAction, Incident
from slas.services import credits, incidents
from slas.services.maintenance import MaintenancePlan, maintenance_save
from slas.tests.factories import incident_for, statement_for
from slas.tests.maintenance_support import berlin, next_sunday
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

AT_ONCE = (True, EmailDelivery.IMMEDIATE)


def told(event: str) -> dict[str, tuple[bool, str]]:
    """Who heard of ``event``, and how: username -> (in the app, email delivery)."""
    rows = Notification.objects.filter(event_type=event).select_related("recipient")
    return {row.recipient.username: (row.in_app, row.email_delivery) for row in rows}


def mailed(user) -> list[str]:
    return list(OutboxEmail.objects.filter(to=[user.email]).values_list("subject", flat=True))


def test_an_incident_recorded_by_hand_reaches_the_vendor_by_mail_and_other_admins_in_the_app(
    vendor, vendor_user, admin_user, staff_user
) -> None:
    recorder = HospitalAdminFactory(username="recorder")
    incident = Incident(
        vendor=vendor,
        title="Viewer login failures",
        started_at=timezone.now() - datetime.timedelta(hours=1),
        impact="degraded",
    )
    incidents.incident_save(incident=incident, components=[ComponentFactory(vendor=vendor)], actor=recorder)

    assert told(EventType.INCIDENT_RECORDED) == {"admin": (True, EmailDelivery.OFF), "vendoruser": AT_ONCE}
    assert mailed(vendor_user) == [f"New incident {incident}"]
    assert not mailed(admin_user)
    assert not Notification.objects.filter(event_type=EventType.MONITORING_INCIDENT_OPENED).exists()


def test_closing_an_incident_recorded_by_hand_tells_nobody(vendor, vendor_user, admin_user) -> None:
    incident = incident_for(vendor)
    Notification.objects.all().delete()

    incidents.incident_close(incident=incident)

    assert not Notification.objects.exists()


def test_the_owner_of_a_follow_up_action_hears_of_it_once_unless_they_took_it_themselves(
    vendor, vendor_user, admin_user, staff_user
) -> None:
    incident = incident_for(vendor)
    Notification.objects.all().delete()

    action = incidents.follow_up_save(
        action=FollowUpAction(
            incident=incident, description="Add a capacity alert", owner=staff_user, due_date=datetime.date(2027, 1, 15)
        ),
        actor=admin_user,
    )
    action.status = FollowUpAction.Status.DONE
    incidents.follow_up_save(action=action, actor=staff_user)  # same owner: no news
    incidents.follow_up_save(
        action=FollowUpAction(incident=incident, description="Own task", owner=admin_user), actor=admin_user
    )
    incidents.follow_up_save(
        action=FollowUpAction(incident=incident, description="Patch the firmware", owner=vendor_user),
        actor=admin_user,
    )

    assert told(EventType.ASSIGNED_TO_ME) == {"staff": AT_ONCE, "vendoruser": AT_ONCE}
    note = Notification.objects.get(recipient=staff_user)
    assert note.title == f"Follow-up action for you on {incident}"
    assert note.body == "Add a capacity alert Due 2027-01-15."
    assert note.url == incident.get_absolute_url()
    assert Notification.objects.get(recipient=vendor_user).url == f"/portal/incidents/{incident.pk}/"


def test_maintenance_a_vendor_announces_reaches_admins_at_once_and_staff_who_opted_in(
    vendor, vendor_user, admin_user, staff_user
) -> None:
    NotificationPreference.objects.create(
        user=staff_user, event_type=EventType.MAINTENANCE_ANNOUNCED, in_app=True, email=EmailDelivery.DIGEST
    )
    start = berlin(next_sunday(), 1)
    end = start + datetime.timedelta(hours=3)
    window = maintenance_save(
        window=None,
        plan=MaintenancePlan(vendor_id=vendor.pk, title="Archive firmware", planned_start=start, planned_end=end),
        actor=vendor_user,
    )

    assert told(EventType.MAINTENANCE_ANNOUNCED) == {"admin": AT_ONCE, "staff": (True, EmailDelivery.DIGEST)}
    assert mailed(admin_user) == [f"Maintenance to approve: {window}"]
    assert not mailed(staff_user)  # in tomorrow's digest
    assert not Notification.objects.filter(recipient=vendor_user).exists()  # they announced it


def test_a_disputed_credit_reaches_the_admins_at_once(vendor, vendor_user, admin_user, staff_user) -> None:
    statement = statement_for(vendor, state=CreditStatement.State.CLAIMED)
    VendorUserFactory(vendor=vendor, username="colleague")

    credits.statement_dispute(statement=statement, actor=vendor_user, reason="The outage was the hospital's network.")

    assert told(EventType.CREDIT_DISPUTED) == {"admin": AT_ONCE}
    note = Notification.objects.get(recipient=admin_user)
    assert note.title == f"{vendor} disputes the credit for {statement.month:%B %Y}"
    assert note.body == "The outage was the hospital's network."
    assert mailed(admin_user) == [note.title]
