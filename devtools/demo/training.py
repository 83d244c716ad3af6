"""Demo training: the vendors' courses and the hospital's own, the requirement matrix, sessions
(held ones with their attendance, upcoming ones, one full with a waiting list), and two
years of completions that leave most people compliant, some lapsed, the newcomers still due and
the viewer-8 release course with a deadline a few weeks ahead, so coverage, the overdue list,
transcripts and the portal's course pages all have something to show. Idempotent: courses are
matched on title, and completions are seeded once."""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Profession, StaffMember
from devtools.demo import knowledge_base
from devtools.seeding import DemoSeeder
from training.models import (
    Certification,
    CertificationKind,
    Completion,
    Course,
    CourseMaterial,
    Delivery,
    Enrolment,
    Level,
    Requirement,
    Session,
    SessionFeedback,
    Source,
)
from training.services.certifications import expiry_for
from vendors.models import Component, Contact, Vendor

R, T, A, I, P = (  # noqa: E741 - the professions, by initial
    Profession.RADIOLOGIST,
    Profession.RADIOGRAPHER,
    Profession.ADMINISTRATIVE,
    Profession.IT,
    Profession.PACS_ADMIN,
)
# title: (vendor or None, components, release, audience, delivery, minutes, quiz, description)
COURSES = {
    "Diagnostic Viewer essentials": (
        "Meridian Imaging Systems",
        ["Diagnostic Viewer"],
        "7.4",
        [R, T],
        Delivery.VENDOR_LED,
        120,
        True,
        "Hanging protocols, measurements, priors and keyboard shortcuts for daily reading.",
    ),
    "Viewer 8: what changes": (
        "Meridian Imaging Systems",
        ["Diagnostic Viewer", "Clinical Web Viewer"],
        "8.0",
        [R, T],
        Delivery.E_LEARNING,
        30,
        True,
        "The new worklist, AI overlays and the changed measurement tools of release 8.",
    ),
    "Worklist and QA for technologists": (
        "Meridian Imaging Systems",
        ["Modality Worklist Broker"],
        "",
        [T],
        Delivery.VENDOR_LED,
        90,
        False,
        "Modality worklist, study QA, merging and splitting studies.",
    ),
    "VNA administration": (
        "Archivault Health",
        ["Vendor Neutral Archive", "VNA Replica"],
        "5.2",
        [P, I],
        Delivery.TRAIN_THE_TRAINER,
        480,
        True,
        "Day-to-day archive administration, replication checks and lifecycle rules.",
    ),
    "AI findings in the reading room": (
        "Lumen Diagnostics AI",
        ["Lung Nodule Detection", "Fracture Triage"],
        "2.1",
        [R],
        Delivery.E_LEARNING,
        45,
        True,
        "What the AI flags, how sure it is, and how to accept or reject a finding.",
    ),
    "Data protection in imaging": (
        None,
        [],
        "",
        [R, T, A, I, P],
        Delivery.E_LEARNING,
        40,
        True,
        "Patient data in PACS: access, sharing, exports and what to do after a mistake.",
    ),
    "Downtime procedures": (
        None,
        [],
        "",
        [R, T, A],
        Delivery.INTERNAL,
        60,
        False,
        "Reading and scanning while the PACS is down, and catching up afterwards.",
    ),
}
# (profession, course, level, due within days, refresher months, deadline in days from today)
REQUIREMENTS = [
    (R, "Diagnostic Viewer essentials", Level.MANDATORY, 30, None, None),
    (T, "Diagnostic Viewer essentials", Level.MANDATORY, 30, None, None),
    (T, "Worklist and QA for technologists", Level.MANDATORY, 60, None, None),
    (R, "Viewer 8: what changes", Level.MANDATORY, None, None, 40),
    (T, "Viewer 8: what changes", Level.MANDATORY, None, None, 40),
    (R, "AI findings in the reading room", Level.RECOMMENDED, 90, None, None),
    (P, "VNA administration", Level.MANDATORY, 90, 24, None),
    (I, "VNA administration", Level.RECOMMENDED, 180, None, None),
    (R, "Data protection in imaging", Level.MANDATORY, 30, 12, None),
    (T, "Data protection in imaging", Level.MANDATORY, 30, 12, None),
    (A, "Data protection in imaging", Level.MANDATORY, 30, 12, None),
    (I, "Data protection in imaging", Level.MANDATORY, 30, 12, None),
    (P, "Data protection in imaging", Level.MANDATORY, 30, 12, None),
    (A, "Downtime procedures", Level.MANDATORY, 60, 24, None),
    (T, "Downtime procedures", Level.MANDATORY, 60, 24, None),
]
LINKS = {
    "Diagnostic Viewer essentials": ("Quick reference card", "https://learn.meridian.example/viewer/quick-reference"),
    "Viewer 8: what changes": ("E-learning module", "https://learn.meridian.example/viewer-8"),
    "AI findings in the reading room": ("E-learning module", "https://academy.lumen.example/reading-room"),
    "Data protection in imaging": ("E-learning module", "https://intranet.hospital.example/learn/data-protection"),
}
HANDOUT = b"%PDF-1.4\n% demo handout\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _courses(demo: DemoSeeder) -> dict[str, Course]:
    courses = {}
    for title, (vendor_name, components, release, audience, delivery, minutes, quiz, text) in COURSES.items():
        vendor = Vendor.objects.get(name=vendor_name) if vendor_name else None
        course, created = Course.objects.get_or_create(
            title=title,
            vendor=vendor,
            defaults={
                "release": release,
                "audience": sorted(audience),
                "delivery": delivery,
                "duration_minutes": minutes,
                "has_quiz": quiz,
                "description": text,
            },
        )
        if created and vendor is not None:
            course.components.set(Component.objects.filter(vendor=vendor, name__in=components))
        demo.count_created("courses", created)
        courses[title] = course
    courses["Viewer 8: what changes"].prerequisites.add(courses["Diagnostic Viewer essentials"])
    return courses


