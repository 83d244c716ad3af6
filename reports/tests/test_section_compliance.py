"""The monthly report's "Security and compliance" section: the required documents as they stood
when the month ended, the security findings still open by severity and past due, the incidents
open in the month with their notification clocks as they stood then, and the month's
remote-access sessions with their flags and the access log's counts; and the page it makes in the
PDF, rendered to an image."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy
import pytest
from django.template.loader import render_to_string
from PIL import Image, ImageStat

from compliance.models import (
    AccessLogEntry,
    Assessment,
    ComplianceDocument,
    DocumentType,
    Finding,
    Outcome,
    RemoteAccessSession,
    SecurityIncident,
)
from compliance.tests.factories import PDF_BYTES, pdf
from conftest import SCREENSHOTS
from core.months import month_bounds
from reports.models import MonthlyReport
from reports.sections import compliance as section
from reports.sections.base import ReportPeriod
from reports.sections.order import SECTIONS
from reports.services.generation import report_generate
from reports.tests.conftest import MONTH
from reports.tests.test_pdf import page_texts, section_texts
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
START, END = month_bounds(MONTH)  # October 2026
NOW = datetime.datetime(2026, 11, 20, 12, tzinfo=BERLIN)


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=BERLIN)


def filed(
    vendor: Vendor, kind: DocumentType, *, on: datetime.datetime, until: datetime.date | None, outcome=Outcome.ACCEPTED
):
    document = ComplianceDocument.objects.create(
        vendor=vendor,
        document_type=kind,
        version="2026",
        issued_on=datetime.date(2025, 12, 1),
        valid_until=until,
        file=pdf(),
        size_bytes=len(PDF_BYTES),
        outcome=outcome,
        reviewed_at=on if outcome != Outcome.PENDING else None,
    )
    ComplianceDocument.objects.filter(pk=document.pk).update(created_at=on)


def month_of_compliance(vendor: Vendor) -> None:
    """October 2026 for ``vendor``: four required types (one valid, one expiring, one expired,
    one missing), three open findings (two past due), a closed incident whose vendor told us late
    and an open one told in time, two sessions (one used without approval)."""
    DocumentType.objects.update(active=False)
    kinds = [
        DocumentType.objects.create(code=code, name=name, required_for="all", position=number)
        for number, (code, name) in enumerate(
            [
                ("r-soc", "SOC 2 Type II report"),
                ("r-iso", "ISO 27001 certificate"),
                ("r-pen", "Pentest summary"),
                ("r-baa", "BAA"),
            ]
        )
    ]
    filed(vendor, kinds[0], on=at(2, 1), until=datetime.date(2027, 9, 30))
    filed(vendor, kinds[1], on=at(3, 1), until=datetime.date(2026, 12, 31))
    filed(vendor, kinds[2], on=at(1, 10), until=datetime.date(2026, 10, 15))
    # The BAA arrived in November: missing when October ended.
    filed(vendor, kinds[3], on=at(11, 5), until=None)

    assessment = Assessment.objects.create(
        vendor=vendor,
        kind=Assessment.Kind.PENETRATION_TEST,
        title="Penetration test 2026",
        planned_on=datetime.date(2026, 8, 1),
    )
    findings = [
        (
            "Outdated TLS on the viewer",
            "critical",
            datetime.date(2026, 9, 1),
            datetime.date(2026, 9, 16),
            "Security team",
        ),
        ("Verbose error pages", "medium", datetime.date(2026, 8, 1), datetime.date(2026, 10, 30), ""),
        ("Missing HSTS header", "low", datetime.date(2026, 10, 5), datetime.date(2027, 1, 3), "Web team"),
        # Reported after the month: not in it.
        ("Default credentials", "high", datetime.date(2026, 11, 10), datetime.date(2026, 12, 10), ""),
    ]
    for title, severity, reported, due, owner in findings:
        Finding.objects.create(
            assessment=assessment,
            title=title,
            severity=severity,
            reported_on=reported,
            due_on=due,
            remediation_owner=owner,
        )
    Finding.objects.create(
        assessment=assessment,
        title="Fixed already",
        severity="high",
        reported_on=datetime.date(2026, 8, 1),
        due_on=datetime.date(2026, 8, 31),
        status=Finding.Status.RESOLVED,
        retest_result=Finding.Retest.PASSED,
    )

    SecurityIncident.objects.create(
        vendor=vendor,
        title="Support account leaked",
        kind=SecurityIncident.Kind.UNAUTHORISED_ACCESS,
        severity="high",
        status=SecurityIncident.Status.CLOSED,
        description="A password in a public paste.",
        vendor_aware_at=at(10, 3, 8),
        reported_at=at(10, 5, 8),  # 48 h after: the 24 h deadline breached
        hospital_aware_at=at(10, 5, 8),
        vendor_deadline_hours=24,
        authority_notified_at=at(10, 6, 8),  # 24 h after: met
        closed_at=at(10, 20),
        root_cause="Password reuse.",
    )
    SecurityIncident.objects.create(
        vendor=vendor,
        title="Ransomware at a sub-processor",
        kind=SecurityIncident.Kind.RANSOMWARE,
        severity="critical",
        description="Their backups encrypted.",
        vendor_aware_at=at(10, 30, 9),
        reported_at=at(10, 30, 12),
        hospital_aware_at=at(10, 30, 12),
        vendor_deadline_hours=24,
        authority_notified_at=at(11, 3, 12),  # told in November, late; on 31 October still running
    )
    SecurityIncident.objects.create(  # closed in September: not in October
        vendor=vendor,
        title="Old phishing attempt",
        kind=SecurityIncident.Kind.OTHER,
        severity="low",
        status=SecurityIncident.Status.CLOSED,
        description="Nothing taken.",
        vendor_aware_at=at(9, 1),
        hospital_aware_at=at(9, 1),
        closed_at=at(9, 3),
        root_cause="None.",
    )

    RemoteAccessSession.objects.create(
        vendor=vendor,
        engineer="Jonas Richter",
        reason="Hotfix 8.2.1",
        change_link="https://changes.example/CHG-1",
        planned_start=at(10, 12, 20),
        planned_end=at(10, 12, 22),
        status=RemoteAccessSession.Status.APPROVED,
        started_at=at(10, 12, 20),
        ended_at=at(10, 12, 21),
    )
    RemoteAccessSession.objects.create(
        vendor=vendor,
        engineer="Mara Vogt",
        reason="Look at the logs",
        planned_start=at(10, 14, 9),
        planned_end=at(10, 14, 10),
        started_at=at(10, 14, 9),
        ended_at=at(10, 14, 11),
    )
    for minute in range(3):
        AccessLogEntry.objects.create(
            at=at(10, 14, 9) + datetime.timedelta(minutes=minute),
            vendor=vendor,
            actor="mara.vogt",
            action=AccessLogEntry.Action.PAGE,
            status=200,
            path="/portal/",
            system="Vendor portal",
        )


def test_the_section_counts_documents_findings_clocks_and_sessions_as_the_month_ended(
    django_assert_max_num_queries,
) -> None:
    vendor = VendorFactory(name="Meridian Imaging")
    month_of_compliance(vendor)
    period = ReportPeriod(vendor_id=vendor.pk, month=MONTH, start=START, end=END, now=NOW)

    with django_assert_max_num_queries(10):
        data = section.build(period, {})

    assert json.loads(json.dumps(data)) == data
    documents = data["documents"]
    assert (documents["as_of"], documents["required"], documents["valid"], documents["percent"]) == (
        "2026-10-31",
        4,
        2,
        "50.0",
    )
    assert documents["counts"] == {"missing": 1, "expired": 1, "pending": 0, "expiring": 1, "valid": 1}
    assert [(row["type"], row["status"]) for row in documents["rows"]] == [
        ("BAA", "missing"),
        ("Pentest summary", "expired"),
        ("ISO 27001 certificate", "expiring"),
        ("SOC 2 Type II report", "valid"),
    ]

    findings = data["findings"]
    assert {row["severity"]: (row["open"], row["overdue"]) for row in findings["by_severity"]} == {
        "critical": (1, 1),
        "high": (0, 0),
        "medium": (1, 1),
        "low": (1, 0),
    }
    assert (findings["open_total"], findings["overdue_total"]) == (3, 2)
    assert [(row["title"], row["owner"]) for row in findings["overdue"]] == [
        ("Outdated TLS on the viewer", "Security team"),
        ("Verbose error pages", ""),
    ]

    incidents = {row["title"]: row for row in data["incidents"]}
    assert set(incidents) == {"Support account leaked", "Ransomware at a sub-processor"}
    assert [clock["state"] for clock in incidents["Support account leaked"]["clocks"]] == ["breached", "met"]
    # Told the authority on 3 November: on 31 October the 72 h clock still ran, due 2 November.
    ransomware = incidents["Ransomware at a sub-processor"]["clocks"]
    assert [(clock["state"], clock["stopped_at"]) for clock in ransomware] == [
        ("met", "2026-10-30T12:00:00+01:00"),
        ("running", None),
    ]
    assert ransomware[1]["due_at"] == "2026-11-02T12:00:00+01:00"

    remote = data["remote_access"]
    assert (remote["session_total"], remote["flagged_total"], remote["people"]) == (2, 1, 1)
    assert [(row["engineer"], row["flags"]) for row in remote["sessions"]] == [
        ("Mara Vogt", ["Used without approval", "Outside the approved window", "No ticket or change"]),
        ("Jonas Richter", []),
    ]
    assert remote["log"] == {"entries": 3, "pages": 3, "api_calls": 0, "downloads": 0, "refused": 0}

    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    assert "2 of 4 required" in html
    assert "No owner" in html
    assert "Breached" in html
    assert "Running" in html
    assert "Used without approval" in html


def test_a_vendor_without_anything_gets_the_empty_states() -> None:
    vendor = VendorFactory(kind=Vendor.Kind.OTHER)
    DocumentType.objects.update(active=False)
    data = section.build(ReportPeriod(vendor_id=vendor.pk, month=MONTH, start=START, end=END, now=NOW), {})

    assert data["documents"]["required"] == 0
    assert data["documents"]["percent"] is None
    assert (data["findings"]["open_total"], data["incidents"], data["remote_access"]["sessions"]) == (0, [], [])
    html = render_to_string(section.TEMPLATE, {"data": data, "title": section.TITLE})
    for empty in (
        "No compliance document is required of this vendor.",
        "No security finding of this vendor is open.",
        "No security incident of this vendor was open in the month.",
        "No remote-access session was planned or used in the month.",
    ):
        assert empty in html


def test_the_section_comes_after_the_reviews_and_before_the_scorecard() -> None:
    keys = [module.KEY for module in SECTIONS]
    assert keys.index("reviews") < keys.index("compliance") < keys.index("scorecard")


def test_the_report_pdf_has_the_security_and_compliance_page(world, tmp_path: Path) -> None:
    month_of_compliance(world.vendor)
    report = report_generate(vendor=world.vendor, month=MONTH)
    assert report.state == MonthlyReport.State.READY, report.error
    report.refresh_from_db()
    assert report.snapshot["sections"]["compliance"]["documents"]["percent"] == "50.0"

    pages = page_texts(report)
    number = next(i for i, text in enumerate(pages, start=1) if text.startswith(section.TITLE))
    text = section_texts(pages)["compliance"]
    assert "50 %" in text
    assert "2 of 4 required" in text
    assert "Ransomware at a" in text
    assert "Breached" in text
    assert "Mara Vogt" in text

    document = tmp_path / "report.pdf"
    document.write_bytes(bytes(report.document.pdf))
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), str(document), "page"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    [png] = tmp_path.glob("page-*.png")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, SCREENSHOTS / "report-compliance-page.png")
    with Image.open(png) as image:
        width, height = image.size
        assert 1.35 < height / width < 1.5  # A4 portrait
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 20  # not blank
        # Breached clocks, flags and past-due findings in the report's red (#b02a37).
        pixels = numpy.asarray(image.convert("RGB"), dtype=int)
        red = (numpy.abs(pixels - (0xB0, 0x2A, 0x37)) < 40).all(axis=2).sum()
        assert red > 0.0005 * width * height
