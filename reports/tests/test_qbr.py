"""The QBR pack: its snapshot (the three months before the review, the frozen agenda with the
vendor's notes only, decisions, open actions), the PDF rendered from it, the generation from the
hospital's page with its progress, and the download by hospital users and by the vendor."""

import datetime
import subprocess
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts.tests.two_factor import VerifiedClient
from core.months import month_bounds
from governance.models import ActionItem, Attendance, Decision, Frequency, Meeting, MeetingKind, MinuteNote
from governance.models.actions import Side
from governance.tests.factories import meeting_for, series_for
from reports.models import QbrPack, QbrPackDocument
from reports.qbr import render_qbr_html
from reports.services.qbr import qbr_pack_build, qbr_pack_queue
from reports.tests.conftest import BERLIN, ReportWorld
from tickets.selectors import clock_outcomes

pytestmark = pytest.mark.django_db

HELD = datetime.datetime(2026, 11, 10, 10, 0, tzinfo=BERLIN)  # reviews August to October 2026
AGENDA = {
    "built_at": HELD.isoformat(),
    "since": (HELD - datetime.timedelta(days=90)).isoformat(),
    "sections": [
        {
            "key": "compliance",
            "title": "SLA compliance and breaches since the last meeting",
            "rows": [{"label": "#2 Hanging protocol lost", "detail": "P2 response target breached", "level": "danger"}],
            "figures": [{"label": "Response targets met", "value": "75 % (3 of 4)", "level": "danger"}],
            "total": 1,
        },
        {"key": "item-1", "title": "Roadmap for the viewer upgrade", "rows": [], "figures": [], "total": 0},
    ],
}


def held_review(world: ReportWorld, *, kind: str = MeetingKind.QUARTERLY_BUSINESS_REVIEW) -> Meeting:
    series = series_for(world.vendor, title="Quarterly business review", kind=kind, frequency=Frequency.QUARTERLY)
    return meeting_for(
        world.vendor,
        series=series,
        starts_at=HELD,
        status=Meeting.Status.STARTED,
        agenda=AGENDA,
        agenda_frozen_at=HELD,
    )


def minutes(world: ReportWorld, meeting: Meeting) -> None:
    MinuteNote.objects.create(meeting=meeting, item_key="compliance", text="Vendor adds a second on-call engineer.")
    MinuteNote.objects.create(
        meeting=meeting, item_key="compliance", text="Consider the penalty clause.", internal=True
    )
    Decision.objects.create(meeting=meeting, vendor=world.vendor, text="Response target for P2 stays at one hour.")
    Decision.objects.create(meeting=meeting, vendor=world.vendor, text="Viewer upgrade planned for the first quarter.")
    ActionItem.objects.create(
        meeting=meeting,
        vendor=world.vendor,
        description="Send the on-call rota for December",
        owner_contact=world.contact,
        side=Side.VENDOR,
        due_date=datetime.date(2026, 11, 20),
    )
    Attendance.objects.create(meeting=meeting, user=world.admin, present=True)
    Attendance.objects.create(meeting=meeting, contact=world.contact, present=True)


def logged_in_client(user: object) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client


def built(world: ReportWorld, meeting: Meeting) -> QbrPack:
    with mock.patch("reports.tasks.generate_qbr_pack.delay"):
        pack = qbr_pack_queue(meeting=meeting, requested_by=world.admin)
    return qbr_pack_build(pack_id=pack.pk)