def _materials(courses: dict[str, Course]) -> None:
    for title, (label, url) in LINKS.items():
        CourseMaterial.objects.get_or_create(course=courses[title], title=label, defaults={"url": url})
    for title in ("Diagnostic Viewer essentials", "VNA administration", "Downtime procedures"):
        course = courses[title]
        if not course.materials.filter(title="Handout").exists():
            material = CourseMaterial(course=course, title="Handout")
            material.file.save(f"{title.lower().replace(' ', '-')}-handout.pdf", ContentFile(HANDOUT), save=False)
            material.save()


def _requirements(courses: dict[str, Course], today: datetime.date, demo: DemoSeeder) -> None:
    for profession, title, level, days, months, deadline_in in REQUIREMENTS:
        _, created = Requirement.objects.get_or_create(
            profession=profession,
            course=courses[title],
            defaults={
                "level": level,
                "due_within_days": days,
                "refresher_months": months,
                "deadline": today + datetime.timedelta(days=deadline_in) if deadline_in else None,
                "effective_from": today - datetime.timedelta(days=730),
            },
        )
        demo.count_created("training requirements", created)


def _completions(courses: dict[str, Course], today: datetime.date) -> list[Completion]:
    """Most people completed what is required of them; a few never did, some refreshers lapsed,
    newcomers are mid-onboarding, and a third already took the viewer-8 course."""
    rng = random.Random(1418)  # noqa: S311 - reproducible demo data
    required: dict[str, list[str]] = {}
    for profession, title, *_ in REQUIREMENTS:
        required.setdefault(profession, []).append(title)
    rows = []
    for person in StaffMember.objects.filter(active=True).order_by("staff_number"):
        for title in required.get(person.profession, []):
            odds = 0.35 if title == "Viewer 8: what changes" else 0.85
            if rng.random() > odds:
                continue
            earliest = max(person.start_date or today, today - datetime.timedelta(days=700))
            span = (today - earliest).days
            if span <= 1:
                continue
            recent = title == "Viewer 8: what changes"
            day = today - datetime.timedelta(days=rng.randrange(1, 25 if recent else max(2, span)))
            source = Source.API if courses[title].delivery == Delivery.E_LEARNING else Source.MANUAL
            rows.append(Completion(person=person, course=courses[title], completed_on=day, source=source))
    return rows


