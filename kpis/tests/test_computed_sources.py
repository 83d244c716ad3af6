"""KPIs that apps above kpis compute: registered once, stored with the others, replaced on
each run, and refused when a source returns what it did not register."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kpis import computed_sources
from kpis.models import Area, Kpi, KpiSample, Source
from kpis.services.computations import kpis_compute
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

BERLIN = ZoneInfo("Europe/Berlin")
OCTOBER = datetime.date(2026, 10, 1)
NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def no_registered_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(computed_sources, "_sources", [])


def stored(vendor: Vendor, code: str) -> list[Decimal]:
    return list(
        KpiSample.objects.filter(vendor=vendor, kpi__code=code, source=Source.COMPUTED).values_list("value", flat=True)
    )


@pytest.mark.django_db
def test_a_registered_source_is_asked_for_the_month_and_stored_per_vendor(vendor: Vendor) -> None:
    other = VendorFactory()
    calls = []

    def coverage(vendor_ids, start, end, now):
        calls.append((sorted(vendor_ids), start, end, now))
        return {vendor.pk: {"training_coverage": Decimal("87.5")}}

    computed_sources.register_computed_kpis(("training_coverage",), coverage)
    kpis_compute(month=OCTOBER, now=NOW)

    assert calls == [
        (
            sorted([vendor.pk, other.pk]),
            datetime.datetime(2026, 10, 1, tzinfo=BERLIN),
            datetime.datetime(2026, 11, 1, tzinfo=BERLIN),
            NOW,
        )
    ]
    assert stored(vendor, "training_coverage") == [Decimal("87.5")]
    assert stored(other, "training_coverage") == []


@pytest.mark.django_db
def test_recomputing_replaces_a_registered_kpi_and_drops_a_value_no_longer_computed(vendor: Vendor) -> None:
    answers = iter([{vendor.pk: {"training_overdue": Decimal(3)}}, {}])
    computed_sources.register_computed_kpis(("training_overdue",), lambda *args: next(answers))

    kpis_compute(month=OCTOBER, now=NOW)
    assert stored(vendor, "training_overdue") == [Decimal(3)]

    kpis_compute(month=OCTOBER, now=NOW)
    assert stored(vendor, "training_overdue") == []


@pytest.mark.django_db
def test_a_source_returning_a_kpi_it_did_not_register_writes_nothing(vendor: Vendor) -> None:
    computed_sources.register_computed_kpis(
        ("dr_test_compliance",), lambda *args: {vendor.pk: {"dr_test_compliance": Decimal(100), "uptime": Decimal(1)}}
    )

    with pytest.raises(ValueError, match="does not compute: \\['uptime'\\]"):
        kpis_compute(month=OCTOBER, now=NOW)
    assert not KpiSample.objects.filter(source=Source.COMPUTED).exists()


@pytest.mark.django_db
def test_a_source_returning_a_vendor_it_was_not_asked_for_is_refused(vendor: Vendor) -> None:
    computed_sources.register_computed_kpis(
        ("dr_test_compliance",), lambda *args: {vendor.pk + 1000: {"dr_test_compliance": Decimal(100)}}
    )

    with pytest.raises(ValueError, match="vendors it was not asked for"):
        kpis_compute(month=OCTOBER, now=NOW)


def test_two_sources_cannot_compute_the_same_kpi_but_one_may_register_again() -> None:
    def documents(*args):
        return {}

    computed_sources.register_computed_kpis(("compliance_documents_valid",), documents)
    computed_sources.register_computed_kpis(("compliance_documents_valid",), documents)
    assert [source.codes for source in computed_sources.computed_sources()] == [("compliance_documents_valid",)]

    with pytest.raises(ValueError, match="already computed by another source"):
        computed_sources.register_computed_kpis(("compliance_documents_valid",), lambda *args: {})


@pytest.mark.django_db
def test_the_catalogue_has_the_assurance_kpis_in_their_own_dashboard_area() -> None:
    codes = set(Kpi.objects.filter(area=Area.ASSURANCE).values_list("code", flat=True))
    assert codes == {
        "training_coverage",
        "training_overdue",
        "session_feedback",
        "vendor_sessions_delivered",
        "compliance_documents_valid",
        "dr_test_compliance",
    }
