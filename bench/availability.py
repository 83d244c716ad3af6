"""Availability benchmarks: uptime of one vendor-month with 50 components and ten years of
incident history, and the 12-month availability page and API."""

import datetime

from django.test import Client
from django.utils import timezone

from bench.data.slas import bench_vendor
from bench.tickets import timed
from core.months import previous_months
from slas.selectors import availability


def _last_month() -> datetime.date:
    return previous_months(timezone.localdate(), 2)[0]


def uptime_month(runs: int = 100, *, component: bool = False) -> tuple[float, float]:
    """p50/p95 ms of one vendor-month's uptime, budget and credit (whole vendor or one component)."""
    vendor = bench_vendor()
    component_id = vendor.components.order_by("pk").values_list("pk", flat=True)[0] if component else None
    month = _last_month()
    return timed(lambda: availability.month_availability(vendor.pk, month, component_id=component_id), runs)


def rows(client: Client, requests: int) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows for the availability benchmark."""
    from bench.run import count_queries
    from slas.models import Incident

    vendor = bench_vendor()
    incidents = Incident.objects.filter(vendor=vendor).count()
    components = vendor.components.count()
    result = []
    p50, p95 = uptime_month()
    result.append(
        (
            f"uptime of one vendor-month ({components} components, {incidents:,} incidents)",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
            "< 100 ms",
        )
    )
    p50, p95 = uptime_month(component=True)
    result.append(("uptime of one component-month", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", "-"))
    month = f"{_last_month():%Y-%m}"
    for label, path, goal in (
        ("12-month availability page", f"/sla/availability/{vendor.pk}/?month={month}", "p95 < 200 ms"),
        ("availability overview page", f"/sla/availability/?month={month}", "-"),
        ("availability API, one month", f"/api/v1/vendors/{vendor.pk}/availability/?month={month}", "-"),
    ):
        p50, p95 = timed(lambda path=path: _ok(client, path), requests)
        result.append((label, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {count_queries(client, path)} queries", goal))
    return result


def _ok(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
