"""KPI benchmarks: bulk sample ingest through ``POST /api/v1/kpi-samples/``.

A monitoring system pushes probe measurements of 20 components (echo, query, retrieval times and
probe success) in requests of 20,000 samples, one day of a month after another, with a hospital
admin's token. Each request is stored and its roll-ups refreshed before it answers; the month's
roll-ups are recomputed from all of its samples so far, so later requests of the month cost more.
The bench vendor's samples are deleted first: every run starts from an empty month.
"""

import datetime
import json
import random
import time

from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from kpis.models import KpiRollup, KpiSample
from vendors.models import Component, Vendor

VENDOR = "Bench KPI ingest vendor"
COMPONENTS = 20
CODES = ("echo_latency", "query_latency", "retrieval_time", "probe_success")
URL = "/api/v1/kpi-samples/"


def _vendor() -> tuple[Vendor, list[int]]:
    vendor, _ = Vendor.objects.get_or_create(name=VENDOR, defaults={"kind": Vendor.Kind.PACS})
    have = vendor.components.count()
    for number in range(have, COMPONENTS):
        Component.objects.create(vendor=vendor, name=f"Bench archive {number + 1}", kind=Component.Kind.ARCHIVE)
    return vendor, list(vendor.components.order_by("pk").values_list("pk", flat=True)[:COMPONENTS])


def _clear(vendor: Vendor) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {KpiRollup._meta.db_table} WHERE vendor_id = %s", [vendor.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {KpiSample._meta.db_table} WHERE vendor_id = %s", [vendor.pk])  # noqa: S608
        cursor.execute(f"VACUUM ANALYZE {KpiSample._meta.db_table}")


def _body(vendor_id: int, components: list[int], day: datetime.datetime, count: int, rng: random.Random) -> bytes:
    """``count`` samples spread over one day, as a monitoring system would send them."""
    step = 86400 / count
    items = []
    for n in range(count):
        code = CODES[n % len(CODES)]
        value = rng.choice((1, 1, 1, 1, 0)) if code == "probe_success" else round(rng.uniform(0.05, 4000), 3)
        items.append(
            {
                "kpi": code,
                "vendor": vendor_id,
                "component": components[n % len(components)],
                "measured_at": (day + datetime.timedelta(seconds=n * step)).isoformat(timespec="seconds"),
                "value": value,
            }
        )
    return json.dumps(items).encode()


def ingest_rate(user: User, *, batch: int = 20_000, requests: int = 5) -> tuple[float, list[float], int]:
    """Samples per second over ``requests`` requests of ``batch`` samples (request bodies are
    encoded beforehand: the client's JSON encoding is not the server's time), each request's
    milliseconds, and the samples other vendors already had."""
    vendor, components = _vendor()
    _clear(vendor)
    stored = KpiSample.objects.count()
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    first_of_last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(first_of_last_month, datetime.time.min))
    rng = random.Random(5)
    bodies = [_body(vendor.pk, components, start + datetime.timedelta(days=n), batch, rng) for n in range(requests)]
    durations = []
    for body in bodies:
        began = time.perf_counter()
        response = client.post(URL, body, content_type="application/json")
        durations.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 201, response.content[:500]
    return batch * requests / (sum(durations) / 1000), durations, stored


def rows(client: Client, requests: int = 5) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows for the KPI benchmark."""
    user = User.objects.get(username="bench-admin")
    rate, durations, stored = ingest_rate(user, requests=requests)
    each = ", ".join(f"{ms:,.0f}" for ms in durations)
    return [
        (
            f"sample ingest through the API, {requests} x 20,000 samples into one month "
            f"({stored:,} other samples stored)",
            f"{rate:,.0f} samples/s (ms per request: {each})",
            ">= 20,000 /s",
        )
    ]