def pdf_text(pdf: bytes, tmp_path: object) -> str:
    path = tmp_path / "pack.pdf"  # type: ignore[operator]
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_pack_holds_the_quarter_the_frozen_agenda_decisions_and_actions(world: ReportWorld, tmp_path) -> None:
    meeting = held_review(world)
    minutes(world, meeting)

    pack = built(world, meeting)

    assert (pack.state, pack.first_month, pack.progress, pack.error) == ("ready", datetime.date(2026, 8, 1), 100, "")
    snapshot = pack.snapshot
    assert snapshot["months"] == ["2026-08", "2026-09", "2026-10"]
    october = snapshot["tickets"][2]
    assert october["opened"] == {"P1": 1, "P2": 1, "P3": 2, "P4": 0}
    assert october["opened_total"] == 4
    outcomes = clock_outcomes(world.vendor.pk, *month_bounds(datetime.date(2026, 10, 1)))
    assert october["met"] == sum(o.met for o in outcomes)
    assert october["breached"] == sum(o.breached for o in outcomes)
    by_metric = {m: sum(o.breached for o in outcomes if o.metric == m) for m in ("response", "update", "resolution")}
    assert october["breached_by_metric"] == by_metric
    assert (by_metric["response"], by_metric["resolution"]) == (1, 0)  # the P2 answered an hour late
    assert [entry["opened_total"] for entry in snapshot["tickets"][:2]] == [0, 0]
    uptime = {entry["month"]: entry for entry in snapshot["uptime"]}
    assert uptime["2026-10"]["meets_target"] is False  # two and a half hours down
    assert uptime["2026-09"]["meets_target"] is True
    # The agenda as frozen, with the notes the vendor may read: never the internal one.
    assert [item["title"] for item in snapshot["agenda"]] == [section["title"] for section in AGENDA["sections"]]
    assert snapshot["agenda"][0]["notes"] == ["Vendor adds a second on-call engineer."]
    assert [d["text"] for d in snapshot["decisions"]] == [
        "Response target for P2 stays at one hour.",
        "Viewer upgrade planned for the first quarter.",
    ]
    assert [(a["description"], a["owner"], a["side"]) for a in snapshot["actions"]] == [
        ("Send the on-call rota for December", "Sam Account", "vendor")
    ]
    assert snapshot["meeting"]["attendees"] == [
        {"name": "Petra Admin", "side": "hospital"},
        {"name": "Sam Account", "side": "vendor"},
    ]

    document = QbrPackDocument.objects.get(pack=pack)
    pdf = bytes(document.pdf)
    assert pdf.startswith(b"%PDF")
    assert pack.pdf_size == len(pdf)
    assert pack.pages >= 3
    text = pdf_text(pdf, tmp_path)
    for shown in (
        "Quarterly business review",
        "August 2026 to October 2026",
        "Response target for P2 stays at one hour.",
        "Send the on-call rota for December",
        "Vendor adds a second on-call engineer.",
        "Tickets opened by severity",
        "Uptime by month against target",
        "SLA targets breached",
    ):
        assert shown in text, shown
    assert "penalty clause" not in text
    # The same snapshot renders the same page again (the PDF is made from the snapshot alone).
    assert render_qbr_html(snapshot) == render_qbr_html(QbrPack.objects.get(pk=pack.pk).snapshot)


def test_only_a_held_quarterly_business_review_gets_a_pack_and_one_build_at_a_time(world: ReportWorld) -> None:
    operational = held_review(world, kind=MeetingKind.BIWEEKLY_OPERATIONAL)
    with pytest.raises(ValidationError, match="quarterly business review only"):
        qbr_pack_queue(meeting=operational, requested_by=world.admin)
    coming = meeting_for(
        world.vendor,
        series=series_for(world.vendor, kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW, frequency=Frequency.QUARTERLY),
    )
    with pytest.raises(ValidationError, match="has not started yet"):
        qbr_pack_queue(meeting=coming, requested_by=world.admin)
    assert not QbrPack.objects.exists()

    review = held_review(world)
    with mock.patch("reports.tasks.generate_qbr_pack.delay"):
        qbr_pack_queue(meeting=review, requested_by=world.admin)
        with pytest.raises(ValidationError, match="being generated"):
            qbr_pack_queue(meeting=review, requested_by=world.admin)
    with pytest.raises(PermissionDenied):
        qbr_pack_queue(meeting=review, requested_by=world.staff)
    assert QbrPack.objects.get().state == "generating"


