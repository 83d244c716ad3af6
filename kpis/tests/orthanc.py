"""A private, real Orthanc PACS for tests: loopback ports, storage in a temporary directory.

Orthanc (Debian package ``orthanc``) has no bind-address option, so the configuration keeps
``RemoteAccessAllowed`` off and HTTP authentication on. Only ``CALLING_AE_TITLE`` is a known
modality: every ``DicomAlwaysAllow*`` is off, so any other calling AE title is rejected at
association time, and ``DicomCheckCalledAet`` makes a wrong called AE title fail the same way.
"""

import base64
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid
from pynetdicom import AE

ORTHANC_BINARY = "Orthanc"
AE_TITLE = "PACSTEST"
CALLING_AE_TITLE = "PROBETEST"
USERNAME = "probe"
PASSWORD = "probe-secret"
SYNTHETIC_INSTANCES = 3


def orthanc_binary() -> str | None:
    """The path of the Orthanc executable, or None when the package is not installed."""
    return shutil.which(ORTHANC_BINARY) or next(
        (path for path in ("/usr/sbin/Orthanc", "/usr/bin/Orthanc") if Path(path).is_file()), None
    )


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel's choice for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    # Runs in the child before exec: if pytest is killed outright, Orthanc goes with it.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class OrthancServer:
    """One Orthanc process on fixed ports and storage; stop() and start() keep both."""

    def __init__(self, workdir: Path, binary: str) -> None:
        self.workdir = workdir
        self.binary = binary
        self.http_port = free_port()
        self.dicom_port = free_port()
        self.host = "127.0.0.1"
        self.ae_title = AE_TITLE
        self.calling_ae_title = CALLING_AE_TITLE
        self.username = USERNAME
        self.password = PASSWORD
        self.study_uid = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.config_path = workdir / "orthanc.json"
        self.log_path = workdir / "orthanc.log"
        self._write_config()

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    def _write_config(self) -> None:
        storage = self.workdir / "storage"
        storage.mkdir(parents=True, exist_ok=True)
        config = {
            "Name": "pacsvendor-test",
            "StorageDirectory": str(storage),
            "IndexDirectory": str(storage),
            "Plugins": [],
            "HttpPort": self.http_port,
            "DicomPort": self.dicom_port,
            "DicomAet": self.ae_title,
            "DicomCheckCalledAet": True,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": True,
            "RegisteredUsers": {self.username: self.password},
            "OrthancExplorerEnabled": False,
            "WebDavEnabled": False,
            "DicomAlwaysAllowEcho": False,
            "DicomAlwaysAllowStore": False,
            "DicomAlwaysAllowFind": False,
            "DicomAlwaysAllowFindWorklist": False,
            "DicomAlwaysAllowGet": False,
            "DicomAlwaysAllowMove": False,
            "DicomCheckModalityHost": False,
            # The port is only used when Orthanc calls out (C-MOVE, C-STORE SCU), which we never ask.
            "DicomModalities": {"probe": [self.calling_ae_title, "127.0.0.1", 104]},
            "SaveJobs": False,
        }
        self.config_path.write_text(json.dumps(config, indent=2))

    def start(self, timeout: float = 15.0) -> None:
        """Starts Orthanc and waits until both REST and DICOM answer."""
        if self.process is not None and self.process.poll() is None:
            return
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(  # noqa: S603 - fixed binary, our config
                [self.binary, str(self.config_path)],
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
                # DCMTK inside Orthanc keeps Nagle's algorithm on unless told otherwise, which adds
                # a ~40 ms delayed-ACK stall to every DIMSE response on loopback.
                env={**os.environ, "TCP_NODELAY": "1"},
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Orthanc exited with {self.process.returncode}; log: {self.log_path}")
            if self._http_ready() and self._dicom_port_open():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Orthanc did not answer within {timeout} s; log: {self.log_path}")

    def stop(self) -> None:
        """Terminates the process this object started (by its PID) and waits for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def rest(self, path: str) -> object:
        """GET a REST resource as JSON, with our credentials."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - our own loopback URL
            f"{self.http_url}{path}", headers={"Authorization": f"Basic {token}"}
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=2) as response:
            return json.loads(response.read())

    def _http_ready(self) -> bool:
        try:
            self.rest("/system")
        except (OSError, ValueError):
            return False
        return True

    def _dicom_port_open(self) -> bool:
        try:
            with socket.create_connection((self.host, self.dicom_port), timeout=0.5):
                return True
        except OSError:
            return False

    def store_synthetic_study(self, instances: int = SYNTHETIC_INSTANCES) -> str:
        """C-STOREs a small synthetic CT study (64x64 slices) and returns its StudyInstanceUID."""
        study_uid, series_uid, frame_uid = generate_uid(), generate_uid(), generate_uid()
        ae = AE(ae_title=self.calling_ae_title)
        ae.add_requested_context(CTImageStorage, ExplicitVRLittleEndian)
        assoc = ae.associate(self.host, self.dicom_port, ae_title=self.ae_title)
        if not assoc.is_established:
            raise RuntimeError("C-STORE association to the test Orthanc failed")
        try:
            for number in range(1, instances + 1):
                dataset = synthetic_ct_slice(study_uid, series_uid, frame_uid, number)
                status = assoc.send_c_store(dataset)
                if status.get("Status") != 0x0000:
                    raise RuntimeError(f"C-STORE of instance {number} failed: {status}")
        finally:
            assoc.release()
        self.study_uid = study_uid
        return study_uid


def synthetic_ct_slice(study_uid: str, series_uid: str, frame_uid: str, number: int) -> Dataset:
    """One CT slice with generated UIDs and a 64x64 gradient; no real patient data."""
    sop_uid = generate_uid()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = sop_uid
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.FrameOfReferenceUID = frame_uid
    ds.PatientName = "Probe^Synthetic"
    ds.PatientID = "PROBE-SYNTHETIC"
    ds.StudyDate = ds.SeriesDate = date.today().strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = "120000"
    ds.AccessionNumber = "PROBE1"
    ds.StudyID = "1"
    ds.Modality = "CT"
    ds.SeriesNumber = 1
    ds.InstanceNumber = number
    ds.ImagePositionPatient = [0.0, 0.0, float(number)]
    ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.PixelSpacing = [1.0, 1.0]
    ds.SliceThickness = 1.0
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = 64
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = 0
    ds.RescaleSlope = 1
    pixels = array("H", ((row + column) * number * 8 for row in range(64) for column in range(64)))
    ds.PixelData = pixels.tobytes()  # native order: little endian on every machine we run on
    return ds


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