# name: (issuing vendor or None, validity in months, qualifies internal trainers)
CERTIFICATION_KINDS = {
    "Internal trainer: PACS basics": (None, 24, True),
    "Certified PACS administrator": ("Meridian Imaging Systems", 36, False),
    "Certified Viewer super-user": ("Meridian Imaging Systems", 24, False),
}
# (profession, kind, how many holders, days since earned: spread so some are valid, some expire
# within weeks and one lapsed)
CERTIFIED = (
    (P, "Certified PACS administrator", 3, (200, 1070, 1150)),
    (P, "Internal trainer: PACS basics", 2, (100, 700)),
    (T, "Internal trainer: PACS basics", 2, (300, 680)),
    (R, "Certified Viewer super-user", 3, (60, 710, 400)),
    (I, "Certified PACS administrator", 1, (500,)),
)


def _certifications(today: datetime.date, demo: DemoSeeder) -> None:
    kinds = {}
    for name, (vendor_name, months, trainer) in CERTIFICATION_KINDS.items():
        vendor = Vendor.objects.get(name=vendor_name) if vendor_name else None
        kinds[name], created = CertificationKind.objects.get_or_create(
            name=name, vendor=vendor, defaults={"validity_months": months, "internal_trainer": trainer}
        )
        demo.count_created("certification kinds", created)
    if Certification.objects.exists():
        return
    for profession, name, holders, ages in CERTIFIED:
        people = StaffMember.objects.filter(active=True, profession=profession).order_by("staff_number")[:holders]
        for person, age in zip(people, ages, strict=False):
            earned = today - datetime.timedelta(days=age)
            certification = Certification(
                person=person, kind=kinds[name], earned_on=earned, expires_on=expiry_for(kinds[name], earned)
            )
            if age < 400:
                certification.evidence.save(
                    f"{name.lower().replace(' ', '-').replace(':', '')}.pdf", ContentFile(HANDOUT), save=False
                )
            certification.save()
            demo.count_created("certifications", True)


def seed(demo: DemoSeeder) -> None:
    today = timezone.localdate()
    courses = _courses(demo)
    _materials(courses)
    _requirements(courses, today, demo)
    if not Completion.objects.exists():
        for completion in Completion.objects.bulk_create(_completions(courses, today), ignore_conflicts=True):
            demo.count_created("training completions", completion is not None)
    _certifications(today, demo)
    _sessions(courses, demo)
    _feedback_and_quiz(demo)
    knowledge_base.seed(demo)


# course: (days from today, hour, room, remote link, capacity, people enrolled, people waiting)
SESSIONS = (
    ("Diagnostic Viewer essentials", -24, 9, "Training room 2", "", 8, 7, 0),
    ("Diagnostic Viewer essentials", -6, 13, "", "https://meet.meridian.example/viewer-essentials", 10, 6, 0),
    ("Worklist and QA for technologists", 6, 10, "Training room 2", "", 6, 6, 3),
    (
        "Diagnostic Viewer essentials",
        13,
        9,
        "Reading room B",
        "https://meet.meridian.example/viewer-essentials",
        12,
        4,
        0,
    ),
    ("Downtime procedures", 9, 14, "Radiology seminar room", "", 15, 5, 0),
    ("VNA administration", 20, 9, "", "https://academy.archivault.example/live", 4, 1, 0),
)
# How the held sessions' seats ended, in enrolment order (the rest attended).
NO_SHOWS, EXCUSED = 1, 1


def _internal_trainer(today: datetime.date) -> StaffMember | None:
    held = Certification.objects.filter(kind__internal_trainer=True, person__active=True, expires_on__gte=today)
    certification = held.select_related("person").order_by("-expires_on").first()
    return certification.person if certification else None


