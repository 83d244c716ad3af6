"""The monthly report's operations section: the month's backup and DR test runs against their
targets, the health assessments done and those overdue at the month's end, the components past
end of support and the upgrades recorded; each vendor its own, frozen as JSON, rendered in the PDF
(a page converted to an image to look at)."""

import datetime
import io
import json
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from PIL import Image, ImageStat
from pypdf import PdfReader

from core.months import month_bounds
from operations.models import HealthCheckResult, RecoveryTestRun, VersionChange
from operations.tests.factories import (
    health_assessment_for,
    health_finding_for,
    health_run_for,
    lifecycle_for,
    recovery_test_for,
)
from reports.models import MonthlyReport
from reports.sections import operations as section
from reports.sections.base import ReportPeriod
from reports.services.generation import report_generate
from reports.tests.conftest import MONTH
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def october_operations(vendor: Vendor) -> None:
    """A month of operations for ``vendor`` in October 2026 (and what falls outside it)."""
    archive = ComponentFactory(vendor=vendor, name="Ops Test Archive")
    test = recovery_test_for(archive, rto_target_minutes=240, rpo_target_minutes=15)
    for day, minutes, rpo, result, issues in ((7, 180, 10, "success", ""), (21, 300, 30, "failure", "Tape slow")):
        started = datetime.datetime(2026, 10, day, 2, tzinfo=BERLIN)
        RecoveryTestRun.objects.create(
            test=test,
            started_at=started,
            restored_at=started + datetime.timedelta(minutes=minutes),
            rpo_achieved_minutes=rpo,
            result=result,
            issues=issues,
            rto_target_minutes=240,
            rpo_target_minutes=15,
        )
    assessment = health_assessment_for(archive, next_due_on=datetime.date(2027, 1, 12))
    run = health_run_for(assessment, performed_on=datetime.date(2026, 10, 12), engineer_name="Lukas Brandt")
    run.results.filter(position=2).update(result=HealthCheckResult.Result.FAILED, measurement="Tier 1 full")
    health_finding_for(run)
    health_run_for(assessment, performed_on=datetime.date(2026, 9, 12))  # the month before
    viewer = ComponentFactory(vendor=vendor, name="Ops Test Viewer", kind="viewer")
    health_assessment_for(viewer, next_due_on=datetime.date(2026, 10, 20))  # overdue at the month's end
    health_assessment_for(ComponentFactory(vendor=vendor, kind="viewer"), next_due_on=datetime.date(2026, 11, 3))
    lifecycle_for(viewer, software_version="4.1", support_ends_on=datetime.date(2026, 6, 30))
    lifecycle_for(archive, software_version="7.2", support_ends_on=datetime.date(2029, 12, 31))
    VersionChange.objects.create(
        component=archive, changed_on=datetime.date(2026, 10, 15), kind="upgrade", from_version="7.1", to_version="7.2"
    )
    VersionChange.objects.create(
        component=archive, changed_on=datetime.date(2026, 8, 1), kind="patch", to_version="7.1"
    )


def october(vendor: Vendor) -> ReportPeriod:
    start, end = month_bounds(MONTH)
    return ReportPeriod(vendor_id=vendor.pk, month=MONTH, start=start, end=end, now=end + datetime.timedelta(days=3))


def test_the_month_of_operations_of_one_vendor(django_assert_max_num_queries) -> None:
    vendor = VendorFactory(name="Meridian Imaging")
    october_operations(vendor)
    october_operations(VendorFactory(name="Another vendor"))

    with django_assert_max_num_queries(5):
        data = section.build(october(vendor), {})

    assert [(run["result"], run["rto_met"], run["rpo_met"]) for run in data["recovery_runs"]] == [
        ("Success", True, True),
        ("Failure", False, False),
    ]
    assert data["recovery_runs"][1]["rto"] == "300 / 240 min"
    [health] = data["health_runs"]
    assert (health["performed_on"], health["failed_checks"], health["findings"]) == ("2026-10-12", 1, 1)
    assert [row["due_on"] for row in data["overdue_assessments"]] == ["2026-10-20"]
    [unsupported] = data["past_end_of_support"]
    assert (unsupported["version"], unsupported["support_ended_on"]) == ("4.1", "2026-06-30")
    assert unsupported["component"].startswith("Ops Test Viewer")
    assert [(row["kind"], row["from"], row["to"]) for row in data["upgrades"]] == [("Upgrade", "7.1", "7.2")]
    assert json.loads(json.dumps(data)) == data
    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    assert "300 / 240 min (missed)" in html
    assert "2026-10-20 (overdue)" in html


def test_an_empty_month_says_so() -> None:
    data = section.build(october(VendorFactory()), {})
    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    assert "No backup or DR test was run this month." in html
    assert "No health assessment was overdue." in html


def test_the_section_is_in_the_pdf_and_its_page_renders(world, tmp_path: Path) -> None:
    october_operations(world.vendor)
    report = report_generate(vendor=world.vendor, month=MONTH)
    assert report.state == MonthlyReport.State.READY, report.error
    report = MonthlyReport.objects.get(pk=report.pk)
    reader = PdfReader(io.BytesIO(bytes(report.document.pdf)))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    number = next(i for i, text in enumerate(texts, start=1) if text.startswith(section.TITLE))
    assert "300 / 240 min (missed)" in texts[number - 1]
    assert "Health assessments overdue at the month's end" in texts[number - 1]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(bytes(report.document.pdf))
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), str(pdf), "page"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    [png] = tmp_path.glob("page-*.png")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png.replace(SCREENSHOTS / "report-operations-section.png")
    with Image.open(SCREENSHOTS / "report-operations-section.png") as image:
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 20  # not a blank page
