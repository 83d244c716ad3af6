"""Operations benchmark: components over their life at the issue's size: 5,000 components with
ten years of version history (40 changes each: 200,000 rows) and eight security bulletins each
(``bench_data --vendors 1000 --components 5000 --lifecycles 5000``).

Measured: the lifecycle overview (its first page, and filtered to the components past end of
support), one component's lifecycle page with its whole history, and the lifecycle API's first
page. Query counts are taken at a small size first (50 lifecycles), then at the full size: they
must be the same."""

import io

from django.core.management import call_command
from django.db import connection
from django.test import Client

from bench.tickets import timed
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange

GOAL = "p95 < 200 ms, queries flat"
SMALL = 50


def _paths() -> list[tuple[str, str, str]]:
    component_id = ComponentLifecycle.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        ("lifecycle overview page", "/operations/lifecycle/?sort=vendor", GOAL),
        ("lifecycle overview, past end of support", "/operations/lifecycle/?flag=past_end_of_support", GOAL),
        ("one component's lifecycle page (40 versions)", f"/operations/lifecycle/{component_id}/", GOAL),
        ("component lifecycles API, first page", "/api/v1/component-lifecycles/", "-"),
    ]


def _ok(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)


def rows(client: Client, args: object, *, lifecycles: int = 5000) -> tuple[list[tuple[str, str, str]], str]:
    """(measure, figure, goal) rows and the caption that describes the data."""
    from bench.run import count_queries

    call_command("bench_data", vendors=1000, components=lifecycles, lifecycles=SMALL, stdout=io.StringIO())
    for _, path, _ in _paths():
        _ok(client, path)  # the session and caches as a second visit finds them
    small = {path: count_queries(client, path) for _, path, _ in _paths()}
    call_command("bench_data", vendors=1000, components=lifecycles, lifecycles=lifecycles, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE operations_componentlifecycle, operations_versionchange, operations_securitybulletin")
    result = []
    requests = min(getattr(args, "requests", 100), 100)
    for label, path, goal in _paths():
        _ok(client, path)
        full = count_queries(client, path)
        p50, p95 = timed(lambda path=path: _ok(client, path), requests)
        flat = "" if full == small.get(path, full) else f" NOT FLAT ({small[path]} at {SMALL})"
        result.append((f"{label}: `{path}`", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {full} queries{flat}", goal))
        print(f"{label:<50} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {full} queries{flat}")
    caption = (
        f"Operations (components over their life): {ComponentLifecycle.objects.count():,} lifecycles, "
        f"{VersionChange.objects.count():,} version changes, {SecurityBulletin.objects.count():,} bulletins; "
        f"query counts checked against {SMALL} lifecycles. {requests} requests in process through the full "
        "Django stack."
    )
    return result, caption
