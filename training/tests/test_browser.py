"""Training and the staff directory in Chromium, on the demo data: what an admin, a member of
staff and a vendor trainer see (screenshots in test-results/screenshots/ for review)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import StaffMember, User
from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory
from devtools.demo import accounts as accounts_demo
from devtools.demo import training as training_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from training.models import Course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HR_EXPORT = (
    "staff_number,name,email,profession,department,site,start_date,active\n"
    "H-1001,Anna Weber,radiologist@hospital.example,radiologist,Neuroradiology,Main campus,2015-03-01,yes\n"
    "H-2001,New Person,new.person@hospital.example,technologist,CT,North clinic,2026-01-05,yes\n"
    "H-2002,,broken@hospital.example,surgeon,CT,North clinic,2026-13-01,yes\n"
)


@pytest.fixture
def demo() -> None:
    for module in (vendors_demo, accounts_demo, training_demo):
        module.seed(DemoSeeder())


def test_the_admin_sees_coverage_transcripts_and_courses(demo: None, login, live_server, shot, tmp_path) -> None:
    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/training/")
    expect(page.get_by_role("heading", name="Training coverage")).to_be_visible()
    expect(page.get_by_text("By profession", exact=True)).to_be_visible()
    shot(page, "coverage")
    page.goto(f"{live_server.url}/training/?group_by=site&level=all")
    shot(page, "coverage-by-site")
    person = StaffMember.objects.get(user__username="technologist")
    page.goto(f"{live_server.url}/training/people/{person.pk}/")
    expect(page.get_by_role("heading", name=f"Training transcript: {person.name}")).to_be_visible()
    shot(page, "transcript")
    course = Course.objects.get(title="Diagnostic Viewer essentials")
    page.goto(f"{live_server.url}/training/courses/{course.pk}/")
    expect(page.get_by_role("link", name="Handout")).to_be_visible()
    shot(page, "course")
    page.goto(f"{live_server.url}/training/requirements/")
    shot(page, "requirements")
    page.goto(f"{live_server.url}/training/courses/add/")
    shot(page, "course-form")


def test_the_admin_checks_then_imports_the_hr_export(demo: None, login, live_server, shot, tmp_path) -> None:
    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/staff/")
    shot(page, "directory")
    page.get_by_role("link", name="Import HR export").click()
    bad = tmp_path / "hr-bad.csv"
    bad.write_text(HR_EXPORT)
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Nothing was imported from hr-bad.csv")).to_be_visible()
    shot(page, "import-errors")
    good = tmp_path / "hr.csv"
    good.write_text("\n".join(HR_EXPORT.splitlines()[:3]) + "\n")
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("hr.csv is ready to import")).to_be_visible()
    shot(page, "import-preview")
    page.get_by_role("button", name="Import 2 people").click()
    expect(page.get_by_text("1 staff added, 1 updated")).to_be_visible()
    assert StaffMember.objects.get(staff_number="H-1001").department == "Neuroradiology"


def test_a_vendor_trainer_keeps_its_courses_in_the_portal(demo: None, login, live_server, shot) -> None:
    vendor_user = User.objects.get(username="meridian")
    vendor_user.set_password(TEST_PASSWORD)
    vendor_user.save()
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/courses/")
    expect(page.get_by_role("link", name="Viewer 8: what changes")).to_be_visible()
    shot(page, "portal-courses")
    page.get_by_role("link", name="Viewer 8: what changes").click()
    expect(page.get_by_text("Completed by")).to_be_visible()
    shot(page, "portal-course")
    page.goto(f"{live_server.url}/portal/completions/")
    shot(page, "portal-completions")


def test_certifications_expiring_soon_and_the_vendors_view(demo: None, login, live_server, shot) -> None:
    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/training/certifications/")
    expect(page.locator("span.badge", has_text="Expired").first).to_be_visible()
    shot(page, "certifications")
    page.goto(f"{live_server.url}/training/certifications/?state=expiring")
    expect(page.locator("span.badge", has_text="Expiring soon").first).to_be_visible()
    shot(page, "certifications-expiring")
    page.goto(f"{live_server.url}/training/certifications/add/")
    shot(page, "certification-form")
    page.goto(f"{live_server.url}/training/certification-kinds/")
    expect(page.get_by_role("link", name="Internal trainer: PACS basics")).to_be_visible()
    shot(page, "certification-kinds")
    page.context.clear_cookies()
    vendor_user = User.objects.get(username="meridian")
    vendor_user.set_password(TEST_PASSWORD)
    vendor_user.save()
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/certifications/")
    expect(page.get_by_role("cell", name="Certified PACS administrator").first).to_be_visible()
    shot(page, "portal-certifications")


def test_sessions_seats_waiting_list_and_attendance(demo: None, login, live_server, shot) -> None:
    from django.utils import timezone

    from training.models import Session

    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/training/sessions/?when=upcoming")
    expect(page.locator("span.badge", has_text="Full").first).to_be_visible()
    shot(page, "sessions-upcoming")
    full = Session.objects.get(course__title="Worklist and QA for technologists")
    page.goto(f"{live_server.url}/training/sessions/{full.pk}/")
    expect(page.get_by_text("6 taken, 0 free")).to_be_visible()
    expect(page.get_by_role("button", name="Add to the waiting list")).to_be_visible()
    shot(page, "session-full")
    page.goto(f"{live_server.url}/training/sessions/add/?course={full.course_id}")
    shot(page, "session-form")
    held = Session.objects.filter(starts_at__lt=timezone.now()).order_by("starts_at").first()
    page.context.clear_cookies()
    vendor_user = User.objects.get(username="meridian")
    vendor_user.set_password(TEST_PASSWORD)
    vendor_user.save()
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/sessions/{held.pk}/")
    expect(page.get_by_role("button", name="Record attendance")).to_be_visible()
    shot(page, "portal-session-attendance")
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance recorded")).to_be_visible()


def test_an_attendee_gives_feedback_through_the_link(demo: None, page, login, live_server, shot) -> None:
    from django.template.defaultfilters import floatformat

    from training.models import Enrolment, SessionFeedback
    from training.selectors.sessions import course_feedback
    from training.services.session_feedback import feedback_token

    seat = (
        Enrolment.objects.filter(status=Enrolment.Status.ATTENDED, feedback__isnull=True)
        .select_related("session")
        .first()
    )
    feedback = SessionFeedback.objects.create(enrolment=seat, requested_at=timezone.now())
    page.goto(f"{live_server.url}/training/feedback/{feedback_token(feedback)}/")
    expect(page.get_by_text("Its usefulness for your work")).to_be_visible()
    shot(page, "feedback-form")
    for part, rating in (("The content", "4"), ("The trainer", "5"), ("Its usefulness for your work", "3")):
        page.get_by_role("group", name=part).get_by_label(rating, exact=True).check()
    page.get_by_label("Comment").fill("Hands-on and to the point.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    stored = SessionFeedback.objects.get(pk=feedback.pk)
    assert (stored.content_rating, stored.trainer_rating, stored.usefulness_rating) == (4, 5, 3)
    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/training/courses/{seat.session.course_id}/")
    summary = course_feedback(seat.session.course)
    # As the page rounds it (Django's floatformat, half up).
    expect(page.get_by_text(f"Trainer {floatformat(summary.trainer, 1)} ·", exact=False)).to_be_visible()
    shot(page, "course-with-sessions-and-feedback")


def test_effectiveness_and_quiz_scores_on_the_demo(demo: None, login, live_server, shot) -> None:
    from training.models import Session

    page = login(HospitalAdminFactory())
    page.goto(f"{live_server.url}/training/effectiveness/")
    expect(page.get_by_role("heading", name="Training effectiveness")).to_be_visible()
    expect(page.get_by_text("per person-month", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="Diagnostic Viewer essentials")).to_be_visible()
    shot(page, "effectiveness")
    held = Session.objects.filter(course__has_quiz=True, starts_at__lt=timezone.now()).order_by("starts_at").first()
    page.goto(f"{live_server.url}/training/sessions/{held.pk}/")
    expect(page.get_by_role("columnheader", name=f"Quiz score (pass {held.course.quiz_pass_mark})")).to_be_visible()
    shot(page, "session-with-quiz-scores")
    vendor_user = User.objects.get(username="meridian")
    vendor_user.set_password(TEST_PASSWORD)
    vendor_user.save()
    page = login(vendor_user)
    page.goto(f"{live_server.url}/portal/training-effectiveness/")
    expect(page.get_by_role("heading", name="Effectiveness of our courses")).to_be_visible()
    shot(page, "portal-effectiveness")
