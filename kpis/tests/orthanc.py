"""A private, real Orthanc PACS for tests: free loopback ports, storage in a temporary directory,
one synthetic study. The server itself lives in devtools/orthanc/server.py, shared with the demo Orthanc of
`make run`."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devtools.orthanc import server as orthanc
from devtools.orthanc.server import ORTHANC_BINARY, SYNTHETIC_INSTANCES, free_port, orthanc_binary, synthetic_ct_slice

__all__ = [
    "AE_TITLE",
    "CALLING_AE_TITLE",
    "ORTHANC_BINARY",
    "PASSWORD",
    "SYNTHETIC_INSTANCES",
    "USERNAME",
    "OrthancServer",
    "free_port",
    "orthanc_binary",
    "running_orthanc",
    "synthetic_ct_slice",
]

AE_TITLE = "PACSTEST"
CALLING_AE_TITLE = "PROBETEST"
USERNAME = "probe"
PASSWORD = "probe-secret"


class OrthancServer(orthanc.OrthancServer):
    """The tests' Orthanc: their AE titles and credentials, ports chosen free at creation."""

    def __init__(self, workdir: Path, binary: str) -> None:
        super().__init__(
            workdir,
            binary,
            ae_title=AE_TITLE,
            calling_ae_title=CALLING_AE_TITLE,
            username=USERNAME,
            password=PASSWORD,
            name="pacsvendor-test",
        )


@contextmanager
def running_orthanc(workdir: Path) -> Iterator[OrthancServer]:
    """A started Orthanc holding one synthetic study; stopped on exit whatever happens."""
    binary = orthanc_binary()
    if binary is None:
        raise RuntimeError("Orthanc is not installed (apt-get install orthanc)")
    server = OrthancServer(workdir, binary)
    try:
        server.start()
        server.store_synthetic_study()
        yield server
    finally:
        server.stop()
