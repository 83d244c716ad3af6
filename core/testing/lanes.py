"""The fast lane (``make test-fast``) leaves out tests that start a browser, Orthanc or a whole
``make run``. Which tests those are follows from the fixtures they use, so no one has to remember
a marker: this plugin (loaded by the root ``conftest.py``) marks them at collection.

- ``browser``: a test that uses a Playwright fixture (``page``, ``context``, ``new_context``,
  ``browser``), directly or through ours (``login``);
- ``orthanc``: a test that uses a real Orthanc (``orthanc``, or ``orthanc_executable`` for a test
  that starts one its own way);
- ``slow``: marked by hand (``make run`` in a copy of the checkout, see pytest.ini).
"""

from collections.abc import Iterable

import pytest

FIXTURE_MARKERS = {
    "page": "browser",
    "context": "browser",
    "new_context": "browser",
    "browser": "browser",
    "orthanc": "orthanc",
    "orthanc_executable": "orthanc",
}
# What `make test-fast` deselects (scripts/test.sh passes the same expression to pytest -m).
FAST_LANE = "not browser and not slow and not orthanc"


def lane_markers(fixture_names: Iterable[str]) -> set[str]:
    """The markers of a test that uses these fixtures (pytest lists the fixtures a test needs
    through others too: ``login`` brings ``page``)."""
    return {FIXTURE_MARKERS[name] for name in fixture_names if name in FIXTURE_MARKERS}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Before ``-m`` selects (tryfirst): mark each test by the fixtures it needs."""
    for item in items:
        present = {mark.name for mark in item.iter_markers()}
        for marker in sorted(lane_markers(getattr(item, "fixturenames", ())) - present):
            item.add_marker(marker)
