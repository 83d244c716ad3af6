"""Probes (our own measurements of a vendor's systems: a PACS over DICOM and Orthanc's REST API,
an HL7 v2 interface over MLLP, a DICOMweb or FHIR service) and their runs."""

from typing import ClassVar

from django.db import models

from core import limits
from core.models import VendorOwnedModel

# The business ranges of a probe's settings.
PORT = limits.Range(1, 65535)
INTERVAL_MINUTES = limits.Range(1, 1440)
TIMEOUT_SECONDS = limits.Range(1, 300)
FAILURE_THRESHOLD = limits.Range(1, 100)
STORAGE_CAPACITY_GB = limits.Range(0, 100_000_000)  # 100 PB


class Probe(VendorOwnedModel):
    """An endpoint of a vendor's component that we measure ourselves. A DICOM probe: C-ECHO, a
    study-level C-FIND, a C-GET of a test study and, for Orthanc, its ``/statistics``. An HL7 v2
    probe: a test message over MLLP and its acknowledgement. A TCP or TLS probe: the connection
    (and the handshake, and the certificate's expiry). A DICOMweb probe: a QIDO-RS study search
    and WADO-RS metadata of the test study at ``base_url``. A FHIR probe: the CapabilityStatement
    at ``base_url`` and optionally a search (``fhir_search``). ``failure_threshold`` consecutive
    failed runs open an incident (detected by monitoring); recovery closes it."""

    class Kind(models.TextChoices):
        DICOM = "dicom", "DICOM"
        HL7_MLLP = "hl7_mllp", "HL7 v2 over MLLP"
        TCP = "tcp", "TCP reachability"
        TLS = "tls", "TLS (with the certificate's expiry)"
        DICOMWEB = "dicomweb", "DICOMweb (QIDO-RS, WADO-RS)"
        FHIR = "fhir", "FHIR (CapabilityStatement, search)"

    class HttpAuth(models.TextChoices):
        NONE = "none", "None"
        BASIC = "basic", "Basic (user name and password)"
        BEARER = "bearer", "Bearer token (in the password field)"

    class Hl7MessageType(models.TextChoices):
        ADT_A08 = "ADT^A08", "ADT^A08 (update patient information)"
        ORM_O01 = "ORM^O01", "ORM^O01 (order)"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="probes")
    component = models.ForeignKey("vendors.Component", on_delete=models.PROTECT, related_name="probes")
    interface = models.ForeignKey(
        "vendors.Interface",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="probes",
        help_text="The interface this probe watches, if it watches one.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DICOM)
    name = models.CharField(max_length=120)
    ae_title = models.CharField("called AE title", max_length=16, blank=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(validators=limits.value_range(PORT))
    calling_ae_title = models.CharField("our AE title", max_length=16, default="PACSVENDORDESK")
    test_study_uid = models.CharField(
        "test study UID", max_length=64, blank=True, help_text="A small study kept for timing retrieval."
    )
    hl7_message_type = models.CharField(
        "HL7 test message", max_length=7, choices=Hl7MessageType.choices, default=Hl7MessageType.ADT_A08
    )
    hl7_sending_application = models.CharField("our application (MSH-3)", max_length=180, default="PACSVENDORDESK")
    hl7_receiving_application = models.CharField("receiving application (MSH-5)", max_length=180, blank=True)
    hl7_receiving_facility = models.CharField("receiving facility (MSH-6)", max_length=180, blank=True)
    test_patient_id = models.CharField(
        "test patient ID",
        max_length=64,
        blank=True,
        help_text="The patient the HL7 test message is about: a test patient the receiving system keeps.",
    )
    base_url = models.URLField(
        "base URL",
        max_length=500,
        blank=True,
        help_text="DICOMweb probes: the root of QIDO-RS and WADO-RS, e.g. https://pacs.example/dicom-web. "
        "FHIR probes: the server's base, e.g. https://ehr.example/fhir.",
    )
    fhir_search = models.CharField(
        "FHIR search",
        max_length=500,
        blank=True,
        help_text="FHIR probes, optional: a search run and timed after the CapabilityStatement, "
        "e.g. ImagingStudy?patient=PVD-TEST-0001.",
    )
    http_auth = models.CharField(
        "HTTP sign-in",
        max_length=6,
        choices=HttpAuth.choices,
        default=HttpAuth.NONE,
        help_text="How an HTTP probe signs in: the user name and password below, or the password as a bearer token.",
    )
    rest_url = models.URLField("REST base URL", blank=True, help_text="Orthanc-style statistics, e.g. http://pacs:8042")
    rest_username = models.CharField(max_length=120, blank=True)
    rest_password = models.CharField(max_length=255, blank=True)
    interval_minutes = models.PositiveSmallIntegerField(default=5, validators=limits.value_range(INTERVAL_MINUTES))
    timeout_seconds = models.PositiveSmallIntegerField(default=10, validators=limits.value_range(TIMEOUT_SECONDS))
    failure_threshold = models.PositiveSmallIntegerField(
        "failures before an incident", default=3, validators=limits.value_range(FAILURE_THRESHOLD)
    )
    storage_capacity_gb = models.DecimalField(
        "storage capacity (GB)",
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=limits.value_range(STORAGE_CAPACITY_GB),
        help_text="For the headroom forecast: months until the storage is full at the current growth.",
    )
    active = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    open_incident = models.ForeignKey(
        "slas.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The incident this probe opened and will close when the endpoint answers again.",
    )

    class Meta:
        ordering = ["vendor__name", "name"]
        constraints = [
            limits.range_check("port", PORT, label="The port"),
            limits.range_check("interval_minutes", INTERVAL_MINUTES, label="The interval"),
            limits.range_check("timeout_seconds", TIMEOUT_SECONDS, label="The timeout"),
            limits.range_check("failure_threshold", FAILURE_THRESHOLD, label="Failures before an incident"),
            limits.range_check("storage_capacity_gb", STORAGE_CAPACITY_GB, label="The storage capacity"),
        ]

    def __str__(self) -> str:
        return self.name


# What people configure on a probe: the form and the API both take these (the REST password is
# handled apart, write-only).
PROBE_INPUT_FIELDS = [
    "name",
    "kind",
    "vendor",
    "component",
    "interface",
    "ae_title",
    "host",
    "port",
    "calling_ae_title",
    "test_study_uid",
    "hl7_message_type",
    "hl7_sending_application",
    "hl7_receiving_application",
    "hl7_receiving_facility",
    "test_patient_id",
    "base_url",
    "http_auth",
    "fhir_search",
    "rest_url",
    "rest_username",
    "interval_minutes",
    "timeout_seconds",
    "failure_threshold",
    "storage_capacity_gb",
    "active",
]


class ProbeRun(VendorOwnedModel):
    """One run of a probe: each check's outcome, time and reason, kept as measured."""

    vendor_lookup: ClassVar[str] = "probe__vendor"

    probe = models.ForeignKey(Probe, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    reachable = models.BooleanField()
    ok = models.BooleanField(help_text="Every check succeeded.")
    results = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["probe", "-started_at"], name="kpis_probe_run_latest")]

    def __str__(self) -> str:
        return f"{self.probe} at {self.started_at:%Y-%m-%d %H:%M}"
