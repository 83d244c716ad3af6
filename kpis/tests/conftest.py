"""Fixtures of the kpis tests: one real Orthanc for the whole session (see orthanc.py)."""

from collections.abc import Iterator

import pytest

from kpis.catalogue import catalogue_ensure
from kpis.models import Kpi
from kpis.tests.orthanc import OrthancServer, running_orthanc


@pytest.fixture(scope="session")
def orthanc(orthanc_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OrthancServer]:
    """A private Orthanc on free loopback ports holding one synthetic CT study.

    Tests that stop it must start it again (``OrthancServer.start`` keeps ports and storage).
    """
    with running_orthanc(tmp_path_factory.mktemp("orthanc"), orthanc_executable) as server:
        yield server


@pytest.fixture(autouse=True)
def _kpi_catalogue(request: pytest.FixtureRequest) -> None:
    """Tests on a transactional database start from an emptied one (the catalogue the data
    migration seeded is gone): put the catalogue back for them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    catalogue_ensure(Kpi)
