"""The rules of incidents, their review, follow-up actions and discussion (slas.services.incidents)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from notifications.models import Notification
from slas.models import FollowUpAction, Incident, IncidentComment, IncidentReview
from slas.services import incidents as services
from slas.tests.factories import incident_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def new_incident(vendor: object, **fields: object) -> Incident:
    values = {"title": "Archive unreachable", "started_at": timezone.now() - 2 * HOUR, **fields}
    return Incident(vendor=vendor, **values)


def errors_of(excinfo: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- recording an incident ------------------------------------------------------------------


def test_an_incident_is_saved_with_its_components_a_review_and_its_reporter(vendor, staff_user) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    viewer = ComponentFactory(vendor=vendor, name="Viewer")

    incident = services.incident_save(incident=new_incident(vendor), components=[archive, viewer], actor=staff_user)

    assert set(incident.components.all()) == {archive, viewer}
    assert incident.review.status == IncidentReview.Status.DRAFT
    assert incident.reported_by == staff_user
    assert incident.is_open


def test_an_incident_needs_at_least_one_component(vendor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.incident_save(incident=new_incident(vendor), components=[])
    assert errors_of(excinfo) == {"components": ["Choose at least one affected component."]}
    assert not Incident.objects.exists()


def test_components_must_belong_to_the_incidents_vendor(vendor, other_vendor) -> None:
    own = ComponentFactory(vendor=vendor, name="Archive")
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign viewer")

    with pytest.raises(ValidationError) as excinfo:
        services.incident_save(incident=new_incident(vendor), components=[own, foreign])

    assert errors_of(excinfo)["components"] == [f"Not components of this vendor: {foreign}."]
    assert not Incident.objects.exists()


def test_every_problem_is_reported_at_once_and_nothing_is_saved(vendor) -> None:
    bad = new_incident(vendor, title="", started_at=timezone.now() + 3 * HOUR)

    with pytest.raises(ValidationError) as excinfo:
        services.incident_save(incident=bad, components=[])

    assert set(errors_of(excinfo)) == {"title", "started_at", "components"}
    assert "cannot start in the future" in errors_of(excinfo)["started_at"][0]
    assert not Incident.objects.exists()


def test_an_incident_cannot_end_before_it_starts_or_in_the_future(vendor) -> None:
    component = ComponentFactory(vendor=vendor)
    start = timezone.now() - 2 * HOUR
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.incident_save(
            incident=new_incident(vendor, started_at=start, ended_at=start - HOUR), components=[component]
        )
    with pytest.raises(ValidationError) as excinfo:
        services.incident_save(incident=new_incident(vendor, ended_at=timezone.now() + HOUR), components=[component])
    assert errors_of(excinfo) == {"ended_at": ["An incident cannot end in the future."]}


def test_editing_moves_the_incident_to_another_vendor_only_with_its_components(vendor, other_vendor) -> None:
    incident = incident_for(vendor)
    incident.vendor = other_vendor
    with pytest.raises(ValidationError, match="Not components of this vendor"):
        services.incident_save(incident=incident, components=list(incident.components.all()))
    other_component = ComponentFactory(vendor=other_vendor)
    services.incident_save(incident=incident, components=[other_component])
    incident.refresh_from_db()
    assert (incident.vendor, list(incident.components.all())) == (other_vendor, [other_component])


def test_a_new_incident_tells_the_vendors_portal_users_once(vendor, other_vendor) -> None:
    portal_user = VendorUserFactory(vendor=vendor)
    VendorUserFactory(vendor=other_vendor)
    incident = incident_for(vendor)
    services.incident_save(incident=incident, components=list(incident.components.all()))  # an edit: no news

    (notice,) = Notification.objects.all()
    assert notice.recipient == portal_user
    assert notice.title == f"New incident {incident}"
    assert notice.url == f"/portal/incidents/{incident.pk}/"


# --- ending it ----------------------------------------------------------------------------------


def test_closing_ends_an_ongoing_incident_now_or_at_a_given_time(vendor) -> None:
    incident = incident_for(vendor, started_at=timezone.now() - 3 * HOUR)
    before = timezone.now()
    closed = services.incident_close(incident=incident)
    assert before <= closed.ended_at <= timezone.now()

    other = incident_for(vendor, started_at=timezone.now() - 3 * HOUR)
    at = timezone.now() - HOUR
    assert services.incident_close(incident=other, ended_at=at).ended_at == at


def test_closing_refuses_an_ended_incident_and_impossible_times(vendor) -> None:
    start = timezone.now() - 3 * HOUR
    incident = incident_for(vendor, started_at=start)
    with pytest.raises(ValidationError) as excinfo:
        services.incident_close(incident=incident, ended_at=start - HOUR)
    assert errors_of(excinfo) == {"ended_at": ["An incident cannot end before it starts."]}
    with pytest.raises(ValidationError) as excinfo:
        services.incident_close(incident=incident, ended_at=timezone.now() + HOUR)
    assert errors_of(excinfo) == {"ended_at": ["An incident cannot end in the future."]}
    incident.refresh_from_db()
    assert incident.is_open

    services.incident_close(incident=incident)
    with pytest.raises(ValidationError, match="already ended"):
        services.incident_close(incident=incident)


# --- the post-incident review -----------------------------------------------------------------------


def test_a_review_completes_only_with_root_cause_what_to_change_and_an_ended_incident(vendor) -> None:
    incident = incident_for(vendor)
    with pytest.raises(ValidationError) as excinfo:
        services.review_save(
            incident=incident, root_cause=" ", what_worked="Failover", what_to_change="", status="completed"
        )
    assert set(errors_of(excinfo)) == {"root_cause", "what_to_change", "status"}
    assert "still ongoing" in errors_of(excinfo)["status"][0]
    assert IncidentReview.objects.get(incident=incident).status == IncidentReview.Status.DRAFT

    services.incident_close(incident=incident)
    review = services.review_save(
        incident=incident,
        root_cause="Full storage tier",
        what_worked="Failover to the VNA",
        what_to_change="Alert at 85 % capacity",
        status="completed",
    )
    assert review.status == IncidentReview.Status.COMPLETED
    assert review.completed_at is not None

    reopened = services.review_save(
        incident=incident, root_cause="x", what_worked="", what_to_change="y", status="in_review"
    )
    assert reopened.completed_at is None


def test_an_incident_with_a_completed_review_cannot_be_reopened(vendor) -> None:
    incident = incident_for(vendor, ended_at=timezone.now() - HOUR)
    services.review_save(incident=incident, root_cause="a", what_worked="", what_to_change="b", status="completed")
    incident.ended_at = None
    with pytest.raises(ValidationError) as excinfo:
        services.incident_save(incident=incident, components=list(incident.components.all()))
    assert "reopen the review" in errors_of(excinfo)["ended_at"][0]


def test_an_unknown_review_status_is_refused(vendor) -> None:
    incident = incident_for(vendor)
    with pytest.raises(ValidationError) as excinfo:
        services.review_save(incident=incident, root_cause="", what_worked="", what_to_change="", status="nonsense")
    assert "status" in errors_of(excinfo)


def test_a_proposed_root_cause_is_adopted_into_the_review(vendor, vendor_user) -> None:
    incident = incident_for(vendor)
    proposal = services.comment_add(
        incident=incident, author=vendor_user, body="RAID controller firmware bug", proposes_root_cause=True
    )
    plain = services.comment_add(incident=incident, author=vendor_user, body="We are looking into it.")

    review = services.root_cause_adopt(comment=proposal)
    assert review.root_cause == "RAID controller firmware bug"
    with pytest.raises(ValidationError, match="does not propose a root cause"):
        services.root_cause_adopt(comment=plain)


def test_a_completed_review_does_not_adopt_a_root_cause(vendor, vendor_user) -> None:
    incident = incident_for(vendor, ended_at=timezone.now() - HOUR)
    services.review_save(
        incident=incident, root_cause="Ours", what_worked="", what_to_change="Monitor", status="completed"
    )
    proposal = services.comment_add(incident=incident, author=vendor_user, body="Theirs", proposes_root_cause=True)
    with pytest.raises(ValidationError, match="review is completed"):
        services.root_cause_adopt(comment=proposal)
    assert IncidentReview.objects.get(incident=incident).root_cause == "Ours"


# --- follow-up actions -----------------------------------------------------------------------------------


def test_a_follow_up_needs_an_owner_a_user_or_a_name(vendor, staff_user) -> None:
    incident = incident_for(vendor)
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_save(action=FollowUpAction(incident=incident, description="Add capacity alert"))
    assert list(errors_of(excinfo)) == ["owner"]

    by_name = services.follow_up_save(
        action=FollowUpAction(incident=incident, description="Firmware update", owner_name="Meridian field engineer")
    )
    by_user = services.follow_up_save(action=FollowUpAction(incident=incident, description="Alert", owner=staff_user))
    assert (by_name.owner_label, by_user.owner_label) == ("Meridian field engineer", "Anna Staff")


def test_a_follow_up_owner_is_a_hospital_user_or_one_of_the_incidents_vendor(vendor, other_vendor) -> None:
    incident = incident_for(vendor)
    outsider = VendorUserFactory(vendor=other_vendor)
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_save(action=FollowUpAction(incident=incident, description="x", owner=outsider))
    assert "owner" in errors_of(excinfo)
    engineer = VendorUserFactory(vendor=vendor)
    assert services.follow_up_save(action=FollowUpAction(incident=incident, description="x", owner=engineer)).pk


def test_marking_a_follow_up_done_stamps_when_and_reopening_clears_it(vendor) -> None:
    incident = incident_for(vendor)
    action = services.follow_up_save(action=FollowUpAction(incident=incident, description="x", owner_name="Jo"))
    action.status = FollowUpAction.Status.DONE
    done = services.follow_up_save(action=action)
    assert done.done_at is not None
    action.status = FollowUpAction.Status.OPEN
    assert services.follow_up_save(action=action).done_at is None


# --- the discussion ---------------------------------------------------------------------------------------


def test_a_vendor_comment_reaches_hospital_admins_and_a_hospital_comment_the_vendor(vendor, vendor_user) -> None:
    admin = HospitalAdminFactory()
    staff = UserFactory()
    incident = incident_for(vendor)
    Notification.objects.all().delete()  # the "new incident" notice

    services.comment_add(incident=incident, author=vendor_user, body="Firmware bug", proposes_root_cause=True)
    (to_admin,) = Notification.objects.all()
    assert to_admin.recipient == admin
    assert to_admin.title == f"Tobias Vendor proposed a root cause for {incident}"
    assert to_admin.url == f"/sla/incidents/{incident.pk}/"

    Notification.objects.all().delete()
    services.comment_add(incident=incident, author=staff, body="  Please send the logs.  ")
    (to_vendor,) = Notification.objects.all()
    assert to_vendor.recipient == vendor_user
    assert to_vendor.url == f"/portal/incidents/{incident.pk}/"
    assert IncidentComment.objects.last().body == "Please send the logs."


def test_an_empty_comment_is_refused(vendor, vendor_user) -> None:
    incident = incident_for(vendor)
    with pytest.raises(ValidationError) as excinfo:
        services.comment_add(incident=incident, author=vendor_user, body="   ")
    assert list(errors_of(excinfo)) == ["body"]
    assert not IncidentComment.objects.exists()
