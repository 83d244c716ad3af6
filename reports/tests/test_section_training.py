"""The monthly report's training section: the vendor's sessions held in the month with their
attendance, the feedback on them per part, the coverage of its mandatory courses on the month's
last day, and the certifications it issues expiring in the three months after; in the PDF."""

import datetime
import io
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from PIL import Image, ImageStat
from pypdf import PdfReader

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from core.months import month_bounds
from reports.models import MonthlyReport
from reports.sections import training as section
from reports.sections.base import ReportPeriod
from reports.services.generation import report_generate
from reports.tests.conftest import MONTH
from training.models import Completion, Enrolment, Level, Session, SessionFeedback
from training.tests.factories import (
    CertificationFactory,
    CertificationKindFactory,
    CourseFactory,
    EnrolmentFactory,
    RequirementFactory,
    SessionFactory,
)
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo(settings.TIME_ZONE)
E = Enrolment.Status
SHOTS = Path("/tmp/h36_shots")  # noqa: S108  (where the rendered page is kept to look at)


def held(course, day: int, **kwargs) -> Session:
    starts = datetime.datetime(2026, 10, day, 9, tzinfo=ZONE)
    return SessionFactory(course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs)


def attendee(session: Session, status: str, ratings: tuple | None = None) -> None:
    enrolment = EnrolmentFactory(
        session=session, status=status, person=StaffMemberFactory(profession=Profession.RADIOLOGIST)
    )
    if ratings:
        content, trainer, usefulness = ratings
        SessionFeedback.objects.create(
            enrolment=enrolment,
            requested_at=session.ends_at,
            answered_at=session.ends_at,
            content_rating=content,
            trainer_rating=trainer,
            usefulness_rating=usefulness,
        )


def training_month(vendor) -> None:
    """October 2026: two sessions held (3 of 4 seats attended; answers 4/5/3 and 5/4/4), one
    cancelled; four radiographers must take the course, one holds it; two of the vendor's
    certifications expire in November-January, one in February, one of another vendor's too."""
    course = CourseFactory(vendor=vendor, title="Viewer essentials")
    RequirementFactory(course=course, level=Level.MANDATORY, due_within_days=30)
    people = [StaffMemberFactory(name=f"Radiographer {n}") for n in range(4)]
    Completion.objects.create(person=people[0], course=course, completed_on=datetime.date(2026, 9, 1))
    first, second = held(course, 6), held(course, 20)
    attendee(first, E.ATTENDED, (4, 5, 3))
    attendee(first, E.ATTENDED, (5, 4, 4))
    attendee(second, E.ATTENDED)
    attendee(second, E.NO_SHOW)
    attendee(held(course, 13, status=Session.Status.CANCELLED), E.ATTENDED, (1, 1, 1))
    kind = CertificationKindFactory(vendor=vendor, name="Certified PACS administrator")
    for name, expires in (
        ("Ann Admin", datetime.date(2026, 11, 30)),
        ("Ben Admin", datetime.date(2027, 1, 31)),
        ("Cat Later", datetime.date(2027, 2, 1)),
    ):
        admin = StaffMemberFactory(name=name, profession=Profession.PACS_ADMIN)
        CertificationFactory(kind=kind, person=admin, expires_on=expires)
    CertificationFactory(
        kind=CertificationKindFactory(vendor=VendorFactory()),
        person=StaffMemberFactory(profession=Profession.PACS_ADMIN),
        expires_on=datetime.date(2026, 12, 1),
    )


def test_a_month_of_training_by_hand(vendor, django_assert_max_num_queries) -> None:
    training_month(vendor)
    start, end = month_bounds(MONTH)
    period = ReportPeriod(vendor_id=vendor.pk, month=MONTH, start=start, end=end, now=end)
    with django_assert_max_num_queries(8):
        data = section.build(period, {})
    assert json.loads(json.dumps(data)) == data
    assert [(s["day"], s["seats"], s["attended"]) for s in data["sessions"]] == [
        ("2026-10-06", 2, 2),
        ("2026-10-20", 2, 1),
    ]
    assert (data["sessions_total"], data["seats"], data["attended"], data["attendance"]) == (2, 4, 3, "75.0")
    assert data["feedback"] == {"answers": 2, "content": "4.50", "trainer": "4.50", "usefulness": "3.50"}
    assert data["coverage"]["day"] == "2026-10-31"
    assert (data["coverage"]["required"], data["coverage"]["share"], data["coverage"]["overdue"]) == (4, "25.0", 3)
    assert data["expiring"]["first"] == "2026-11-01"
    assert data["expiring"]["last"] == "2027-01-31"
    assert [row["person"] for row in data["expiring"]["rows"]] == ["Ann Admin", "Ben Admin"]
    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    assert "Viewer essentials" in html
    assert "75.0 %" in html
    assert "Certified PACS administrator" in html


def test_the_report_pdf_shows_the_training_section(world, tmp_path: Path) -> None:
    training_month(world.vendor)
    report = report_generate(vendor=world.vendor, month=MONTH)
    assert report.state == MonthlyReport.State.READY, report.error
    report = MonthlyReport.objects.get(pk=report.pk)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(bytes(report.document.pdf))).pages]
    number = next(i for i, text in enumerate(pages, start=1) if text.startswith("Training"))
    text = pages[number - 1]
    assert "SESSIONS DELIVERED 2" in text.upper()
    assert "Viewer essentials" in text
    assert "Ann Admin" in text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(bytes(report.document.pdf))
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number), str(pdf), "page"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    [png] = tmp_path.glob("page-*.png")
    with Image.open(png) as image:
        width, height = image.size
        assert 1.35 < height / width < 1.5  # A4 portrait
        grey = image.convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 20  # not blank
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(png, SHOTS / "report-training-section.png")
