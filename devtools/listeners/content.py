"""What the demo DICOMweb and FHIR services answer: one synthetic CT study of a test patient (no
real patient data), as DICOM JSON (PS3.18 F.2) and as a FHIR R4 ImagingStudy, and the FHIR
server's CapabilityStatement. No Django here."""

from typing import Any

from pydicom.dataset import Dataset

from devtools.orthanc.server import synthetic_ct_slice

FHIR_VERSION = "4.0.1"
INSTANCES = 3


def synthetic_study(study_uid: str, series_uid: str, frame_uid: str, patient_id: str) -> list[Dataset]:
    """The test study's instances, of the test patient, without their pixel data (the services
    answer metadata only)."""
    instances = []
    for number in range(1, INSTANCES + 1):
        dataset = synthetic_ct_slice(study_uid, series_uid, frame_uid, number)
        dataset.PatientID = patient_id
        del dataset.PixelData
        instances.append(dataset)
    return instances


def dicom_json(dataset: Dataset, keywords: tuple[str, ...] | None = None) -> dict[str, Any]:
    """``dataset`` (or only ``keywords`` of it) as a DICOM JSON object."""
    if keywords is not None:
        subset = Dataset()
        for keyword in keywords:
            if keyword in dataset:
                subset.add(dataset[keyword])
        dataset = subset
    return dataset.to_json_dict()


STUDY_LEVEL = ("StudyDate", "StudyTime", "AccessionNumber", "PatientName", "PatientID", "StudyInstanceUID", "StudyID")
INSTANCE_LEVEL = ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "InstanceNumber")


def capability_statement() -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-01-01",
        "kind": "instance",
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "software": {"name": "PACS Vendor Desk demo FHIR service", "version": "1"},
        "rest": [
            {
                "mode": "server",
                "resource": [{"type": "ImagingStudy", "interaction": [{"code": "search-type"}]}],
            }
        ],
    }


def imaging_study_bundle(patient_id: str, asked_patient: str, study_uid: str) -> dict[str, Any]:
    """A searchset Bundle: the test study when the search asks for the test patient, else empty."""
    entries = []
    if asked_patient in (patient_id, f"Patient/{patient_id}"):
        entries.append(
            {
                "resource": {
                    "resourceType": "ImagingStudy",
                    "id": "demo-study",
                    "status": "available",
                    "subject": {"reference": f"Patient/{patient_id}"},
                    "identifier": [{"system": "urn:dicom:uid", "value": f"urn:oid:{study_uid}"}],
                    "numberOfSeries": 1,
                    "numberOfInstances": INSTANCES,
                },
                "search": {"mode": "match"},
            }
        )
    return {"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries}
