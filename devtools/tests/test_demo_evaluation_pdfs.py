"""The demo's evaluation PDFs (devtools/demo/reports.py): each vendor's latest finalised
evaluation has its PDF, the shared one was sent (recorded, nobody mailed: the seed runs silenced),
once however often the seed runs."""

import pytest
from django.utils import timezone

from devtools.demo import accounts as accounts_demo
from devtools.demo import reports as reports_demo
from devtools.demo import scorecards as scorecards_demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from notifications.models import OutboxEmail
from notifications.services.notify import silenced
from reports.models import EvaluationDelivery, EvaluationReport, EvaluationReportDocument

pytestmark = pytest.mark.django_db


def test_the_latest_finalised_evaluations_have_their_pdf_and_the_shared_one_was_sent() -> None:
    with silenced():
        for module in (vendors_demo, accounts_demo, slas_demo, scorecards_demo):
            module.seed(DemoSeeder())
        reports_demo.evaluation_seed(DemoSeeder())
        reports_demo.evaluation_seed(DemoSeeder())

    last_year = timezone.localdate().year - 1
    reports = {
        (r.vendor.name, r.evaluation.period_start.year, r.evaluation.state, r.state)
        for r in EvaluationReport.objects.select_related("vendor", "evaluation")
    }
    assert reports == {
        (scorecards_demo.PACS_VENDOR, last_year, "shared", "ready"),
        (scorecards_demo.ARCHIVE_VENDOR, last_year, "finalised", "ready"),
        (scorecards_demo.AI_VENDOR, last_year - 1, "closed", "ready"),
    }
    for report in EvaluationReport.objects.all():
        assert bytes(EvaluationReportDocument.objects.get(report=report).pdf).startswith(b"%PDF")
    sent = EvaluationDelivery.objects.select_related("report__vendor")
    assert {delivery.report.vendor.name for delivery in sent} == {scorecards_demo.PACS_VENDOR}
    assert sent.filter(side="vendor").exists()
    assert sent.filter(side="hospital").exists()
    assert not OutboxEmail.objects.exists()
