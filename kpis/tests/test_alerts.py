"""KPI alerts: raised once, escalated once, cleared on recovery, for thresholds, trends and storage."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kpis.models import KpiAlert, KpiSample, Probe
from kpis.services.alerts import alerts_refresh
from kpis.services.samples import SampleInput, samples_ingest
from notifications.event_types import EmailDelivery, EventType
from notifications.models import Notification, OutboxEmail
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def report(
    vendor: Vendor, code: str, value: str, days: int = 0, component: object = None, source: str = "probe"
) -> None:
    component_id = component.pk if component is not None else None
    samples_ingest(
        samples=[SampleInput(code, vendor.pk, days_ago(days), value, component_id)], user=None, source=source
    )


def titles(user: object) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_a_threshold_alert_is_raised_once_escalated_once_and_cleared(admin_user, staff_user, vendor: Vendor) -> None:
    archive = ComponentFactory(vendor=vendor)
    report(vendor, "retrieval_time", "2.5", component=archive)  # amber: above the 2 s warning

    assert alerts_refresh().raised == 1
    assert alerts_refresh().raised == 0  # once per condition
    alert = KpiAlert.objects.get()
    assert (alert.kind, alert.level) == ("threshold", "warning")

    KpiSample.objects.all().delete()
    report(vendor, "retrieval_time", "4.5", component=archive)  # red now
    assert alerts_refresh().escalated == 1
    alert.refresh_from_db()
    assert alert.level == "breach"
    assert "Target missed: above 3 s" in alert.message

    KpiSample.objects.all().delete()
    report(vendor, "retrieval_time", "1.0", component=archive)
    assert alerts_refresh().cleared == 1
    alert.refresh_from_db()
    assert alert.cleared_at is not None
    assert titles(admin_user) == [
        f"KPI alert: {vendor}",
        f"KPI alert, now missing its target: {vendor}",
        f"Recovered: {vendor}",
    ]
    # "KPI alert": hospital admins see it in the app and get it in the daily digest, not at
    # once; staff only if they chose to.
    assert set(Notification.objects.values_list("recipient", "event_type", "in_app", "email_delivery")) == {
        (admin_user.pk, EventType.KPI_ALERT, True, EmailDelivery.DIGEST)
    }
    assert not OutboxEmail.objects.exists()


def test_a_degrading_trend_warns(admin_user, vendor: Vendor) -> None:
    archive = ComponentFactory(vendor=vendor)
    for day in range(8, 14):
        report(vendor, "echo_latency", "20", day, archive)  # the week before: 20 ms
    for day in range(1, 7):
        report(vendor, "echo_latency", "30", day, archive)  # this week: 30 ms, +50 %

    alerts_refresh()

    alert = KpiAlert.objects.get(kind="trend")
    assert alert.message == "DICOM echo latency is up 50 % week over week."
    assert alert.level == "warning"


def test_storage_running_out_is_forecast_and_alerted(admin_user, vendor: Vendor) -> None:
    archive = ComponentFactory(vendor=vendor)
    Probe.objects.create(
        vendor=vendor,
        component=archive,
        name="Archive",
        ae_title="ARCHIVE",
        host="127.0.0.1",
        port=11112,
        storage_capacity_gb=Decimal("1000"),
    )
    for day in range(30, 0, -1):  # 10 GB a day, 700 GB yesterday: 300 GB left, about a month
        report(vendor, "storage_used", str(700 - 10 * (day - 1)), day, archive)

    alerts_refresh()

    alert = KpiAlert.objects.get(kind="headroom")
    assert alert.level == "breach"  # under the 6-month target
    assert "full in about 1.0 months" in alert.message
    headroom = KpiSample.objects.get(kpi__code="storage_headroom")
    assert headroom.value == Decimal("1.0")