def _sessions(courses: dict[str, Course], demo: DemoSeeder) -> None:
    """Held sessions with their attendance (attendees completed the course that day), upcoming
    ones with seats free and one full with people waiting. Seeded once."""
    if Session.objects.exists():
        return
    now = timezone.localtime()
    trainer = _internal_trainer(now.date())
    people = list(StaffMember.objects.filter(active=True).order_by("staff_number"))
    rng = random.Random(1419)  # noqa: S311 - reproducible demo data
    for title, days, hour, room, link, capacity, enrolled, waiting in SESSIONS:
        course = courses[title]
        if course.is_internal and trainer is None:
            continue
        starts = (now + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        session = Session.objects.create(
            course=course,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=course.duration_minutes),
            location=room,
            link=link,
            capacity=capacity,
            trainer=trainer if course.is_internal else None,
            vendor_trainer=Contact.objects.filter(vendor=course.vendor).order_by("pk").first()
            if course.vendor
            else None,
        )
        demo.count_created("training sessions", True)
        audience = [p for p in people if p != trainer and (not course.audience or p.profession in course.audience)]
        chosen = rng.sample(audience, min(len(audience), enrolled + waiting))
        held = starts < now
        rows = []
        for index, person in enumerate(chosen):
            status = Enrolment.Status.ENROLLED if index < enrolled else Enrolment.Status.WAITING
            if held:
                status = (
                    Enrolment.Status.NO_SHOW
                    if index < NO_SHOWS
                    else Enrolment.Status.EXCUSED
                    if index < NO_SHOWS + EXCUSED
                    else Enrolment.Status.ATTENDED
                )
            enrolled_at = starts - datetime.timedelta(days=20, hours=-index)
            rows.append(Enrolment(session=session, person=person, status=status, enrolled_at=enrolled_at))
        Enrolment.objects.bulk_create(rows)
        attended = [row.person for row in rows if row.status == Enrolment.Status.ATTENDED]
        Completion.objects.bulk_create(
            [Completion(person=p, course=course, completed_on=session.day, source=Source.SESSION) for p in attended],
            ignore_conflicts=True,
        )


# Ratings (content, trainer, usefulness) the held sessions' attendees gave, in turn; every
# fourth attendee did not answer the feedback request.
RATINGS = ((5, 4, 4), (4, 5, 5), (3, 4, 3), (4, 4, 5), (5, 5, 4), (2, 3, 3))
FEEDBACK_COMMENTS = ("Hands-on and to the point.", "", "Too fast on the measurement tools.", "")


def _feedback_and_quiz(demo: DemoSeeder) -> None:
    """The held sessions' attendees: quiz scores where the course ends with a quiz (some below
    the pass mark), and feedback in three parts from most of them. Seeded once."""
    if SessionFeedback.objects.exists():
        return
    now = timezone.now()
    rng = random.Random(3636)  # noqa: S311 - reproducible demo data
    attended = (
        Enrolment.objects.filter(status=Enrolment.Status.ATTENDED, session__starts_at__lt=now)
        .select_related("session__course")
        .order_by("session__starts_at", "pk")
    )
    scored, answers = [], []
    for index, enrolment in enumerate(attended):
        if enrolment.session.course.has_quiz:
            enrolment.quiz_score = rng.choice((55, 68, 78, 84, 90, 95, 100))
            scored.append(enrolment)
        if index % 4 == 3:
            continue
        content, trainer, usefulness = RATINGS[index % len(RATINGS)]
        answered = enrolment.session.ends_at + datetime.timedelta(hours=20 + index)
        answers.append(
            SessionFeedback(
                enrolment=enrolment,
                requested_at=enrolment.session.ends_at,
                answered_at=min(answered, now),
                content_rating=content,
                trainer_rating=trainer,
                usefulness_rating=usefulness,
                comment=FEEDBACK_COMMENTS[index % len(FEEDBACK_COMMENTS)],
            )
        )
    Enrolment.objects.bulk_update(scored, ["quiz_score"])
    for row in SessionFeedback.objects.bulk_create(answers):
        demo.count_created("training feedback answers", row is not None)
