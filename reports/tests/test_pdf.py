"""What the PDF says: the figures of the snapshot (uptime, SLA compliance, credits), the footer
on every page (page numbers, generation time, snapshot hash), and a page that really renders."""

import hashlib
import io
import re
import subprocess
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from core.formatting import format_money as money
from core.formatting import format_percent as pct
from reports.models import MonthlyReport
from reports.sections.order import SECTIONS
from reports.services.generation import report_generate
from reports.templatetags.report_format import when
from reports.tests.conftest import MONTH

pytestmark = pytest.mark.django_db
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.fixture
def report(world) -> MonthlyReport:
    report = report_generate(vendor=world.vendor, month=MONTH)
    assert report.state == MonthlyReport.State.READY, report.error
    return MonthlyReport.objects.get(pk=report.pk)


def flat(text: str) -> str:
    """Text extraction breaks lines where the layout wraps: compare with single spaces."""
    return " ".join(text.split())


def page_texts(report: MonthlyReport) -> list[str]:
    reader = PdfReader(io.BytesIO(bytes(report.document.pdf)))
    return [flat(page.extract_text()) for page in reader.pages]


def section_texts(pages: list[str]) -> dict[str, str]:
    """Each section's text: from the page its title opens to the page before the next title."""
    starts = {}
    for section in SECTIONS:
        start = next((i for i, text in enumerate(pages) if text.startswith(section.TITLE)), None)
        if start is not None:
            starts[section.KEY] = start
    # The appendix appears only when a table had to be shortened; every other section always.
    assert set(starts) >= {section.KEY for section in SECTIONS} - {"appendix"}
    order = sorted(starts, key=starts.get)
    bounds = [*[starts[key] for key in order], len(pages)]
    return {key: " ".join(pages[bounds[i] : bounds[i + 1]]) for i, key in enumerate(order)}


