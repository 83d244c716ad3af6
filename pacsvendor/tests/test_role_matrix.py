"""The role matrix (``accounts/permissions.py``, the README's role table), proven over the UI and
the API: every action, as every role, through the page that role would use (the hospital UI, or
the portal for vendor users) and through the API. Allowed: the request succeeds and its effect is
stored. Refused: 403 or 404, and nothing is stored. A second test checks that each page offers the
action's button or form only to the roles that may take it.

A case's ``hospital`` and ``portal`` are the POSTs of the pages that take the action; a role is
sent to its own audience's page, or, when it has none, to the other audience's, which must refuse
it (404: vendor users never reach hospital pages, hospital users never the portal)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.permissions import ROLE_MATRIX
from accounts.tests.factories import HospitalAdminFactory, StaffMemberFactory, UserFactory, VendorUserFactory
from accounts.tests.two_factor import VerifiedClient
from core.roles import Role
from kpis.models import Kpi, KpiSample, Probe
from kpis.models.catalogue import Source
from notifications.models import OutboxEmail
from notifications.tests.factories import OutboxEmailFactory
from reports.models import MonthlyReport, ReportRecipient
from slas.models import (
    Agreement,
    BusinessCalendar,
    CreditStatement,
    FollowUpAction,
    Incident,
    IncidentComment,
    IncidentReview,
    MaintenanceWindow,
)
from slas.tests.factories import agreement_for, incident_for, maintenance_for, office_calendar, statement_for
from tickets.models import HistoryImport, SatisfactionRating, Status, Ticket, TicketAttachment, TicketMessage
from tickets.services import tickets as lifecycle
from tickets.tests.factories import open_ticket
from training.models import Completion
from training.tests.factories import CourseFactory, RequirementFactory
from vendors.models import Component, Contact, ContractDocument, Vendor
from vendors.tests.factories import (
    ComponentFactory,
    ContactFactory,
    ContractDocumentFactory,
    ContractFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
ROLES = {"admin": Role.HOSPITAL_ADMIN, "staff": Role.HOSPITAL_STAFF, "vendor": Role.VENDOR_USER}
Response = Any  # a Django or DRF test response


@dataclass
class World:
    vendor: Vendor  # the vendor user's own vendor: every case acts on its rows
    admin: Any
    staff: Any
    vendor_user: Any

    def user(self, role: str) -> Any:
        return {"admin": self.admin, "staff": self.staff, "vendor": self.vendor_user}[role]


@pytest.fixture
def world() -> World:
    vendor = VendorFactory(name="Meridian Imaging Systems")
    return World(
        vendor=vendor,
        admin=HospitalAdminFactory(),
        staff=UserFactory(),
        vendor_user=VendorUserFactory(vendor=vendor),
    )


@dataclass(frozen=True)
class Case:
    action: str
    prepare: Callable[[World], Any]  # the rows the action works on
    done: Callable[[Any], bool]  # whether its effect is stored
    hospital: Callable[[Client, Any], Response] | None = None
    portal: Callable[[Client, Any], Response] | None = None
    api: Callable[[APIClient, Any], Response] | None = None
    refused: tuple[int, ...] = (403, 404)
    # The page that offers the action, per audience, and what on it offers it.
    hospital_page: Callable[[Any], str] | None = None
    portal_page: Callable[[Any], str] | None = None
    offer: Callable[[Any], str] | None = None
    portal_offer: Callable[[Any], str] | None = None  # when the portal offers it otherwise


def local(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


def form_data(form_class: type, instance: Any, user: Any, **overrides: Any) -> dict[str, Any]:
    """What an edit form posts back unchanged, with ``overrides``."""
    data = {key: ("" if value is None else value) for key, value in model_to_dict(instance).items()}
    form = form_class(instance=instance, user=user)
    data = {name: data.get(name, "") for name in form.fields}
    return {**{k: v for k, v in data.items() if v != ""}, **overrides}


def gone(model: type) -> Callable[[Any], bool]:
    return lambda row: not model.objects.filter(pk=row.pk).exists()


def field_is(name: str, value: Any) -> Callable[[Any], bool]:
    return lambda row: getattr(type(row).objects.get(pk=row.pk), name) == value


def act(prefix: str, data: dict[str, Any]) -> Callable[[Client, Any], Response]:
    """The ticket page's POST (``prefix`` "/tickets" or "/portal/tickets")."""
    return lambda client, ticket: client.post(f"{prefix}/{ticket.pk}/act/", data)


def api_post(route: str, data: dict[str, Any] | None = None) -> Callable[[APIClient, Any], Response]:
    return lambda client, row: client.post(route.format(row=row), data or {}, format="json")


# --- what each case works on ---------------------------------------------------------------------


def a_ticket(world: World) -> Ticket:
    return open_ticket(world.vendor)


