"""The demo vendors have a realistic mix of compliance documents (devtools/demo/compliance.py)."""

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from compliance.breach_clocks import ClockState
from compliance.matrix import CellStatus
from compliance.models import (
    AccessLogEntry,
    ComplianceDocument,
    DataProtectionTerms,
    Finding,
    RemoteAccessSession,
    SecurityIncident,
)
from compliance.remote_access_rules import Flag
from compliance.selectors.documents import compliance_matrix
from compliance.selectors.remote_access import flags_of
from compliance.terms import missing_terms
from devtools.demo import accounts as accounts_demo
from devtools.demo import compliance as compliance_demo
from devtools.demo import compliance_incidents, compliance_remote
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.demo.compliance import DOCUMENTS
from devtools.seeding import DemoSeeder

pytestmark = pytest.mark.django_db


def test_the_demo_vendors_show_every_state_of_the_matrix_once_seeded(admin_client: Client) -> None:
    vendors_demo.seed(DemoSeeder())
    accounts_demo.seed(DemoSeeder())
    slas_demo.seed(DemoSeeder())
    first, again = DemoSeeder(), DemoSeeder()
    compliance_demo.seed(first)
    compliance_demo.seed(again)

    expected = sum(len(documents) for documents in DOCUMENTS.values())
    assert first.created["compliance documents"] == expected
    assert "compliance documents" not in again.created
    assert ComplianceDocument.objects.count() == expected

    admin = User.objects.get(username="admin")
    matrix = compliance_matrix(user=admin, today=timezone.localdate())
    for state in (CellStatus.VALID, CellStatus.EXPIRING, CellStatus.EXPIRED, CellStatus.PENDING, CellStatus.MISSING):
        assert matrix.total(state) > 0, state
    for row in matrix.rows:
        states = {cell.status for cell in row.cells if cell.required}
        assert len(states) >= 3, f"{row.vendor}: {states}"

    document = ComplianceDocument.objects.get(vendor__name="Archivault Health", document_type__code="soc2-type2")
    content = b"".join(admin_client.get(f"/compliance/documents/{document.pk}/download/").streaming_content)
    assert content.startswith(b"%PDF-1.4")
    assert content.rstrip().endswith(b"%%EOF")
    assert len(content) == document.size_bytes

    terms = {
        t.agreement.contract.vendor.name: t
        for t in DataProtectionTerms.objects.select_related("agreement__contract__vendor")
    }
    assert missing_terms(terms["Archivault Health"].facts) == []
    assert len(missing_terms(terms["Lumen Diagnostics AI"].facts)) >= 4
    assert "terms" not in " ".join(again.created)

    assert first.created["security assessments"] == 3
    assert "security assessments" not in again.created
    overdue = Finding.objects.get(title__startswith="Default service account")
    assert overdue.due_on < timezone.localdate()
    assert overdue.status == Finding.Status.OPEN


def test_the_demo_incidents_show_every_clock_state(admin_client: Client) -> None:
    vendors_demo.seed(DemoSeeder())
    accounts_demo.seed(DemoSeeder())
    first, again = DemoSeeder(), DemoSeeder()
    compliance_incidents.seed(first)
    compliance_incidents.seed(again)
    assert first.created["security incidents"] == 4
    assert "security incidents" not in again.created
    now = timezone.now()
    states = {state for incident in SecurityIncident.objects.all() for state in (c.state(now) for c in incident.clocks)}
    assert states == {
        ClockState.RUNNING,
        ClockState.DUE_SOON,
        ClockState.MET,
        ClockState.BREACHED,
        ClockState.NO_DEADLINE,
    }
    closed = SecurityIncident.objects.get(status="closed")
    assert closed.updates.count() == 3
    html = admin_client.get("/compliance/incidents/").content.decode()
    assert html.count('text-bg-danger">Breached') == 1


def test_the_demo_remote_access_has_flagged_and_clean_sessions_and_their_log(admin_client: Client) -> None:
    vendors_demo.seed(DemoSeeder())
    accounts_demo.seed(DemoSeeder())
    first, again = DemoSeeder(), DemoSeeder()
    compliance_remote.seed(first)
    compliance_remote.seed(again)
    assert first.created["remote-access sessions"] == 4
    assert "remote-access sessions" not in again.created
    now = timezone.now()
    flags = {s.reason[:20]: flags_of(s, now=now) for s in RemoteAccessSession.objects.all()}
    assert flags["Apply hotfix 8.2.1 t"] == []
    assert flags["Check the DICOM rout"] == [Flag.UNAPPROVED, Flag.OUTSIDE_WINDOW, Flag.NO_TICKET]
    assert AccessLogEntry.objects.filter(action="session_start").count() == 3
    requests = AccessLogEntry.objects.exclude(path="").filter(vendor__name="Meridian Imaging Systems")
    assert set(requests.values_list("action", flat=True)) == {"api_call", "download", "page"}
    assert requests.filter(status=404).count() == 1
    html = admin_client.get("/compliance/access-log/?actor=Jonas").content.decode()
    assert "systemctl stop pacs-archive" in html
