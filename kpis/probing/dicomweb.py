"""The DICOMweb checks (PS3.18): a QIDO-RS study search and a WADO-RS retrieval of one
instance's metadata, over HTTP (``http.py``).

- ``qido``: ``GET {base}/studies`` for the test study (``StudyInstanceUID=``) or, without one, any
  one study (``limit=1``). The answer must be 200 with DICOM JSON (``application/dicom+json``, or
  ``application/json`` which some servers send) holding a list of datasets, and the test study
  must be among them; 204 (no match) is an empty list. Timed from the request to the end of the
  answer.
- ``wado``: with a test study, a QIDO-RS search of one of its instances, then ``GET
  .../studies/{study}/series/{series}/instances/{instance}/metadata``; the metadata must describe
  that instance. The time is the metadata retrieval's; finding the instance is in ``values``.
"""

from typing import Any
from urllib.parse import quote, urlencode

from kpis.probing.http import HttpAnswer, base_url, http_get
from kpis.probing.results import CHECK_QIDO, CHECK_WADO, ProbeResult, ProbeTarget, _ProbeFailure, _run_check

DICOM_JSON = "application/dicom+json"
ACCEPTED_MEDIA_TYPES = (DICOM_JSON, "application/json")
STUDY_INSTANCE_UID = "0020000D"
SERIES_INSTANCE_UID = "0020000E"
SOP_INSTANCE_UID = "00080018"


def _value(dataset: Any, tag: str) -> str | None:
    """The first value of ``tag`` in a DICOM JSON dataset, or None."""
    if not isinstance(dataset, dict):
        return None
    values = (dataset.get(tag) or {}).get("Value") or [None]
    return str(values[0]) if values[0] is not None else None


def _datasets(answer: HttpAnswer) -> list[Any]:
    """The datasets of a QIDO-RS or metadata answer: a JSON array (empty for 204 No Content)."""
    if answer.status == 204:
        return []
    datasets = answer.json(ACCEPTED_MEDIA_TYPES)
    if not isinstance(datasets, list) or not all(isinstance(dataset, dict) for dataset in datasets):
        raise _ProbeFailure("the answer is not a DICOM JSON list of datasets")
    return datasets


def _search(target: ProbeTarget, path: str, query: dict[str, str]) -> tuple[HttpAnswer, list[Any]]:
    url = f"{base_url(target.base_url)}/{path}?{urlencode(query)}"
    answer = http_get(target, url, accept=DICOM_JSON, auth=target.http_auth)
    return answer, _datasets(answer)


def qido_studies(target: ProbeTarget) -> ProbeResult:
    """A QIDO-RS study search, for the test study when one is set."""

    def measure() -> tuple[float, dict[str, Any]]:
        query = {"limit": "1"}
        if target.test_study_uid:
            query["StudyInstanceUID"] = target.test_study_uid
        answer, studies = _search(target, "studies", query)
        values: dict[str, Any] = {"studies": len(studies)}
        if target.test_study_uid:
            found = {_value(study, STUDY_INSTANCE_UID) for study in studies}
            if target.test_study_uid not in found:
                raise _ProbeFailure(f"the test study {target.test_study_uid} was not found")
            values["study_found"] = True
        return answer.duration_ms, values

    return _run_check(CHECK_QIDO, measure)


def wado_metadata(target: ProbeTarget) -> ProbeResult:
    """WADO-RS metadata of one instance of the test study."""

    def measure() -> tuple[float, dict[str, Any]]:
        study = target.test_study_uid or ""
        if not study:
            raise _ProbeFailure("skipped: no test study configured")
        located, instances = _search(target, f"studies/{quote(study)}/instances", {"limit": "1"})
        if not instances:
            raise _ProbeFailure(f"the test study {study} has no instances")
        series, instance = _value(instances[0], SERIES_INSTANCE_UID), _value(instances[0], SOP_INSTANCE_UID)
        if not series or not instance:
            raise _ProbeFailure("the instance search did not give a series and instance UID")
        path = f"studies/{quote(study)}/series/{quote(series)}/instances/{quote(instance)}/metadata"
        answer = http_get(target, f"{base_url(target.base_url)}/{path}", accept=DICOM_JSON, auth=target.http_auth)
        metadata = _datasets(answer)
        if not any(_value(dataset, SOP_INSTANCE_UID) == instance for dataset in metadata):
            raise _ProbeFailure(f"the metadata does not describe instance {instance}")
        return answer.duration_ms, {"instance_uid": instance, "locate_ms": located.duration_ms}

    return _run_check(CHECK_WADO, measure)
