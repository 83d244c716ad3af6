"""The KPI "compliance documents valid" (registered in ``kpis.computed_sources``): the share of a
vendor's required document types covered by a valid document when the month ended, from the
documents as they stood then (filed and reviewed before the end)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from compliance.models import ComplianceDocument, DocumentType, Outcome
from compliance.selectors.documents import documents_valid_percent
from compliance.tests.factories import PDF_BYTES, pdf
from kpis import computed_sources
from kpis.models import KpiSample, Source
from kpis.services.computations import kpis_compute
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
OCTOBER = datetime.date(2026, 10, 1)
OCTOBER_START = datetime.datetime(2026, 10, 1, tzinfo=BERLIN)
OCTOBER_END = datetime.datetime(2026, 11, 1, tzinfo=BERLIN)
NOW = datetime.datetime(2026, 11, 20, 12, tzinfo=BERLIN)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=BERLIN)


def filed(
    vendor: Vendor,
    kind: DocumentType,
    *,
    on: datetime.date,
    outcome: str = Outcome.ACCEPTED,
    reviewed: datetime.date | None = None,
    until: datetime.date | None = None,
) -> ComplianceDocument:
    document = ComplianceDocument.objects.create(
        vendor=vendor,
        document_type=kind,
        version=str(on.year),
        issued_on=on - datetime.timedelta(days=10),
        valid_until=until,
        file=pdf(),
        size_bytes=len(PDF_BYTES),
        outcome=outcome,
        reviewed_at=at(reviewed or on) if outcome != Outcome.PENDING else None,
    )
    ComplianceDocument.objects.filter(pk=document.pk).update(created_at=at(on))
    return document


@pytest.fixture
def types() -> dict[str, DocumentType]:
    """Five types asked of every vendor, one more only of those hosting our data; the seeded ones
    set aside."""
    DocumentType.objects.update(active=False)
    made = {
        code: DocumentType.objects.create(code=code, name=code.title(), required_for="all", position=number)
        for number, code in enumerate(["valid", "expiring", "late", "expired", "rejected"])
    }
    made["hosted"] = DocumentType.objects.create(code="hosted", name="Hosted", required_for="hosts_data", position=9)
    return made


def test_the_share_of_required_types_valid_when_the_month_ended(types, django_assert_max_num_queries) -> None:
    hosting = VendorFactory(name="Cloud archive", hosts_data=True)
    on_site = VendorFactory(name="On-site RIS", hosts_data=False)
    nothing_asked = VendorFactory(name="Nothing asked", kind=Vendor.Kind.AI)
    DocumentType.objects.filter(code__in=list(types)).update(vendor_kinds=["pacs", "vna", "ris"])
    for vendor in (hosting, on_site):
        filed(vendor, types["valid"], on=datetime.date(2026, 3, 1), until=datetime.date(2027, 6, 30))
        # Ends within 90 days of 31 October: expiring, still valid.
        filed(vendor, types["expiring"], on=datetime.date(2026, 1, 5), until=datetime.date(2026, 12, 15))
        # Filed in October, accepted only in November: pending when October ended.
        filed(
            vendor,
            types["late"],
            on=datetime.date(2026, 10, 20),
            reviewed=datetime.date(2026, 11, 3),
            until=datetime.date(2027, 10, 1),
        )
        filed(vendor, types["expired"], on=datetime.date(2025, 10, 1), until=datetime.date(2026, 10, 25))
        filed(vendor, types["rejected"], on=datetime.date(2026, 9, 1), outcome=Outcome.REJECTED)
    # Filed in November: not on file when October ended.
    filed(hosting, types["hosted"], on=datetime.date(2026, 11, 2), until=datetime.date(2028, 1, 1))

    with django_assert_max_num_queries(3):
        values = documents_valid_percent([hosting.pk, on_site.pk, nothing_asked.pk], OCTOBER_START, OCTOBER_END, NOW)

    # Hosting: valid and expiring of six required = 2/6; on site: 2 of the five asked of all.
    assert values == {
        hosting.pk: {"compliance_documents_valid": Decimal("33.3333")},
        on_site.pk: {"compliance_documents_valid": Decimal("40.0000")},
    }

    # In November (running month, now the 20th): late accepted, hosted filed; expired still out.
    november = documents_valid_percent([hosting.pk], OCTOBER_END, datetime.datetime(2026, 12, 1, tzinfo=BERLIN), NOW)
    assert november == {hosting.pk: {"compliance_documents_valid": Decimal("66.6667")}}


def test_a_month_not_begun_has_no_value(types) -> None:
    vendor = VendorFactory()
    assert (
        documents_valid_percent([vendor.pk], NOW + datetime.timedelta(days=20), NOW + datetime.timedelta(days=50), NOW)
        == {}
    )


def test_the_hourly_computation_stores_it_as_the_registered_source(types) -> None:
    assert any(source.compute is documents_valid_percent for source in computed_sources.computed_sources())
    vendor = VendorFactory(hosts_data=False)
    for code in ("valid", "expiring"):
        filed(vendor, types[code], on=datetime.date(2026, 2, 1), until=datetime.date(2027, 6, 30))

    kpis_compute(month=OCTOBER, now=NOW)

    stored = KpiSample.objects.filter(vendor=vendor, kpi__code="compliance_documents_valid", source=Source.COMPUTED)
    assert list(stored.values_list("value", flat=True)) == [Decimal("40.0000")]
