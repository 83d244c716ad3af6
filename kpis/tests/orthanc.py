"""A private, real Orthanc PACS for tests: free loopback ports, storage in a temporary directory,
one synthetic study. The server itself lives in devtools/orthanc/server.py, shared with the demo Orthanc of
`make run`."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.testing.parallel import free_port
from devtools.orthanc import server as orthanc
from devtools.orthanc.server import SYNTHETIC_INSTANCES, synthetic_ct_slice

__all__ = [
    "AE_TITLE",
    "CALLING_AE_TITLE",
    "PASSWORD",
    "SYNTHETIC_INSTANCES",
    "USERNAME",
    "OrthancServer",
    "running_orthanc",
    "synthetic_ct_slice",
]

AE_TITLE = "PACSTEST"
CALLING_AE_TITLE = "PROBETEST"
USERNAME = "probe"
PASSWORD = "probe-secret"


class OrthancServer(orthanc.OrthancServer):
    """The tests' Orthanc: their AE titles and credentials, ports reserved at creation
    (``free_port``: no other test process on the machine gets them)."""

    def __init__(self, workdir: Path, binary: str) -> None:
        super().__init__(
            workdir,
            binary,
            ae_title=AE_TITLE,
            calling_ae_title=CALLING_AE_TITLE,
            username=USERNAME,
            password=PASSWORD,
            http_port=free_port(),
            dicom_port=free_port(),
            name="pacsvendor-test",
        )


@contextmanager
def running_orthanc(workdir: Path, binary: str) -> Iterator[OrthancServer]:
    """A started Orthanc holding one synthetic study; stopped on exit whatever happens."""
    server = OrthancServer(workdir, binary)
    try:
        server.start()
        server.store_synthetic_study()
        yield server
    finally:
        server.stop()
