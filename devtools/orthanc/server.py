"""A private, real Orthanc PACS on loopback ports, for the tests (``kpis/tests/orthanc.py``) and
for the demo Orthanc of `make run` (``devtools.orthanc.demo``).

Orthanc (Debian package ``orthanc``) has no bind-address option, so the configuration keeps
``RemoteAccessAllowed`` off and HTTP authentication on. Only the probe's calling AE title is a
known modality: every ``DicomAlwaysAllow*`` is off, so any other calling AE title is rejected at
association time, and ``DicomCheckCalledAet`` makes a wrong called AE title fail the same way.
The demo server also checks that the calling AE connects from 127.0.0.1.

No Django here: the demo commands run without settings or a database.
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
from datetime import date
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid
from pynetdicom import AE

ORTHANC_BINARY = "Orthanc"
SYNTHETIC_INSTANCES = 3
LOOPBACK = "127.0.0.1"


def orthanc_binary() -> str | None:
    """The path of the Orthanc executable, or None when the package is not installed."""
    return shutil.which(ORTHANC_BINARY) or next(
        (path for path in ("/usr/sbin/Orthanc", "/usr/bin/Orthanc") if Path(path).is_file()), None
    )


def _die_with_parent() -> None:
    # Runs in the child before exec: if our process is killed outright, Orthanc goes with it.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class OrthancServer:
    """One Orthanc process on fixed ports and storage in ``workdir``; stop() and start() keep both.
    The tests take their ports from ``core.testing.parallel.free_port``, the demo from demo.json."""

    def __init__(
        self,
        workdir: Path,
        binary: str,
        *,
        ae_title: str,
        calling_ae_title: str,
        username: str,
        password: str,
        http_port: int,
        dicom_port: int,
        name: str = "pacsvendor",
        check_modality_host: bool = False,
    ) -> None:
        self.workdir = workdir
        self.binary = binary
        self.http_port = http_port
        self.dicom_port = dicom_port
        self.host = LOOPBACK
        self.ae_title = ae_title
        self.calling_ae_title = calling_ae_title
        self.username = username
        self.password = password
        self.name = name
        self.check_modality_host = check_modality_host
        self.study_uid = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.config_path = workdir / "orthanc.json"
        self.log_path = workdir / "orthanc.log"
        self._write_config()

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _write_config(self) -> None:
        storage = self.workdir / "storage"
        storage.mkdir(parents=True, exist_ok=True)
        config = {
            "Name": self.name,
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
            "DicomCheckModalityHost": self.check_modality_host,
            # The port is only used when Orthanc calls out (C-MOVE, C-STORE SCU), which we never ask.
            "DicomModalities": {"probe": [self.calling_ae_title, LOOPBACK, 104]},
            "SaveJobs": False,
        }
        self.config_path.write_text(json.dumps(config, indent=2))
        self.config_path.chmod(0o600)  # it holds the REST password

    def start(self, timeout: float = 15.0) -> None:
        """Starts Orthanc and waits until both REST and DICOM answer."""
        if self.running:
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
                code = self.process.returncode
                self.process = None
                raise RuntimeError(f"Orthanc exited with {code}; log: {self.log_path}")
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

    def rest(self, path: str, body: bytes | None = None) -> object:
        """GET (or POST ``body`` to) a REST resource, with our credentials; the answer as JSON."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - our own loopback URL
            f"{self.http_url}{path}", data=body, headers={"Authorization": f"Basic {token}"}
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
        return port_open(self.host, self.dicom_port)

    def has_study(self, study_uid: str) -> bool:
        """Whether a study with this StudyInstanceUID is stored."""
        found = self.rest("/tools/lookup", study_uid.encode())
        return any(item.get("Type") == "Study" for item in found)

    def store_synthetic_study(self, instances: int = SYNTHETIC_INSTANCES, study_uid: str | None = None) -> str:
        """C-STOREs a small synthetic CT study (64x64 slices), under ``study_uid`` or a new UID,
        and returns its StudyInstanceUID."""
        study_uid = study_uid or generate_uid()
        series_uid, frame_uid = generate_uid(), generate_uid()
        ae = AE(ae_title=self.calling_ae_title)
        ae.add_requested_context(CTImageStorage, ExplicitVRLittleEndian)
        assoc = ae.associate(self.host, self.dicom_port, ae_title=self.ae_title)
        if not assoc.is_established:
            raise RuntimeError(f"C-STORE association to Orthanc on port {self.dicom_port} failed")
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


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


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