def an_acknowledged_ticket(world: World) -> Ticket:
    ticket = open_ticket(world.vendor)
    return lifecycle.ticket_respond(ticket=ticket, by=world.vendor_user, acknowledge=True)


def a_waiting_ticket(world: World) -> Ticket:
    ticket = an_acknowledged_ticket(world)
    return lifecycle.ticket_pause(ticket=ticket, by=world.vendor_user, reason="Need logs")


def a_resolved_ticket(world: World) -> Ticket:
    return lifecycle.ticket_resolve(ticket=open_ticket(world.vendor), by=world.vendor_user, summary="Fixed")


def a_vendor_kpi(world: World) -> Kpi:
    """A KPI the vendor reports (vendor users push samples of those only)."""
    return Kpi.objects.create(
        code="matrix_kpi", name="Matrix KPI", unit="%", direction="higher", target=Decimal(95), source=Source.VENDOR
    )


def a_probe(world: World) -> Probe:
    return Probe.objects.create(
        vendor=world.vendor,
        component=ComponentFactory(vendor=world.vendor, name="Archive"),
        name="Archive probe",
        ae_title="ARCHIVE",
        host="pacs.invalid",
        port=104,
    )


def last_finished_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def a_recipient_and_month(world: World) -> tuple[ReportRecipient, dt.date]:
    recipient = ReportRecipient.objects.create(vendor=world.vendor, contact=ContactFactory(vendor=world.vendor))
    return recipient, last_finished_month()


def incident_form(vendor: Vendor, **overrides: Any) -> dict[str, Any]:
    component = Component.objects.filter(vendor=vendor).first() or ComponentFactory(vendor=vendor)
    return {
        "vendor": vendor.pk,
        "components": [component.pk],
        "title": "Matrix incident",
        "impact": "down",
        "started_at": local(timezone.now() - 2 * HOUR),
        "ended_at": "",
        "detected_by": "monitoring",
        "cause_category": "storage",
        "vendor_attributable": "yes",
        "summary": "Studies could not be retrieved.",
        **overrides,
    }


def maintenance_plan(world: World) -> dict[str, Any]:
    start = timezone.now() + dt.timedelta(days=10)
    return {"title": "Matrix maintenance", "planned_start": start, "planned_end": start + 2 * HOUR}


def ticket_csv(world: World) -> bytes:
    opened = (timezone.now() - dt.timedelta(days=30)).isoformat()
    header = "vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at"
    return f"{header}\n{world.vendor.name},P3,Imported matrix,,{opened},,,\n".encode()


def upload(name: str = "viewer.log", content: bytes = b"ERROR prior fetch timed out") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


