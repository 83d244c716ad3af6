"""The KPI catalogue, sample ingest (all or nothing, vendor rules) and roll-ups per period."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from kpis.catalogue import CATALOGUE
from kpis.models import Kpi, KpiRollup, KpiSample, Source
from kpis.services.samples import SampleInput, SamplesInvalid, samples_ingest
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int = 12, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=BERLIN)


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def rollup(code: str, vendor: Vendor, period: str, start: datetime.date, component: object = None) -> KpiRollup:
    return KpiRollup.objects.get(kpi__code=code, vendor=vendor, period=period, period_start=start, component=component)


@pytest.mark.django_db
def test_the_catalogue_is_seeded_with_stable_codes() -> None:
    codes = set(Kpi.objects.values_list("code", flat=True))
    assert {entry.code for entry in CATALOGUE} <= codes
    uptime = Kpi.objects.get(code="uptime")
    assert (uptime.unit, uptime.direction, uptime.target) == ("%", "higher", Decimal("99.9000"))


@pytest.mark.django_db
def test_probe_samples_roll_up_per_component_and_for_the_vendor(admin_user, vendor: Vendor, archive) -> None:
    viewer = ComponentFactory(vendor=vendor, name="Viewer")
    values = [Decimal(v) for v in ("1.0", "2.0", "3.0", "4.0", "10.0")]
    rows = [
        SampleInput("retrieval_time", vendor.pk, at(5, hour), value, archive.pk) for hour, value in enumerate(values)
    ]
    rows.append(SampleInput("retrieval_time", vendor.pk, at(5, 20), "5.0", viewer.pk))

    result = samples_ingest(samples=rows, user=None, source=Source.PROBE, reporter="probe Archive")

    assert result.created == 6
    day = datetime.date(2026, 10, 5)
    archive_day = rollup("retrieval_time", vendor, "day", day, archive)
    # p90 of 1, 2, 3, 4, 10 with linear interpolation: 4 + 0.6 * (10 - 4) = 7.6
    assert archive_day.value == Decimal("7.6000")
    assert (archive_day.samples, archive_day.minimum, archive_day.maximum) == (5, Decimal("1"), Decimal("10"))
    # The vendor as a whole: p90 of 1, 2, 3, 4, 5, 10 = 5 + 0.5 * 5 = 7.5
    assert rollup("retrieval_time", vendor, "day", day).value == Decimal("7.5000")
    assert rollup("retrieval_time", vendor, "month", datetime.date(2026, 10, 1)).samples == 6
    assert rollup("retrieval_time", vendor, "week", datetime.date(2026, 10, 5)).samples == 6  # a Monday
    assert KpiSample.objects.filter(source=Source.PROBE, reporter="probe Archive").count() == 6


@pytest.mark.django_db
def test_each_aggregation(admin_user, vendor: Vendor, archive) -> None:
    samples = [
        SampleInput("prior_availability", vendor.pk, at(1), "90"),  # mean
        SampleInput("prior_availability", vendor.pk, at(2), "96"),
        SampleInput("failed_transfers", vendor.pk, at(1, 9), "2"),  # sum per day
        SampleInput("failed_transfers", vendor.pk, at(1, 17), "3"),
        SampleInput("report_turnaround", vendor.pk, at(3), "4"),  # median
        SampleInput("report_turnaround", vendor.pk, at(4), "9"),
        SampleInput("report_turnaround", vendor.pk, at(5), "30"),
        SampleInput("storage_used", vendor.pk, at(6, 8), "700", archive.pk),  # last
        SampleInput("storage_used", vendor.pk, at(6, 20), "710", archive.pk),
        SampleInput("probe_success", vendor.pk, at(7, 1), "1", archive.pk),  # rate
        SampleInput("probe_success", vendor.pk, at(7, 2), "1", archive.pk),
        SampleInput("probe_success", vendor.pk, at(7, 3), "1", archive.pk),
        SampleInput("probe_success", vendor.pk, at(7, 4), "0", archive.pk),
    ]
    samples_ingest(samples=samples, user=admin_user)

    month = datetime.date(2026, 10, 1)
    assert rollup("prior_availability", vendor, "month", month).value == Decimal("93")
    assert rollup("failed_transfers", vendor, "day", datetime.date(2026, 10, 1)).value == Decimal("5")
    assert rollup("report_turnaround", vendor, "month", month).value == Decimal("9")
    assert rollup("storage_used", vendor, "day", datetime.date(2026, 10, 6), archive).value == Decimal("710")
    assert rollup("probe_success", vendor, "day", datetime.date(2026, 10, 7), archive).value == Decimal("75")


@pytest.mark.django_db
def test_hospital_users_enter_by_hand_and_vendors_report_as_the_vendor(staff_user, vendor_user, vendor: Vendor) -> None:
    samples_ingest(samples=[SampleInput("report_turnaround", vendor.pk, at(3), "6")], user=staff_user)
    samples_ingest(samples=[SampleInput("prior_availability", vendor.pk, at(3), "97")], user=vendor_user)

    assert KpiSample.objects.get(kpi__code="report_turnaround").source == Source.MANUAL
    sample = KpiSample.objects.get(kpi__code="prior_availability")
    assert (sample.source, sample.reported_by) == (Source.VENDOR, vendor_user)
    # Measured and vendor-reported values of one KPI roll up side by side.
    samples_ingest(samples=[SampleInput("prior_availability", vendor.pk, at(4), "91")], user=staff_user)
    by_source = dict(
        KpiRollup.objects.filter(kpi__code="prior_availability", period="month").values_list("source", "value")
    )
    assert by_source == {Source.VENDOR: Decimal("97"), Source.MANUAL: Decimal("91")}


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_batch_and_names_every_problem(
    vendor_user, vendor: Vendor, other_vendor: Vendor, archive
) -> None:
    foreign = ComponentFactory(vendor=other_vendor)
    rows = [
        SampleInput("prior_availability", vendor.pk, at(1), "96"),  # fine
        SampleInput("no_such_kpi", vendor.pk, at(1), "1"),
        SampleInput("retrieval_time", vendor.pk, at(1), "2", archive.pk),  # measured by the hospital
        SampleInput("prior_availability", other_vendor.pk, at(1), "96"),  # another company
        SampleInput("prior_availability", vendor.pk, at(1), "96", foreign.pk),
        SampleInput("prior_availability", vendor.pk, datetime.datetime(2999, 1, 1, tzinfo=BERLIN), "96"),
        SampleInput("prior_availability", vendor.pk, at(1), "lots"),
        SampleInput("prior_availability", vendor.pk, at(1), float("nan")),
    ]

    with pytest.raises(SamplesInvalid) as caught:
        samples_ingest(samples=rows, user=vendor_user)

    problems = caught.value.rows
    assert caught.value.message_dict["samples"][0].startswith("Item 1: No active KPI")
    assert sorted(problems) == [1, 2, 3, 4, 5, 6, 7]
    assert "No active KPI" in problems[1][0]
    assert "vendor-reported" in problems[2][0]
    assert "own company" in problems[3][0]
    assert "not one of this vendor's components" in problems[4][0]
    assert "future" in problems[5][0]
    assert "not a number" in problems[6][0]
    assert "finite" in problems[7][0]
    assert not KpiSample.objects.exists()
    assert not KpiRollup.objects.exists()


@pytest.mark.django_db
def test_component_kpis_need_their_component(admin_user, vendor: Vendor) -> None:
    with pytest.raises(ValidationError, match="per component"):
        samples_ingest(samples=[SampleInput("retrieval_time", vendor.pk, at(1), "2")], user=admin_user)


@pytest.mark.django_db
def test_a_later_batch_recomputes_whole_periods_including_a_week_across_months(admin_user, vendor: Vendor) -> None:
    # Monday 2026-09-28 to Sunday 2026-10-04 is one week across two months.
    samples_ingest(samples=[SampleInput("prior_availability", vendor.pk, at(29, month=9), "90")], user=admin_user)
    samples_ingest(samples=[SampleInput("prior_availability", vendor.pk, at(2), "100")], user=admin_user)

    week = rollup("prior_availability", vendor, "week", datetime.date(2026, 9, 28))
    assert (week.samples, week.value) == (2, Decimal("95"))
    assert rollup("prior_availability", vendor, "month", datetime.date(2026, 9, 1)).value == Decimal("90")
    assert rollup("prior_availability", vendor, "month", datetime.date(2026, 10, 1)).value == Decimal("100")


@pytest.mark.django_db
def test_days_are_the_hospitals_days(admin_user, vendor: Vendor) -> None:
    # 23:30 in Berlin on Oct 1 is 21:30 UTC: it belongs to Oct 1 there.
    samples_ingest(
        samples=[
            SampleInput("failed_transfers", vendor.pk, datetime.datetime(2026, 10, 1, 23, 30, tzinfo=BERLIN), "1")
        ],
        user=admin_user,
    )
    assert rollup("failed_transfers", vendor, "day", datetime.date(2026, 10, 1)).value == Decimal("1")
