"""The demo's QBR pack (devtools/demo/reports.py): the PACS vendor's last quarterly business
review, held with two decisions, and its pack generated and emailed, once however often the seed runs."""

import pytest

from devtools.demo import accounts as accounts_demo
from devtools.demo import governance as governance_demo
from devtools.demo import reports as reports_demo
from devtools.demo import slas as slas_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from notifications.models import OutboxEmail
from notifications.services.notify import silenced
from reports.models import QbrPack, QbrPackDelivery, QbrPackDocument

pytestmark = pytest.mark.django_db


def test_the_pacs_vendor_has_a_held_review_with_its_pack() -> None:
    with silenced():
        for module in (vendors_demo, accounts_demo, slas_demo, governance_demo):
            module.seed(DemoSeeder())
        reports_demo.qbr_seed(DemoSeeder())
        reports_demo.qbr_seed(DemoSeeder())

    pack = QbrPack.objects.select_related("vendor", "meeting").get()
    assert pack.vendor.name == reports_demo.PACS_VENDOR
    assert (pack.state, pack.progress) == (QbrPack.State.READY, 100)
    assert pack.meeting.is_frozen
    assert [d["text"] for d in pack.snapshot["decisions"]] == reports_demo.QBR_DECISIONS
    assert bytes(QbrPackDocument.objects.get(pack=pack).pdf).startswith(b"%PDF")
    deliveries = list(QbrPackDelivery.objects.filter(pack=pack).select_related("outbox_email"))
    assert deliveries
    assert {(d.kind, d.outbox_email.state) for d in deliveries} == {("send", OutboxEmail.State.SENT)}
    assert pack.meeting.attendance.filter(user__username="admin").exists()
