"""What every process pays at start-up: Django's setup and the system checks (which every
management command runs, and which load the whole URLconf) must not import what only some
requests or tasks need: the views with their forms, tables and serializers (URLconfs name them
by dotted path: ``core.views.lazy``, ``core.api.routers``) and the heavy libraries.
``make bench ARGS="--only startup"`` measures the time."""

import json
import subprocess
import sys

from django.conf import settings
from django.core.checks import Tags, run_checks

from core.api.routers import RouterResolver
from core.testing.routes import iter_routes, load_every_view
from core.views.lazy import LazyView

# Imported where they are used: DICOM probes, PDF rendering, charts, calendar feeds, holidays,
# the API schema generator, and the Redis client (the cache and the broker connect on first use).
# (Celery is loaded: django-celery-beat's models import its schedules.)
HEAVY = [
    "pydicom",
    "pynetdicom",
    "numpy",
    "matplotlib",
    "weasyprint",
    "icalendar",
    "holidays",
    "drf_spectacular.generators",
    "redis",
]
# Our apps' modules that only requests need (``core``, the skeleton they are built on, aside; the
# sign-in pages' forms are named in the URLconf and the admin).
REQUEST_ONLY = (".views", ".api.views", ".api.serializers", ".forms", ".tables", ".filters")
NEEDED_AT_START = {"accounts.forms"}

PROBE = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")
django.setup()
from django.core.checks import run_checks
from django.urls import get_resolver
run_checks()
print(json.dumps({"modules": sorted(sys.modules), "patterns": len(get_resolver().url_patterns)}))
"""


def test_start_up_and_the_checks_leave_views_celery_and_heavy_libraries_unloaded() -> None:
    result = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout.splitlines()[-1])
    loaded = set(found["modules"])
    assert found["patterns"] > 10  # the URLconf was really loaded
    assert "tickets.urls" in loaded
    assert [name for name in HEAVY if name in loaded] == []
    apps = {path.parent.name for path in settings.BASE_DIR.glob("*/apps.py")}
    ours = [name for name in loaded - NEEDED_AT_START if name.split(".")[0] in apps - {"core", "devtools"}]
    assert [name for name in ours if any(part in name for part in REQUEST_ONLY)] == []


def test_every_named_view_and_router_loads_and_passes_the_url_checks() -> None:
    patterns = load_every_view()

    routers = [pattern for pattern in _resolvers(patterns) if isinstance(pattern, RouterResolver)]
    assert len(routers) >= 10  # one per app with API viewsets
    assert all(router.is_built for router in routers)
    lazy = [route for route in iter_routes() if isinstance(route.callback, LazyView)]
    assert len(lazy) > 300  # the HTML pages, portal pages and plain API views
    assert run_checks(tags=[Tags.urls]) == []


def test_a_lazy_view_shows_the_real_views_marks() -> None:
    routes = {route.name: route for route in iter_routes()}
    token = routes["api:api-token"].callback  # a DRF view: exempt from CSRF, answers vendor users
    assert isinstance(token, LazyView)
    assert token.csrf_exempt is True
    assert routes["tickets:ticket_list"].view_class.__name__ == "TicketListView"
    assert routes["api:ticket-list"].is_api_viewset


def _resolvers(patterns: list) -> list:
    found = []
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            found.append(pattern)
            found.extend(_resolvers(pattern.url_patterns))
    return found