def test_the_pdf_text_carries_the_figures_of_the_snapshot_and_the_api(report, admin_api) -> None:
    sections = report.snapshot["sections"]
    availability, tickets, credits, summary = (sections[k] for k in ("availability", "tickets", "credits", "summary"))
    # The fixture's month, worked out by hand: 3 h charged (2 h 30 min down, 1 h degraded at half
    # weight) of a 31-day October with the hour gained when summer time ends; 3 of 4 responses
    # and 3 of 3 resolutions in time; below 99.9 % earns 5 % of the 10,000 EUR monthly fee.
    assert availability["uptime_percent"] == "99.597"
    assert availability["uptime_exact"] == "99.597315"
    assert (tickets["response_compliance_percent"], tickets["resolution_compliance_percent"]) == ("75.0", "100.0")
    assert (credits["month"]["credit_percent"], credits["month"]["credit_amount"]) == ("5.00", "500.00")
    assert credits["outstanding_amount"] == "500.00"

    # The API gives the same figures, as frozen in the snapshot, and the same PDF.
    response = admin_api.get(f"/api/v1/reports/{report.pk}/")
    assert response.status_code == 200
    api = response.json()
    figures = ("uptime_percent", "target_percent", "response_compliance_percent", "resolution_compliance_percent")
    for name in (*figures, "credit_amount", "credit_percent", "currency", "tickets_opened", "sla_met"):
        assert api["summary"][name] == summary[name], name
    assert (api["summary"]["uptime_percent"], api["summary"]["credit_amount"]) == ("99.597", "500.00")
    assert (api["pdf_sha256"], api["snapshot_sha256"], api["pages"]) == (
        report.pdf_sha256,
        report.snapshot_sha256,
        report.pages,
    )
    download = admin_api.get(f"/api/v1/reports/{report.pk}/pdf/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert hashlib.sha256(body).hexdigest() == report.pdf_sha256

    text = section_texts(page_texts(report))

    uptime = pct(availability["uptime_percent"])
    target = pct(availability["target_percent"])
    credit = money(credits["month"]["credit_amount"], credits["currency"])
    assert f"UPTIME {uptime} target {target}" in text["summary"]
    assert f"CREDIT OWED THIS MONTH {credit} {pct(summary['credit_percent'])} of the monthly fee" in text["summary"]
    # Computed shares to one decimal (66.7 %), contractual figures as written (99.95 %).
    response, resolution = (
        pct(summary["response_compliance_percent"], 1),
        pct(summary["resolution_compliance_percent"], 1),
    )
    assert f"responses in SLA {response} · resolutions {resolution}" in text["summary"]
    for change in summary["changes"]:
        assert change["label"] in text["summary"]

    assert f"UPTIME {uptime} below target {target}" in text["availability"]
    assert f"Exact uptime {availability['uptime_exact']} %" in text["availability"]
    for incident in availability["incidents"]:
        assert when(incident["started_at"]) in text["availability"]

    assert f"RESPONSES WITHIN SLA {pct(tickets['response_compliance_percent'], 1)}" in text["tickets"]
    assert f"RESOLUTIONS WITHIN SLA {pct(tickets['resolution_compliance_percent'], 1)}" in text["tickets"]
    everything = tickets["compliance"][-1]
    row = " ".join(
        f"{everything[m]['met']} {everything[m]['breached']} {pct(everything[m]['percent'], 1)}"
        for m in ("response", "update", "resolution")
    )
    assert f"All severities {row}" in text["tickets"]

    month = credits["month"]
    fee = money(month["monthly_fee"], month["currency"])
    assert f"CREDIT THIS MONTH {credit}" in text["credits"]
    assert f"{pct(month['credit_percent'])} of the monthly fee of {fee}" in text["credits"]
    assert f"Total outstanding: {money(credits['outstanding_amount'], 'EUR')}." in text["credits"]


def test_every_page_has_its_number_the_generation_time_and_the_snapshot_hash(report) -> None:
    pages = page_texts(report)
    generated = when(report.snapshot["generated_at"])

    assert len(pages) == report.pages > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {report.pages}" in text
        assert f"Generated {generated} (Europe/Berlin)" in text
        assert f"snapshot SHA-256 {report.snapshot_sha256}" in text
    assert report.snapshot_sha256 in pages[0]  # and in full on the cover
    assert report.vendor.name in pages[0]
    assert "October 2026" in pages[0]


def test_a_page_renders_to_an_image_with_its_chart(report, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(bytes(report.document.pdf))
    pages = page_texts(report)
    availability = next(i for i, text in enumerate(pages, start=1) if text.startswith("Availability"))

    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", "60", "-f", str(availability), "-l", str(availability), str(pdf), "page"],
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
        assert ImageStat.Stat(grey).stddev[0] > 20  # not a blank (or uniformly grey) page
        ink = sum(grey.histogram()[:200]) / (width * height)
        assert 0.02 < ink < 0.6  # text and tables, on mostly white paper
        # The uptime chart is drawn: bars in the "measured" blue (#0d6efd).
        pixels = numpy.asarray(image.convert("RGB"), dtype=int)
        blue = (numpy.abs(pixels - (0x0D, 0x6E, 0xFD)) < 40).all(axis=2).sum()
        assert blue > 0.01 * width * height


def test_long_lists_are_shortened_in_their_section_and_complete_in_the_appendix(report) -> None:
    import copy
    import re

    from reports.rendering import render_html

    snapshot = copy.deepcopy(report.snapshot)
    assert "section-appendix" not in render_html(snapshot)  # nothing to shorten: no appendix
    incident = snapshot["sections"]["availability"]["incidents"][0]
    snapshot["sections"]["availability"]["incidents"] = [
        {**incident, "id": 1000 + n, "title": f"Outage number {n}", "minutes_in_month": f"{n}.0"} for n in range(1, 21)
    ]
    html = render_html(snapshot)
    section = html[html.index('id="section-availability"') : html.index('id="section-tickets"')]
    shown = [int(n) for n in re.findall(r"Outage number (\d+)", section)]
    assert shown == list(range(20, 5, -1))  # the 15 longest, longest first
    assert "The 15 longest of 20 incidents" in section
    appendix = html[html.index('id="section-appendix"') :]
    assert [int(n) for n in re.findall(r"Outage number (\d+)", appendix)] == list(range(1, 21))


def test_the_twelve_month_table_stays_well_inside_the_page(report, tmp_path: Path) -> None:
    """The availability section's 12-month table gives each month an equal share of the page:
    its headings and figures keep clear of the 16 mm right margin (a table as wide as its
    figures was clipped there when they or the fonts ran wider)."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(bytes(report.document.pdf))
    pages = page_texts(report)
    number = next(i for i, text in enumerate(pages) if text.startswith("Availability")) + 1
    html = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
        ["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = [
        (float(y_min), float(x_max), word)
        for y_min, x_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', html
        )
    ]
    months = [(y, x, word) for y, x, word in words if word in MONTH_ABBREVIATIONS]
    assert len(months) == 12, words
    heading = min(y for y, _, _ in months)
    figures = [(x, word) for y, x, word in words if heading < y < heading + 30 and re.fullmatch(r"\d+\.\d{3}", word)]
    assert len(figures) == 12, words
    right_edge = page_width - 16 / 25.4 * 72
    clearance = 3 / 25.4 * 72  # 3 mm
    assert max(x for _, x, _ in months) < right_edge - clearance
    assert max(x for x, _ in figures) < right_edge - clearance
