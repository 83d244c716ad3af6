"""The load scenario (issue 12, "Load"): a hospital's day on the running product.

- hospital users page through lists and dashboards: tickets, the morning overview, the KPI
  dashboards, vendors and a vendor's page;
- vendor users work in their portal: home, tickets, KPI dashboard, availability, contracts;
- API clients (a monitoring system, a ticketing bridge) create tickets and push KPI samples.

Plain HTTP only (no Django here: locust runs under gevent). Who signs in as whom, and which ids
exist, come from the JSON file ``bench/load/run.py`` writes from the bench database
(``PACS_LOAD_FIXTURE``): session cookies for the page users, tokens for the API clients.

    locust -f bench/load/locustfile.py --headless -u 20 -r 5 -t 2m --host http://127.0.0.1:8000
"""

import datetime
import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

FIXTURE: dict[str, Any] = json.loads(Path(os.environ["PACS_LOAD_FIXTURE"]).read_text())
# Each simulated user takes the next identity of its kind, round robin.
_identities = {kind: itertools.cycle(FIXTURE[kind]) for kind in ("hospital", "vendor", "api")}
SAMPLES_PER_PUSH = 50
# Short think time: busy users, so that 20 of them make a load comparable to the figure.
THINK = between(0.2, 1.0)


class SignedInUser(HttpUser):
    abstract = True
    kind = ""
    wait_time = THINK

    def on_start(self) -> None:
        self.identity = next(_identities[self.kind])
        self.client.cookies.set("sessionid", self.identity["session"])

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")


class HospitalUser(SignedInUser):
    """Hospital staff and admins on the lists and dashboards they open all day."""

    weight = 5
    kind = "hospital"

    @task(4)
    def ticket_list(self) -> None:
        self.page("/tickets/?sort=-opened_at", "/tickets/")

    @task(2)
    def open_tickets(self) -> None:
        self.page("/tickets/?open=true", "/tickets/?open=true")

    @task(3)
    def overview(self) -> None:
        self.page("/overview/", "/overview/")

    @task(2)
    def kpi_dashboard(self) -> None:
        self.page("/kpis/dashboard/", "/kpis/dashboard/")

    @task(1)
    def vendor_kpi_dashboard(self) -> None:
        self.page(f"/kpis/dashboard/{random.choice(FIXTURE['kpi_vendors'])}/", "/kpis/dashboard/[vendor]/")

    @task(2)
    def vendor_list(self) -> None:
        self.page("/vendors/?sort=name", "/vendors/")

    @task(2)
    def vendor_page(self) -> None:
        self.page(f"/vendors/{random.choice(FIXTURE['vendors'])}/", "/vendors/[id]/")


class VendorPortalUser(SignedInUser):
    """A vendor's account manager in the portal (its own vendor only)."""

    weight = 2
    kind = "vendor"

    @task(2)
    def home(self) -> None:
        self.page("/portal/", "/portal/")

    @task(3)
    def tickets(self) -> None:
        self.page("/portal/tickets/", "/portal/tickets/")

    @task(2)
    def kpis(self) -> None:
        self.page("/portal/kpis/", "/portal/kpis/")

    @task(1)
    def availability(self) -> None:
        self.page("/portal/availability/", "/portal/availability/")

    @task(1)
    def contracts(self) -> None:
        self.page("/portal/contracts/", "/portal/contracts/")


class ApiClient(HttpUser):
    """Other systems on the API with a hospital admin's token: a ticketing bridge filing
    tickets, a monitoring system pushing probe measurements, both reading the ticket list."""

    weight = 2
    wait_time = THINK

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {next(_identities['api'])['token']}"

    def post(self, path: str, body: object, name: str) -> None:
        with self.client.post(path, json=body, name=name, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(2)
    def create_ticket(self) -> None:
        body = {
            "vendor": random.choice(FIXTURE["vendors"]),
            "severity": random.choice(("P3", "P4")),
            "title": f"Load test ticket {random.randrange(10**9)}",
            "description": "Filed by the load scenario.",
        }
        self.post("/api/v1/tickets/", body, "/api/v1/tickets/")

    @task(2)
    def push_samples(self) -> None:
        now = datetime.datetime.now(datetime.UTC)
        vendor = FIXTURE["samples_vendor"]
        samples = [
            {
                "kpi": FIXTURE["kpi_codes"][n % len(FIXTURE["kpi_codes"])],
                "vendor": vendor["id"],
                "component": random.choice(vendor["components"]),
                "measured_at": (now - datetime.timedelta(seconds=random.randrange(86400))).isoformat(),
                "value": round(random.uniform(0.05, 4000), 3),
            }
            for n in range(SAMPLES_PER_PUSH)
        ]
        self.post("/api/v1/kpi-samples/", samples, "/api/v1/kpi-samples/")

    @task(3)
    def ticket_api_list(self) -> None:
        with self.client.get("/api/v1/tickets/", name="/api/v1/tickets/", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))
