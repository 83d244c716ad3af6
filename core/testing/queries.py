from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_per_path(client: Client, paths: list[str]) -> dict[str, int]:
    """How many SQL queries a GET of each path runs (each must answer 200)."""
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(context)
    return counts
