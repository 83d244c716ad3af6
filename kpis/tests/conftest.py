"""Fixtures of the kpis tests: one real Orthanc for the whole session (see orthanc.py)."""

from collections.abc import Iterator

import pytest

from kpis.tests.orthanc import OrthancServer, orthanc_binary, running_orthanc


@pytest.fixture(scope="session")
def orthanc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OrthancServer]:
    """A private Orthanc on free loopback ports holding one synthetic CT study.

    Tests that stop it must start it again (``OrthancServer.start`` keeps ports and storage).
    """
    if orthanc_binary() is None:
        pytest.skip("Orthanc is not installed: `make setup` (or apt-get install orthanc) provides it")
    with running_orthanc(tmp_path_factory.mktemp("orthanc")) as server:
        yield server