def test_admins_generate_a_pack_and_watch_its_progress(world: ReportWorld, django_capture_on_commit_callbacks) -> None:
    meeting = held_review(world)
    admin = logged_in_client(world.admin)
    page = admin.get("/reports/qbr/")
    assert "Quarterly business review, 2026-11-10" in page.content.decode()

    with (
        mock.patch("reports.tasks.generate_qbr_pack.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin.post("/reports/qbr/", {"meeting": meeting.pk})
    pack = QbrPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/qbr/{pack.pk}/"
    delay.assert_called_once_with(pack.pk)
    assert (pack.state, pack.requested_by, pack.vendor) == ("generating", world.admin, world.vendor)

    detail = admin.get(f"/reports/qbr/{pack.pk}/").content.decode()
    assert f'hx-get="/reports/qbr/{pack.pk}/progress/"' in detail
    assert "Waiting for a worker" in detail
    assert admin.get(f"/reports/qbr/{pack.pk}/pdf/").status_code == 404

    qbr_pack_build(pack_id=pack.pk)
    progress = admin.get(f"/reports/qbr/{pack.pk}/progress/")
    assert progress["HX-Refresh"] == "true"
    detail = admin.get(f"/reports/qbr/{pack.pk}/").content.decode()
    assert f'href="/reports/qbr/{pack.pk}/pdf/"' in detail
    download = admin.get(f"/reports/qbr/{pack.pk}/pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert "meridian-imaging-systems-qbr-2026-08.pdf" in download["Content-Disposition"]


def test_a_meeting_that_cannot_have_a_pack_is_a_form_error_and_staff_do_not_generate(world: ReportWorld) -> None:
    coming = meeting_for(
        world.vendor,
        series=series_for(world.vendor, kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW, frequency=Frequency.QUARTERLY),
    )
    admin = logged_in_client(world.admin)
    response = admin.post("/reports/qbr/", {"meeting": coming.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()  # only held reviews are offered
    assert not QbrPack.objects.exists()

    staff = logged_in_client(world.staff)
    page = staff.get("/reports/qbr/")
    assert page.status_code == 200
    assert 'aria-label="Generate a QBR pack"' not in page.content.decode()
    assert staff.post("/reports/qbr/", {"meeting": held_review(world).pk}).status_code == 403
    assert not QbrPack.objects.exists()


def test_the_vendor_downloads_its_generated_packs_in_the_portal(
    world: ReportWorld, make_report_world, django_assert_max_num_queries
) -> None:
    pack = built(world, held_review(world))
    other = make_report_world("Other Vendor")
    others_pack = built(other, held_review(other))
    portal = logged_in_client(world.vendor_user)

    with django_assert_max_num_queries(12):
        page = portal.get("/portal/reports/qbr/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/portal/reports/qbr/{pack.pk}/pdf/"' in html
    assert "Aug 2026 to Oct 2026" in html
    assert f"/portal/reports/qbr/{others_pack.pk}/pdf/" not in html
    download = portal.get(f"/portal/reports/qbr/{pack.pk}/pdf/")
    assert download.status_code == 200
    assert download.content == bytes(QbrPackDocument.objects.get(pack=pack).pdf)
    assert portal.get(f"/portal/reports/qbr/{others_pack.pk}/pdf/").status_code == 404
    assert portal.get(f"/reports/qbr/{pack.pk}/pdf/").status_code == 404  # never the hospital's pages

    # A pack being generated again is not the vendor's until it is done.
    QbrPack.objects.filter(pk=pack.pk).update(state=QbrPack.State.GENERATING)
    assert f"/portal/reports/qbr/{pack.pk}/pdf/" not in portal.get("/portal/reports/qbr/").content.decode()
    assert portal.get(f"/portal/reports/qbr/{pack.pk}/pdf/").status_code == 404


def test_the_hospital_list_reads_in_a_fixed_number_of_queries(
    world: ReportWorld, make_report_world, django_assert_max_num_queries
) -> None:
    for name in ("Second Vendor", "Third Vendor"):
        other = make_report_world(name, with_recipients=False)
        built(other, held_review(other))
    built(world, held_review(world))
    admin = logged_in_client(world.admin)
    with django_assert_max_num_queries(14):
        page = admin.get("/reports/qbr/")
    assert page.content.decode().count("Aug 2026 to Oct 2026") == 3
