"""The demo's staff directory and training make every training page alive: courses with
materials, a matrix, people compliant, due and overdue, and the portal's course pages."""

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from accounts.models import StaffMember
from devtools.demo import accounts as accounts_demo
from devtools.demo import training as training_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from training.models import (
    Certification,
    CertificationKind,
    Completion,
    Course,
    CourseMaterial,
    Enrolment,
    Requirement,
    Session,
    SessionFeedback,
)
from training.selectors.coverage import CoverageFilters, coverage, coverage_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    for module in (vendors_demo, accounts_demo, training_demo):
        module.seed(DemoSeeder())


def test_the_demo_seeds_once_and_tells_a_mixed_story(demo: None) -> None:
    counts = (StaffMember.objects.count(), Course.objects.count(), Requirement.objects.count())
    completions = Completion.objects.count()
    training_demo.seed(DemoSeeder())
    accounts_demo.seed(DemoSeeder())
    assert (StaffMember.objects.count(), Course.objects.count(), Requirement.objects.count()) == counts
    assert Completion.objects.count() == completions
    assert counts == (60, 7, 15)
    assert StaffMember.objects.get(user__username="radiologist").profession == "radiologist"
    assert CourseMaterial.objects.exclude(file="").count() == 3
    result = coverage(filters=CoverageFilters(), today=timezone.localdate())
    statuses = {cell.standing.status for cell in coverage_cells(filters=CoverageFilters(), today=timezone.localdate())}
    assert statuses == {"compliant", "due", "overdue"}
    assert 50 < result.share < 90
    today = timezone.localdate()
    states = {certification.state(today) for certification in Certification.objects.all()}
    assert states == {"valid", "expiring", "expired"}
    assert CertificationKind.objects.filter(internal_trainer=True).exists()
    # Sessions: held ones with attendance (and the completions it gave), an internal one given by
    # a certified trainer, and one full with people waiting.
    sessions = Session.objects.all()
    assert sessions.count() == 6
    held = Enrolment.objects.filter(session__starts_at__lt=timezone.now())
    assert set(held.values_list("status", flat=True)) == {"attended", "no_show", "excused"}
    assert Completion.objects.filter(source="session").count() == held.filter(status="attended").count()
    assert (
        sessions.get(course__title="Downtime procedures")
        .trainer.certifications.filter(kind__internal_trainer=True)
        .exists()
    )
    assert Enrolment.objects.filter(status="waiting").count() == 3
    # Feedback in three parts from most attendees, quiz scores on both sides of the pass mark.
    attended = held.filter(status="attended")
    answers = SessionFeedback.objects.filter(answered_at__isnull=False)
    assert 0 < answers.count() < attended.count()
    assert not answers.filter(content_rating__isnull=True).exists()
    scored = attended.filter(session__course__has_quiz=True)
    assert not scored.filter(quiz_score__isnull=True).exists()
    assert scored.filter(quiz_score__gte=F("session__course__quiz_pass_mark")).exists()
    assert scored.filter(quiz_score__lt=F("session__course__quiz_pass_mark")).exists()
    training_demo.seed(DemoSeeder())
    assert SessionFeedback.objects.count() == answers.count()


def test_the_demo_pages_answer(demo: None, staff_client: Client, client: Client) -> None:
    from accounts.models import User
    from accounts.tests.two_factor import VerifiedClient

    person = StaffMember.objects.get(user__username="technologist")
    for url in (
        "/training/",
        "/training/courses/",
        "/training/requirements/",
        "/training/completions/",
        "/training/certifications/",
        "/training/certification-kinds/",
        "/training/sessions/?when=upcoming",
        "/training/sessions/?when=past",
        "/training/effectiveness/",
        *(f"/training/sessions/{pk}/" for pk in Session.objects.values_list("pk", flat=True)),
        "/staff/",
    ):
        assert staff_client.get(url).status_code == 200, url
    assert "Training transcript" in staff_client.get(f"/training/people/{person.pk}/").content.decode()
    vendor_client = VerifiedClient()
    vendor_client.force_login(User.objects.get(username="meridian"))
    page = vendor_client.get("/portal/courses/").content.decode()
    assert "Viewer 8: what changes" in page
    assert "Data protection in imaging" not in page
    issued = vendor_client.get("/portal/certifications/").content.decode()
    assert "Certified PACS administrator" in issued
    assert "Internal trainer" not in issued
    effectiveness = vendor_client.get("/portal/training-effectiveness/").content.decode()
    assert "Diagnostic Viewer essentials" in effectiveness
    assert "Downtime procedures" not in effectiveness
    sessions = vendor_client.get("/portal/sessions/").content.decode()
    assert "Worklist and QA for technologists" in sessions
    assert "Downtime procedures" not in sessions