CASES: list[Case] = [
    # --- vendors, contacts, contracts, components ---
    Case(
        "vendor.manage",
        prepare=lambda w: VendorFactory(name="Spare vendor"),
        done=gone(Vendor),
        hospital=lambda c, v: c.post(f"/vendors/{v.pk}/delete/"),
        api=lambda c, v: c.delete(f"/api/v1/vendors/{v.pk}/"),
        hospital_page=lambda v: f"/vendors/{v.pk}/",
        offer=lambda v: f'href="/vendors/{v.pk}/delete/"',
    ),
    Case(
        "contact.manage",
        prepare=lambda w: ContactFactory(vendor=w.vendor),
        done=gone(Contact),
        hospital=lambda c, contact: c.post(f"/contacts/{contact.pk}/delete/"),
        api=lambda c, contact: c.delete(f"/api/v1/contacts/{contact.pk}/"),
        hospital_page=lambda contact: f"/contacts/{contact.pk}/",
        offer=lambda contact: f'href="/contacts/{contact.pk}/delete/"',
    ),
    Case(
        "contact.update_reachability",
        prepare=lambda w: ContactFactory(vendor=w.vendor),
        done=field_is("email", "desk@meridian.example"),
        portal=lambda c, contact: c.post(
            f"/portal/contacts/{contact.pk}/edit/", {"email": "desk@meridian.example", "phone": "+49 30 1234"}
        ),
        portal_page=lambda contact: "/portal/contacts/",
        offer=lambda contact: f"/portal/contacts/{contact.pk}/edit/",
    ),
    Case(
        "contract.manage",
        prepare=lambda w: ContractDocumentFactory(contract=ContractFactory(vendor=w.vendor)),
        done=gone(ContractDocument),
        hospital=lambda c, doc: c.post(f"/documents/{doc.pk}/delete/"),
        api=lambda c, doc: c.delete(f"/api/v1/contract-documents/{doc.pk}/"),
        hospital_page=lambda doc: f"/contracts/{doc.contract_id}/",
        offer=lambda doc: f"/documents/{doc.pk}/delete/",
    ),
    Case(
        "component.manage",
        prepare=lambda w: ComponentFactory(vendor=w.vendor),
        done=gone(Component),
        hospital=lambda c, component: c.post(f"/components/{component.pk}/delete/"),
        api=lambda c, component: c.delete(f"/api/v1/components/{component.pk}/"),
        hospital_page=lambda component: f"/components/{component.pk}/",
        offer=lambda component: f'href="/components/{component.pk}/delete/"',
    ),
    # --- users and the system ---
    Case(
        "user.manage",
        prepare=lambda w: UserFactory(first_name="Colleague"),
        done=field_is("is_active", False),
        hospital=lambda c, user: c.post(f"/users/{user.pk}/deactivate/"),
    ),
    Case(
        "outbox.manage",
        prepare=lambda w: OutboxEmailFactory(state=OutboxEmail.State.FAILED),
        done=field_is("state", OutboxEmail.State.QUEUED),
        hospital=lambda c, email: c.post(f"/notifications/outbox/{email.pk}/retry/"),
    ),
    # --- SLAs ---
    Case(
        "calendar.manage",
        prepare=lambda w: office_calendar(name="Spare calendar"),
        done=gone(BusinessCalendar),
        hospital=lambda c, calendar: c.post(f"/sla/calendars/{calendar.pk}/delete/"),
        api=lambda c, calendar: c.delete(f"/api/v1/calendars/{calendar.pk}/"),
        hospital_page=lambda calendar: f"/sla/calendars/{calendar.pk}/",
        offer=lambda calendar: f'href="/sla/calendars/{calendar.pk}/delete/"',
    ),
    Case(
        "agreement.manage",
        prepare=lambda w: agreement_for(ContractFactory(vendor=w.vendor)),
        done=gone(Agreement),
        hospital=lambda c, agreement: c.post(f"/sla/agreements/{agreement.pk}/delete/"),
        api=lambda c, agreement: c.delete(f"/api/v1/agreements/{agreement.pk}/"),
        hospital_page=lambda agreement: f"/sla/agreements/{agreement.pk}/",
        offer=lambda agreement: f'href="/sla/agreements/{agreement.pk}/delete/"',
    ),
    # --- incidents ---
    Case(
        "incident.report",
        prepare=lambda w: w,
        done=lambda w: Incident.objects.filter(title="Matrix incident").exists(),
        hospital=lambda c, w: c.post("/sla/incidents/add/", incident_form(w.vendor)),
        api=lambda c, w: c.post(
            "/api/v1/incidents/",
            {**incident_form(w.vendor), "started_at": (timezone.now() - 2 * HOUR).isoformat(), "ended_at": None},
            format="json",
        ),
        hospital_page=lambda w: "/sla/incidents/",
        offer=lambda w: 'href="/sla/incidents/add/"',
    ),
    Case(
        "incident.edit",
        prepare=lambda w: incident_for(w.vendor),
        done=field_is("title", "Corrected title"),
        hospital=lambda c, incident: c.post(
            f"/sla/incidents/{incident.pk}/edit/",
            incident_form(
                incident.vendor,
                title="Corrected title",
                components=[component.pk for component in incident.components.all()],
                started_at=local(incident.started_at),
            ),
        ),
        api=lambda c, incident: c.patch(
            f"/api/v1/incidents/{incident.pk}/", {"title": "Corrected title"}, format="json"
        ),
        hospital_page=lambda incident: f"/sla/incidents/{incident.pk}/",
        offer=lambda incident: f'href="/sla/incidents/{incident.pk}/edit/"',
    ),
    Case(
        "incident.close",
        prepare=lambda w: incident_for(w.vendor),
        done=lambda incident: Incident.objects.get(pk=incident.pk).ended_at is not None,
        hospital=lambda c, incident: c.post(f"/sla/incidents/{incident.pk}/close/", {"ended_at": ""}),
        api=api_post("/api/v1/incidents/{row.pk}/close/"),
        hospital_page=lambda incident: f"/sla/incidents/{incident.pk}/",
        portal_page=lambda incident: f"/portal/incidents/{incident.pk}/",
        offer=lambda incident: f'action="/sla/incidents/{incident.pk}/close/"',
    ),
    Case(
        "incident.review",
        prepare=lambda w: incident_for(w.vendor),
        done=lambda incident: IncidentReview.objects.get(incident=incident).root_cause == "Full storage tier",
        hospital=lambda c, incident: c.post(
            f"/sla/incidents/{incident.pk}/review/",
            {"root_cause": "Full storage tier", "what_worked": "", "what_to_change": "", "status": "draft"},
        ),
        api=lambda c, incident: c.put(
            f"/api/v1/incidents/{incident.pk}/review/",
            {"root_cause": "Full storage tier", "status": "draft"},
            format="json",
        ),
        hospital_page=lambda incident: f"/sla/incidents/{incident.pk}/",
        offer=lambda incident: f'action="/sla/incidents/{incident.pk}/review/"',
    ),
    Case(
        "incident.follow_up",
        prepare=lambda w: incident_for(w.vendor),
        done=lambda incident: FollowUpAction.objects.filter(incident=incident).exists(),
        hospital=lambda c, incident: c.post(
            f"/sla/incidents/{incident.pk}/follow-ups/",
            {"description": "Capacity alert", "owner": "", "owner_name": "PACS team", "due_date": "2030-01-31"},
        ),
        api=api_post(
            "/api/v1/incidents/{row.pk}/follow-ups/", {"description": "Capacity alert", "owner_name": "PACS team"}
        ),
        hospital_page=lambda incident: f"/sla/incidents/{incident.pk}/",
        portal_page=lambda incident: f"/portal/incidents/{incident.pk}/",
        offer=lambda incident: f'action="/sla/incidents/{incident.pk}/follow-ups/"',
    ),
    Case(
        "incident.comment",
        prepare=lambda w: incident_for(w.vendor),
        done=lambda incident: IncidentComment.objects.filter(incident=incident, body="Matrix comment").exists(),
        hospital=lambda c, incident: c.post(f"/sla/incidents/{incident.pk}/comments/", {"body": "Matrix comment"}),
        portal=lambda c, incident: c.post(f"/portal/incidents/{incident.pk}/comments/", {"body": "Matrix comment"}),
        api=api_post("/api/v1/incidents/{row.pk}/comments/", {"body": "Matrix comment"}),
        hospital_page=lambda incident: f"/sla/incidents/{incident.pk}/",
        portal_page=lambda incident: f"/portal/incidents/{incident.pk}/",
        offer=lambda incident: 'name="body"',
    ),
    # --- maintenance ---
    Case(
        "maintenance.announce",
        prepare=lambda w: w,
        done=lambda w: MaintenanceWindow.objects.filter(title="Matrix maintenance").exists(),
        hospital=lambda c, w: c.post(
            "/sla/maintenance/add/",
            {
                "vendor": w.vendor.pk,
                "announced_at": local(timezone.now()),
                **{key: local(value) if key != "title" else value for key, value in maintenance_plan(w).items()},
            },
        ),
        portal=lambda c, w: c.post(
            "/portal/maintenance/announce/",
            {key: local(value) if key != "title" else value for key, value in maintenance_plan(w).items()},
        ),
        api=lambda c, w: c.post(
            "/api/v1/maintenance-windows/",
            {
                "vendor": w.vendor.pk,
                **{key: value.isoformat() if key != "title" else value for key, value in maintenance_plan(w).items()},
            },
            format="json",
        ),
        hospital_page=lambda w: "/sla/maintenance/",
        portal_page=lambda w: "/portal/maintenance/",
        offer=lambda w: 'href="/sla/maintenance/add/"',
        portal_offer=lambda w: 'href="/portal/maintenance/announce/"',
    ),
    Case(
        "maintenance.decide",
        prepare=lambda w: maintenance_for(w.vendor, state=MaintenanceWindow.State.PROPOSED),
        done=field_is("state", MaintenanceWindow.State.APPROVED),
        hospital=lambda c, window: c.post(f"/sla/maintenance/{window.pk}/decide/", {"decision": "approve", "note": ""}),
        api=api_post("/api/v1/maintenance-windows/{row.pk}/approve/", {"note": ""}),
        hospital_page=lambda window: f"/sla/maintenance/{window.pk}/",
        portal_page=lambda window: f"/portal/maintenance/{window.pk}/",
        offer=lambda window: f'action="/sla/maintenance/{window.pk}/decide/"',
    ),
    Case(
        "maintenance.record_actuals",
        prepare=lambda w: maintenance_for(w.vendor, planned_start=timezone.now() - 5 * HOUR),
        done=lambda window: MaintenanceWindow.objects.get(pk=window.pk).actual_start is not None,
        hospital=lambda c, window: c.post(
            f"/sla/maintenance/{window.pk}/actuals/",
            {"actual_start": local(timezone.now() - 4 * HOUR), "actual_end": local(timezone.now() - HOUR)},
        ),
        api=lambda c, window: c.post(
            f"/api/v1/maintenance-windows/{window.pk}/actuals/",
            {
                "actual_start": (timezone.now() - 4 * HOUR).isoformat(),
                "actual_end": (timezone.now() - HOUR).isoformat(),
            },
            format="json",
        ),
        hospital_page=lambda window: f"/sla/maintenance/{window.pk}/",
        portal_page=lambda window: f"/portal/maintenance/{window.pk}/",
        offer=lambda window: f'action="/sla/maintenance/{window.pk}/actuals/"',
    ),
    Case(
        "maintenance.cancel",
        prepare=lambda w: maintenance_for(w.vendor),
        done=field_is("state", MaintenanceWindow.State.CANCELLED),
        hospital=lambda c, window: c.post(f"/sla/maintenance/{window.pk}/cancel/"),
        portal=lambda c, window: c.post(f"/portal/maintenance/{window.pk}/cancel/"),
        api=api_post("/api/v1/maintenance-windows/{row.pk}/cancel/"),
        hospital_page=lambda window: f"/sla/maintenance/{window.pk}/",
        portal_page=lambda window: f"/portal/maintenance/{window.pk}/",
        offer=lambda window: f"/maintenance/{window.pk}/cancel/",
    ),
    # --- service credits ---
    Case(
        "credit.manage",
        prepare=lambda w: statement_for(w.vendor),
        done=field_is("state", CreditStatement.State.CLAIMED),
        hospital=lambda c, statement: c.post(f"/sla/credits/{statement.pk}/act/", {"action": "claim", "note": ""}),
        api=api_post("/api/v1/credit-statements/{row.pk}/claim/"),
        hospital_page=lambda statement: f"/sla/credits/{statement.pk}/",
        offer=lambda statement: 'value="claim"',
    ),
    Case(
        "credit.respond",
        prepare=lambda w: statement_for(w.vendor, state=CreditStatement.State.CLAIMED),
        done=field_is("state", CreditStatement.State.ACKNOWLEDGED),
        portal=lambda c, statement: c.post(
            f"/portal/credits/{statement.pk}/act/", {"action": "acknowledge", "note": ""}
        ),
        api=api_post("/api/v1/credit-statements/{row.pk}/acknowledge/"),
        hospital_page=lambda statement: f"/sla/credits/{statement.pk}/",
        portal_page=lambda statement: f"/portal/credits/{statement.pk}/",
        offer=lambda statement: 'value="acknowledge"',
    ),
    # --- tickets ---
    Case(
        "ticket.open",
        prepare=lambda w: w,
        done=lambda w: Ticket.objects.filter(title="Matrix ticket").exists(),
        hospital=lambda c, w: c.post(
            "/tickets/add/", {"vendor": w.vendor.pk, "severity": "P3", "title": "Matrix ticket", "studies_delayed": 0}
        ),
        api=lambda c, w: c.post(
            "/api/v1/tickets/", {"vendor": w.vendor.pk, "severity": "P3", "title": "Matrix ticket"}, format="json"
        ),
        hospital_page=lambda w: "/tickets/",
        offer=lambda w: 'href="/tickets/add/"',
    ),
    Case(
        "ticket.reply",
        prepare=a_ticket,
        done=lambda t: TicketMessage.objects.filter(ticket=t, body="Matrix reply").exists(),
        hospital=act("/tickets", {"action": "message", "body": "Matrix reply"}),
        portal=act("/portal/tickets", {"action": "message", "body": "Matrix reply"}),
        api=api_post("/api/v1/tickets/{row.pk}/messages/", {"body": "Matrix reply"}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="message"',
    ),
    Case(
        "ticket.attach",
        prepare=a_ticket,
        done=lambda t: TicketAttachment.objects.filter(message__ticket=t).exists(),
        hospital=lambda c, t: c.post(
            f"/tickets/{t.pk}/act/", {"action": "message", "body": "Log attached", "files": [upload()]}
        ),
        portal=lambda c, t: c.post(
            f"/portal/tickets/{t.pk}/act/", {"action": "message", "body": "Log attached", "files": [upload()]}
        ),
        api=lambda c, t: c.post(
            f"/api/v1/tickets/{t.pk}/messages/", {"body": "Log attached", "files": [upload()]}, format="multipart"
        ),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'name="files"',
    ),
    Case(
        "ticket.internal_note",
        prepare=a_ticket,
        done=lambda t: TicketMessage.objects.filter(ticket=t, internal=True).exists(),
        hospital=act("/tickets", {"action": "message", "body": "Matrix note", "internal": "on"}),
        portal=act("/portal/tickets", {"action": "message", "body": "Matrix note", "internal": "on"}),
        api=api_post("/api/v1/tickets/{row.pk}/messages/", {"body": "Matrix note", "internal": True}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'name="internal"',
    ),
    Case(
        "ticket.acknowledge",
        prepare=a_ticket,
        done=field_is("status", Status.ACKNOWLEDGED),
        hospital=act("/tickets", {"action": "acknowledge"}),
        portal=act("/portal/tickets", {"action": "acknowledge"}),
        api=api_post("/api/v1/tickets/{row.pk}/acknowledge/"),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="acknowledge"',
    ),
    Case(
        "ticket.pause",
        prepare=an_acknowledged_ticket,
        done=field_is("status", Status.WAITING_ON_HOSPITAL),
        hospital=act("/tickets", {"action": "pause", "reason": "Need logs"}),
        portal=act("/portal/tickets", {"action": "pause", "reason": "Need logs"}),
        api=api_post("/api/v1/tickets/{row.pk}/pause/", {"reason": "Need logs"}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="pause"',
    ),
    Case(
        "ticket.resume",
        prepare=a_waiting_ticket,
        done=lambda t: Ticket.objects.get(pk=t.pk).status == Status.IN_PROGRESS,
        hospital=act("/tickets", {"action": "resume"}),
        portal=act("/portal/tickets", {"action": "resume"}),
        api=api_post("/api/v1/tickets/{row.pk}/resume/"),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="resume"',
    ),
    Case(
        "ticket.resolve",
        prepare=a_ticket,
        done=field_is("status", Status.RESOLVED),
        hospital=act("/tickets", {"action": "resolve", "summary": "Fixed"}),
        portal=act("/portal/tickets", {"action": "resolve", "summary": "Fixed"}),
        api=api_post("/api/v1/tickets/{row.pk}/resolve/", {"summary": "Fixed"}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="resolve"',
    ),
    Case(
        "ticket.reopen",
        prepare=a_resolved_ticket,
        done=lambda t: Ticket.objects.get(pk=t.pk).status not in (Status.RESOLVED, Status.CLOSED),
        hospital=act("/tickets", {"action": "reopen", "reason": "Back again"}),
        portal=act("/portal/tickets", {"action": "reopen", "reason": "Back again"}),
        api=api_post("/api/v1/tickets/{row.pk}/reopen/", {"reason": "Back again"}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="reopen"',
    ),
    Case(
        "ticket.close",
        prepare=a_resolved_ticket,
        done=field_is("status", Status.CLOSED),
        hospital=act("/tickets", {"action": "close"}),
        portal=act("/portal/tickets", {"action": "close"}),
        api=api_post("/api/v1/tickets/{row.pk}/close/"),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="close"',
    ),
    Case(
        "ticket.rate",
        prepare=a_resolved_ticket,
        done=lambda t: SatisfactionRating.objects.filter(ticket=t, score=4).exists(),
        hospital=act("/tickets", {"action": "rate", "score": "4", "comment": ""}),
        portal=act("/portal/tickets", {"action": "rate", "score": "4", "comment": ""}),
        api=api_post("/api/v1/tickets/{row.pk}/rate/", {"score": 4}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="rate"',
    ),
    Case(
        "ticket.change_severity",
        prepare=a_ticket,
        done=field_is("severity", "P2"),
        hospital=act("/tickets", {"action": "severity", "severity": "P2"}),
        portal=act("/portal/tickets", {"action": "severity", "severity": "P2"}),
        api=api_post("/api/v1/tickets/{row.pk}/severity/", {"severity": "P2"}),
        hospital_page=lambda t: f"/tickets/{t.pk}/",
        portal_page=lambda t: f"/portal/tickets/{t.pk}/",
        offer=lambda t: 'value="severity"',
    ),
    Case(
        "ticket.backdate",
        prepare=lambda w: w,
        done=lambda w: Ticket.objects.filter(title="Backdated", opened_at__lt=timezone.now() - HOUR).exists(),
        api=lambda c, w: c.post(
            "/api/v1/tickets/",
            {
                "vendor": w.vendor.pk,
                "severity": "P3",
                "title": "Backdated",
                "opened_at": (timezone.now() - 2 * HOUR).isoformat(),
            },
            format="json",
        ),
        refused=(400, 403),  # the past instant is refused as a field (400) to those who may open tickets
    ),
    Case(
        "ticket.import",
        prepare=lambda w: w,
        done=lambda w: HistoryImport.objects.exists(),  # a worker imports the file (test_history_jobs)
        hospital=lambda c, w: c.post("/tickets/import/", {"file": upload("history.csv", ticket_csv(w))}),
        api=lambda c, w: c.post(
            "/api/v1/tickets/import/", {"file": upload("history.csv", ticket_csv(w))}, format="multipart"
        ),
        hospital_page=lambda w: "/tickets/",
        offer=lambda w: 'href="/tickets/import/"',
    ),
    # --- KPIs and probes ---
    Case(
        "kpi.manage",
        prepare=a_vendor_kpi,
        done=field_is("name", "Renamed KPI"),
        hospital=lambda c, kpi: c.post(f"/kpis/{kpi.pk}/edit/", kpi_form(kpi, name="Renamed KPI")),
        api=lambda c, kpi: c.patch(f"/api/v1/kpis/{kpi.pk}/", {"name": "Renamed KPI"}, format="json"),
        hospital_page=lambda kpi: "/kpis/",
        offer=lambda kpi: f'href="/kpis/{kpi.pk}/edit/"',
    ),
    Case(
        "kpi.submit_samples",
        prepare=lambda w: (a_vendor_kpi(w), w.vendor),
        done=lambda given: KpiSample.objects.filter(kpi=given[0]).exists(),
        hospital=lambda c, given: c.post(
            "/kpis/samples/add/",
            {
                "kpi": given[0].pk,
                "vendor": given[1].pk,
                "component": "",
                "measured_at": local(timezone.now() - HOUR),
                "value": "97.5",
            },
        ),
        api=lambda c, given: c.post(
            "/api/v1/kpi-samples/",
            [
                {
                    "kpi": given[0].code,
                    "vendor": given[1].pk,
                    "component": None,
                    "measured_at": (timezone.now() - HOUR).isoformat(),
                    "value": 97.5,
                }
            ],
            format="json",
        ),
        hospital_page=lambda given: "/kpis/samples/",
        offer=lambda given: 'href="/kpis/samples/add/"',
    ),
    Case(
        "probe.manage",
        prepare=a_probe,
        done=field_is("active", False),
        hospital=lambda c, probe: c.post(f"/kpis/probes/{probe.pk}/active/", {"active": "0"}),
        api=lambda c, probe: c.patch(f"/api/v1/probes/{probe.pk}/", {"active": False}, format="json"),
        hospital_page=lambda probe: f"/kpis/probes/{probe.pk}/",
        portal_page=lambda probe: f"/portal/probes/{probe.pk}/",
        offer=lambda probe: f"/kpis/probes/{probe.pk}/active/",
    ),
    # --- reports ---
    Case(
        "report.manage",
        prepare=a_recipient_and_month,
        done=lambda given: MonthlyReport.objects.filter(vendor=given[0].vendor, month=given[1]).exists(),
        hospital=lambda c, given: c.post(
            "/reports/", {"generate-vendor": given[0].vendor_id, "generate-month": f"{given[1]:%Y-%m}"}
        ),
        api=lambda c, given: c.post(
            "/api/v1/reports/generate/", {"vendor": given[0].vendor_id, "month": f"{given[1]:%Y-%m}"}, format="json"
        ),
        hospital_page=lambda given: "/reports/recipients/",
        offer=lambda given: f"/reports/recipients/{given[0].pk}/remove/",
    ),
    # --- the staff directory and training ---
    Case(
        "staff.manage",
        prepare=lambda w: StaffMemberFactory(name="Matrix Person", staff_number="M1"),
        done=field_is("department", "Oncology"),
        hospital=lambda c, p: c.post(
            f"/staff/{p.pk}/edit/",
            {"name": p.name, "staff_number": p.staff_number, "profession": p.profession, "department": "Oncology"},
        ),
        api=lambda c, p: c.patch(f"/api/v1/staff/{p.pk}/", {"department": "Oncology"}, format="json"),
        hospital_page=lambda p: f"/staff/{p.pk}/",
        offer=lambda p: f'href="/staff/{p.pk}/edit/"',
    ),
    Case(
        "course.manage",
        prepare=lambda w: CourseFactory(vendor=w.vendor, title="Matrix course"),
        done=field_is("release", "9.1"),
        hospital=lambda c, course: c.post(
            f"/training/courses/{course.pk}/edit/",
            {**COURSE_FORM, "vendor": course.vendor_id, "release": "9.1"},
        ),
        portal=lambda c, course: c.post(f"/portal/courses/{course.pk}/edit/", {**COURSE_FORM, "release": "9.1"}),
        api=lambda c, course: c.patch(f"/api/v1/courses/{course.pk}/", {"release": "9.1"}, format="json"),
        hospital_page=lambda course: f"/training/courses/{course.pk}/",
        portal_page=lambda course: f"/portal/courses/{course.pk}/",
        offer=lambda course: f'href="/training/courses/{course.pk}/edit/"',
        portal_offer=lambda course: f'href="/portal/courses/{course.pk}/edit/"',
    ),
    Case(
        "requirement.manage",
        prepare=lambda w: RequirementFactory(course=CourseFactory(vendor=w.vendor)),
        done=field_is("refresher_months", 24),
        hospital=lambda c, r: c.post(
            f"/training/requirements/{r.pk}/edit/",
            {
                "profession": r.profession,
                "course": r.course_id,
                "level": r.level,
                "effective_from": "2026-01-01",
                "refresher_months": 24,
            },
        ),
        api=lambda c, r: c.patch(f"/api/v1/training-requirements/{r.pk}/", {"refresher_months": 24}, format="json"),
        hospital_page=lambda r: "/training/requirements/",
        offer=lambda r: 'href="/training/requirements/add/"',
    ),
    Case(
        "completion.record",
        prepare=lambda w: (CourseFactory(vendor=w.vendor), StaffMemberFactory(staff_number="MX1")),
        done=lambda given: Completion.objects.filter(course=given[0], person=given[1]).exists(),
        hospital=lambda c, given: c.post(
            "/training/completions/add/",
            {"person": given[1].pk, "course": given[0].pk, "completed_on": "2026-01-05"},
        ),
        api=lambda c, given: c.post(
            "/api/v1/training-completions/",
            {"completions": [{"course": given[0].pk, "staff_number": "MX1", "completed_on": "2026-01-05"}]},
            format="json",
        ),
        hospital_page=lambda given: "/training/completions/",
        offer=lambda given: 'href="/training/completions/add/"',
    ),
]

COURSE_FORM = {"title": "Matrix course", "delivery": "vendor_led", "duration_minutes": 90, "active": "on"}


def kpi_form(kpi: Kpi, **overrides: Any) -> dict[str, Any]:
    from kpis.forms.catalogue import KpiForm

    return form_data(KpiForm, kpi, None, **overrides)


CASE_BY_ACTION = {case.action: case for case in CASES}


def allowed(action: str, role: str) -> bool:
    return ROLES[role] in ROLE_MATRIX[action].roles


def ui_route(case: Case, role: str) -> tuple[Callable[[Client, Any], Response] | None, bool]:
    """The page a role would use, and whether it is the role's own audience's."""
    own, other = (case.portal, case.hospital) if role == "vendor" else (case.hospital, case.portal)
    return (own, True) if own is not None else (other, False)


def _params() -> list[Any]:
    params = []
    for case in CASES:
        for role in ROLES:
            route, own_audience = ui_route(case, role)
            # A role allowed an action its audience has no page for takes it elsewhere (the API).
            if route is not None and (own_audience or not allowed(case.action, role)):
                params.append(pytest.param(case, role, "ui", id=f"{case.action}-{role}-ui"))
            if case.api is not None:
                params.append(pytest.param(case, role, "api", id=f"{case.action}-{role}-api"))
    return params


def test_every_action_of_the_matrix_is_proven_here() -> None:
    # "history.read" is a read: test_the_change_history_is_for_those_who_may_read_it below.
    assert set(CASE_BY_ACTION) == set(ROLE_MATRIX) - {"history.read"}
    for case in CASES:
        grantees = {role for role in ROLES if allowed(case.action, role)}
        channels = {(role, channel) for _, role, channel in (p.values for p in _params() if p.values[0] is case)}
        for role in grantees:
            assert any(r == role for r, _ in channels), f"{case.action}: no page or route proves {role} may"


@pytest.mark.parametrize(("case", "role", "channel"), _params())
def test_the_role_matrix_over_ui_and_api(case: Case, role: str, channel: str, world: World) -> None:
    user = world.user(role)
    given = case.prepare(world)
    if channel == "api":
        client = APIClient()
        client.force_authenticate(user)
        response = case.api(client, given)
    else:
        client = VerifiedClient()
        client.force_login(user)
        route, _ = ui_route(case, role)
        response = route(client, given)
    body = response.content.decode(errors="replace")[:500] if not getattr(response, "streaming", False) else ""
    if allowed(case.action, role):
        assert response.status_code < 400, f"{case.action} as {role} over {channel}: {response.status_code} {body}"
        assert case.done(given), (
            f"{case.action} as {role} over {channel}: answered {response.status_code}, stored nothing"
        )
    else:
        assert response.status_code in case.refused, f"{case.action} as {role} over {channel}: {response.status_code}"
        assert not case.done(given), f"{case.action} as {role} over {channel} was refused but stored"


def _offer_params() -> list[Any]:
    params = []
    for case in CASES:
        if case.offer is None:
            continue
        for role in ROLES:
            page = case.portal_page if role == "vendor" else case.hospital_page
            if page is not None:
                params.append(pytest.param(case, role, id=f"{case.action}-{role}"))
    return params


@pytest.mark.parametrize(("case", "role"), _offer_params())
def test_a_page_offers_an_action_only_to_the_roles_that_may_take_it(case: Case, role: str, world: World) -> None:
    given = case.prepare(world)
    page = (case.portal_page if role == "vendor" else case.hospital_page)(given)
    client = VerifiedClient()
    client.force_login(world.user(role))
    response = client.get(page)
    assert response.status_code == 200, page
    offer = case.portal_offer if role == "vendor" and case.portal_offer else case.offer
    offered = offer(given) in response.content.decode()
    assert offered == allowed(case.action, role), f"{page} as {role}: offers {case.action}: {offered}"


@pytest.mark.parametrize("role", ROLES)
def test_the_change_history_is_for_those_who_may_read_it(role: str, world: World) -> None:
    client = VerifiedClient()
    client.force_login(world.user(role))
    page = "/portal/" if role == "vendor" else f"/vendors/{world.vendor.pk}/"
    html = client.get(page).content.decode()
    assert ("Change history" in html) == allowed("history.read", role)


@pytest.mark.parametrize("role", ROLES)
def test_user_management_is_offered_only_to_those_who_may_manage_users(role: str, world: World) -> None:
    client = VerifiedClient()
    client.force_login(world.user(role))
    if role == "vendor":
        assert client.get("/users/").status_code == 404
        return
    vendor_page = client.get(f"/vendors/{world.vendor.pk}/").content.decode()
    navigation = client.get("/tickets/").content.decode()
    may = allowed("user.manage", role)
    assert ("Invite a portal user" in vendor_page) == may
    assert ('href="/users/"' in navigation) == may
    assert client.get("/users/").status_code == (200 if may else 403)
