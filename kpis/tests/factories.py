import datetime
from decimal import Decimal

from django.utils import timezone

from core.testing.registry import register_test_object
from kpis.models import Kpi, KpiRollup, KpiSample, Probe, Source
from vendors.tests.factories import ComponentFactory


@register_test_object(KpiSample)
def make_sample(*, vendor: object, user: object, marker: str) -> KpiSample:
    return KpiSample.objects.create(
        kpi=Kpi.objects.get(code="prior_availability"),
        vendor=vendor,
        measured_at=timezone.now() - datetime.timedelta(hours=1),
        value=Decimal("96.5"),
        source=Source.VENDOR,
        reporter=marker,
    )


@register_test_object(KpiRollup)
def make_rollup(*, vendor: object, user: object, marker: str) -> KpiRollup:
    return KpiRollup.objects.create(
        kpi=Kpi.objects.get(code="prior_availability"),
        vendor=vendor,
        source=Source.VENDOR,
        period="month",
        period_start=timezone.localdate().replace(day=1),
        value=Decimal("96.5"),
        samples=1,
        minimum=Decimal("96.5"),
        maximum=Decimal("96.5"),
    )


@register_test_object(Kpi)
def make_kpi(*, vendor: object, user: object, marker: str) -> Kpi:
    # The catalogue is shared by every user (a vendor reads it too): no marker in it.
    number = Kpi.objects.count()
    return Kpi.objects.create(
        code=f"test_kpi_{number}",
        name=f"Test KPI {number}",
        unit="%",
        direction="higher",
        target=Decimal(95),
        source=Source.VENDOR,
    )


@register_test_object(Probe)
def make_probe(*, vendor: object, user: object, marker: str) -> Probe:
    return Probe.objects.create(
        vendor=vendor,
        component=ComponentFactory(vendor=vendor, name=f"{marker} archive"),
        name=f"{marker} archive probe",
        ae_title="ARCHIVE",
        host="pacs.invalid",
        port=104,
        rest_username=f"{marker}-user",
        rest_password=f"{marker}-secret",
    )
