"""What every process pays at start-up: Django's setup and the URLconf (which every management
command's checks, web worker and Celery worker load) must not import the heavy libraries that
only a few requests or tasks need. ``make bench ARGS="--only startup"`` measures the time."""

import json
import subprocess
import sys

from django.conf import settings

# Imported where they are used: DICOM probes, PDF rendering, charts, calendar feeds, holidays,
# the API schema generator, and the Redis client (the cache and the broker connect on first
# use). (``@extend_schema`` on the API views loads drf-spectacular's AutoSchema, and with it
# ``django.test``: that part of the library cannot be deferred.)
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

PROBE = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(sys.modules)))
"""


def test_start_up_and_the_urlconf_leave_heavy_libraries_unloaded() -> None:
    result = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "slas.views.maintenance" in loaded  # the URLconf was really loaded
    assert [name for name in HEAVY if name in loaded] == []
