import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.response import Response
from rest_framework.test import APIClient

from tickets.services.history_jobs import history_import_run


class PinnedNow:
    """``timezone.now()`` as a test sets it (see the ``now`` fixture)."""

    def __init__(self, value: datetime.datetime) -> None:
        self.value = value

    def set(self, value: datetime.datetime) -> None:
        self.value = value


def import_history(api: APIClient, content: bytes, *, filename: str = "history.csv") -> tuple[Response, dict]:
    """POST a history CSV to the API (202 with its job), run the job here as the worker would,
    and return the POST's response and the job as ``GET`` then shows it."""
    upload = SimpleUploadedFile(filename, content, content_type="text/csv")
    accepted = api.post("/api/v1/tickets/import/", {"file": upload}, format="multipart")
    assert accepted.status_code == 202, accepted.content[:500]
    history_import_run(job_id=accepted.json()["id"])
    shown = api.get(accepted["Location"])
    assert shown.status_code == 200, shown.content[:500]
    return accepted, shown.json()
