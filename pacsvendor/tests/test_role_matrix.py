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
from compliance.models import (
    AccessLogEntry,
    ComplianceDocument,
    DataProtectionTerms,
    DocumentType,
    Finding,
    RemoteAccessSession,
    SecurityIncident,
)
from compliance.tests.factories import assessment_for, finding_for
from compliance.tests.factories import document_for as compliance_document_for
from compliance.tests.factories import incident_for as security_incident_for
from compliance.tests.factories import pdf as compliance_pdf
from compliance.tests.factories import session_for as remote_session_for
from core.roles import Role
from governance.models import ActionItem, AgendaItem, Decision
from governance.tests.factories import make_action, meeting_for, started_meeting_for
from governance.tests.factories import review_for as sla_review_for
from kpis.models import Kpi, KpiSample, Probe
from kpis.models.catalogue import Source
from kpis.tests.probe_support import make_probe
from notifications.models import OutboxEmail
from notifications.tests.factories import OutboxEmailFactory
from notifications.tests.support import Broker
from operations.models import (
    ChangePlan,
    ComponentLifecycle,
    HealthAssessment,
    HealthTemplate,
    PlanCheck,
    PlanTestCase,
    RecoveryTest,
    SecurityBulletin,
    VersionChange,
)
from operations.tests.factories import case_for as protocol_case_for
from operations.tests.factories import (
    finished_plan,
    health_assessment_for,
    health_template_for,
    protocol_template,
    ready_plan,
    recovery_test_for,
)
from operations.tests.factories import review_for as lessons_review_for
from reports.models import MonthlyReport, ReportRecipient
from scorecards.models import CriterionResponse, Evaluation, EvaluationTemplate, SelectionProject
from scorecards.services.evaluations import evaluation_score_manual
from scorecards.services.plans import plan_create
from scorecards.tests.factories import active_plan_for, draft_for, draft_survey_for, finalised_for, selection_project
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
from training.models import ArticleLink, Completion, Enrolment, Session
from training.tests.factories import (
    CertificationFactory,
    CertificationKindFactory,
    CourseFactory,
    EnrolmentFactory,
    RequirementFactory,
    SessionFactory,
    make_article,
)
from vendors.models import Component, Contact, ContractDocument, Vendor
from vendors.tests.factories import (
    ComponentFactory,
    ContactFactory,
    ContractDocumentFactory,
    ContractFactory,
    InterfaceFactory,
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


def a_lifecycle(world: World) -> ComponentLifecycle:
    component = ComponentFactory(vendor=world.vendor, name="Matrix archive")
    return ComponentLifecycle.objects.create(component=component, software_version="7.2")


def an_open_bulletin(world: World) -> SecurityBulletin:
    lifecycle = a_lifecycle(world)
    return SecurityBulletin.objects.create(
        component_id=lifecycle.pk,
        reference="MATRIX-OPEN",
        title="Open bulletin",
        severity="high",
        released_on=timezone.localdate() - dt.timedelta(days=3),
    )


def version_change_form() -> dict[str, Any]:
    return {"to_version": "7.3", "changed_on": f"{timezone.localdate()}", "kind": "upgrade", "note": "Matrix"}


def bulletin_form() -> dict[str, Any]:
    released = timezone.localdate() - dt.timedelta(days=1)
    return {"reference": "MATRIX-SB", "title": "Matrix bulletin", "severity": "high", "released_on": f"{released}"}


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
    # --- operations: component lifecycle ---
    Case(
        "lifecycle.manage",
        prepare=a_lifecycle,
        done=field_is("hardware_model", "Matrix server"),
        hospital=lambda c, lc: c.post(f"/operations/lifecycle/{lc.pk}/edit/", {"hardware_model": "Matrix server"}),
        api=lambda c, lc: c.patch(
            f"/api/v1/component-lifecycles/{lc.pk}/", {"hardware_model": "Matrix server"}, format="json"
        ),
        hospital_page=lambda lc: f"/operations/lifecycle/{lc.pk}/",
        portal_page=lambda lc: f"/portal/lifecycle/{lc.pk}/",
        offer=lambda lc: f'href="/operations/lifecycle/{lc.pk}/edit/"',
    ),
    Case(
        "lifecycle.record_version",
        prepare=a_lifecycle,
        done=lambda lc: VersionChange.objects.filter(component_id=lc.pk, to_version="7.3").exists(),
        hospital=lambda c, lc: c.post(f"/operations/lifecycle/{lc.pk}/versions/", version_change_form()),
        portal=lambda c, lc: c.post(f"/portal/lifecycle/{lc.pk}/versions/", version_change_form()),
        api=lambda c, lc: c.post(
            "/api/v1/version-changes/", {"component": lc.pk, **version_change_form()}, format="json"
        ),
        hospital_page=lambda lc: f"/operations/lifecycle/{lc.pk}/",
        portal_page=lambda lc: f"/portal/lifecycle/{lc.pk}/",
        offer=lambda lc: f'action="/operations/lifecycle/{lc.pk}/versions/"',
        portal_offer=lambda lc: f'action="/portal/lifecycle/{lc.pk}/versions/"',
    ),
    Case(
        "bulletin.publish",
        prepare=a_lifecycle,
        done=lambda lc: SecurityBulletin.objects.filter(component_id=lc.pk, reference="MATRIX-SB").exists(),
        hospital=lambda c, lc: c.post(f"/operations/lifecycle/{lc.pk}/bulletins/", bulletin_form()),
        portal=lambda c, lc: c.post(f"/portal/lifecycle/{lc.pk}/bulletins/", bulletin_form()),
        api=lambda c, lc: c.post("/api/v1/security-bulletins/", {"component": lc.pk, **bulletin_form()}, format="json"),
        hospital_page=lambda lc: f"/operations/lifecycle/{lc.pk}/",
        portal_page=lambda lc: f"/portal/lifecycle/{lc.pk}/",
        offer=lambda lc: f'action="/operations/lifecycle/{lc.pk}/bulletins/"',
        portal_offer=lambda lc: f'action="/portal/lifecycle/{lc.pk}/bulletins/"',
    ),
    Case(
        "bulletin.apply",
        prepare=an_open_bulletin,
        done=lambda bulletin: SecurityBulletin.objects.get(pk=bulletin.pk).applied_on is not None,
        hospital=lambda c, b: c.post(
            f"/operations/bulletins/{b.pk}/applied/", {"applied_on": f"{timezone.localdate()}"}
        ),
        portal=lambda c, b: c.post(f"/portal/bulletins/{b.pk}/applied/", {"applied_on": f"{timezone.localdate()}"}),
        api=lambda c, b: c.post(
            f"/api/v1/security-bulletins/{b.pk}/applied/", {"applied_on": f"{timezone.localdate()}"}, format="json"
        ),
        hospital_page=lambda b: f"/operations/lifecycle/{b.component_id}/",
        portal_page=lambda b: f"/portal/lifecycle/{b.component_id}/",
        offer=lambda b: f"/operations/bulletins/{b.pk}/applied/",
        portal_offer=lambda b: f"/portal/bulletins/{b.pk}/applied/",
    ),
    # --- governance: meetings, minutes, actions ---
    Case(
        "meeting.schedule",
        prepare=lambda w: meeting_for(w.vendor),
        done=field_is("status", "cancelled"),
        hospital=lambda c, m: c.post(f"/governance/meetings/{m.pk}/cancel/"),
        hospital_page=lambda m: f"/governance/meetings/{m.pk}/",
        offer=lambda m: f"/governance/meetings/{m.pk}/cancel/",
    ),
    Case(
        "meeting.agenda_add",
        prepare=lambda w: meeting_for(w.vendor),
        done=lambda m: AgendaItem.objects.filter(meeting=m, title="Upgrade dates").exists(),
        hospital=lambda c, m: c.post(f"/governance/meetings/{m.pk}/items/", {"title": "Upgrade dates"}),
        portal=lambda c, m: c.post(f"/portal/meetings/{m.pk}/items/", {"title": "Upgrade dates"}),
        hospital_page=lambda m: f"/governance/meetings/{m.pk}/",
        portal_page=lambda m: f"/portal/meetings/{m.pk}/",
        offer=lambda m: f"/governance/meetings/{m.pk}/items/",
        portal_offer=lambda m: f"/portal/meetings/{m.pk}/items/",
    ),
    Case(
        "meeting.run",
        prepare=lambda w: (started_meeting_for(w.vendor), ContactFactory(vendor=w.vendor)),
        done=lambda given: (
            Decision.objects.filter(meeting=given[0]).exists() or ActionItem.objects.filter(meeting=given[0]).exists()
        ),
        hospital=lambda c, given: c.post(f"/governance/meetings/{given[0].pk}/decisions/", {"text": "Agreed"}),
        api=lambda c, given: c.post(
            "/api/v1/meeting-actions/",
            {
                "meeting": given[0].pk,
                "description": "Send the plan",
                "owner_contact": given[1].pk,
                "due_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            },
            format="json",
        ),
        hospital_page=lambda given: f"/governance/meetings/{given[0].pk}/",
        portal_page=lambda given: f"/portal/meetings/{given[0].pk}/",
        offer=lambda given: f"/governance/meetings/{given[0].pk}/decisions/",
    ),
    Case(
        "action.update",
        prepare=lambda w: make_action(vendor=w.vendor, user=None, marker="Matrix"),
        done=field_is("status", "done"),
        hospital=lambda c, a: c.post(f"/governance/actions/{a.pk}/status/", {"status": "done"}),
        portal=lambda c, a: c.post(f"/portal/actions/{a.pk}/status/", {"status": "done"}),
        api=lambda c, a: c.post(f"/api/v1/meeting-actions/{a.pk}/status/", {"status": "done"}, format="json"),
        hospital_page=lambda a: f"/governance/meetings/{a.meeting_id}/",
        portal_page=lambda a: f"/portal/meetings/{a.meeting_id}/",
        offer=lambda a: f"/governance/actions/{a.pk}/status/",
        portal_offer=lambda a: f"/portal/actions/{a.pk}/status/",
    ),
    # --- scorecards ---
    Case(
        "scorecard.configure",
        prepare=lambda w: None,
        done=lambda given: EvaluationTemplate.objects.filter(name="Matrix template").exists(),
        hospital=lambda c, given: c.post("/scorecards/templates/add/", MATRIX_TEMPLATE_FORM),
        api=lambda c, given: c.post(
            "/api/v1/evaluation-templates/",
            {
                "name": "Matrix template",
                "criteria": [{"area": "custom", "name": "All", "weight": 100, "method": "manual"}],
            },
            format="json",
        ),
        hospital_page=lambda given: "/scorecards/templates/",
        offer=lambda given: 'href="/scorecards/templates/add/"',
    ),
    Case(
        "evaluation.manage",
        prepare=lambda w: a_scored_draft(w),
        done=field_is("state", Evaluation.State.FINALISED),
        hospital=lambda c, evaluation: c.post(f"/scorecards/{evaluation.pk}/act/", {"action": "finalise"}),
        api=api_post("/api/v1/evaluations/{row.pk}/finalise/"),
        hospital_page=lambda evaluation: f"/scorecards/{evaluation.pk}/",
        offer=lambda evaluation: 'value="finalise"',
    ),
    Case(
        "evaluation.respond",
        prepare=lambda w: finalised_for(w.vendor, state=Evaluation.State.SHARED),
        done=lambda evaluation: CriterionResponse.objects.filter(evaluation=evaluation).exists(),
        portal=lambda c, evaluation: c.post(
            f"/portal/evaluations/{evaluation.pk}/act/",
            {
                "action": "respond",
                "criterion": evaluation.snapshot["criteria"][0]["criterion_id"],
                "kind": "acknowledge",
            },
        ),
        api=lambda c, evaluation: c.post(
            f"/api/v1/evaluations/{evaluation.pk}/respond/",
            {"criterion": evaluation.snapshot["criteria"][0]["criterion_id"], "kind": "acknowledge"},
            format="json",
        ),
        hospital_page=lambda evaluation: f"/scorecards/{evaluation.pk}/",
        portal_page=lambda evaluation: f"/portal/evaluations/{evaluation.pk}/",
        offer=lambda evaluation: 'value="appeal"',
    ),
    Case(
        "plan.manage",
        prepare=lambda w: plan_create(vendor=w.vendor, title="Matrix plan", by=w.admin),
        done=lambda plan: plan.items.filter(description="Matrix item").exists(),
        hospital=lambda c, plan: c.post(
            f"/scorecards/plans/{plan.pk}/act/",
            {
                "action": "add_item",
                "description": "Matrix item",
                "owner_side": "vendor",
                "owner": "Support lead",
                "milestone": f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m-%d}",
            },
        ),
        api=lambda c, plan: c.post(
            f"/api/v1/improvement-plans/{plan.pk}/items/",
            {
                "description": "Matrix item",
                "owner_side": "vendor",
                "owner": "Support lead",
                "milestone": f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m-%d}",
            },
            format="json",
        ),
        hospital_page=lambda plan: f"/scorecards/plans/{plan.pk}/",
        offer=lambda plan: 'value="add_item"',
    ),
    Case(
        "plan.update_progress",
        prepare=lambda w: active_plan_for(w.vendor, admin=w.admin).items.get(owner_side="vendor"),
        done=field_is("status", "in_progress"),
        hospital=lambda c, item: c.post(
            f"/scorecards/plans/{item.plan_id}/act/",
            {"action": "progress", "item": item.pk, "status": "in_progress", "progress": "Started"},
        ),
        portal=lambda c, item: c.post(
            f"/portal/plans/{item.plan_id}/act/",
            {"action": "progress", "item": item.pk, "status": "in_progress", "progress": "Started"},
        ),
        api=lambda c, item: c.post(
            f"/api/v1/improvement-plans/{item.plan_id}/progress/",
            {"item": item.pk, "status": "in_progress", "progress": "Started"},
            format="json",
        ),
        hospital_page=lambda item: f"/scorecards/plans/{item.plan_id}/",
        portal_page=lambda item: f"/portal/plans/{item.plan_id}/",
        offer=lambda item: 'value="progress"',
    ),
    # security and compliance
    Case(
        "compliance.configure",
        prepare=lambda w: DocumentType.objects.get(code="mds2"),
        done=field_is("name", "MDS2 (2019 form)"),
        hospital=lambda c, kind: c.post(
            f"/compliance/document-types/{kind.pk}/edit/",
            {
                "name": "MDS2 (2019 form)",
                "code": kind.code,
                "required_for": kind.required_for,
                "vendor_kinds": kind.vendor_kinds,
                "expires": "on",
                "position": kind.position,
                "active": "on",
            },
        ),
        hospital_page=lambda kind: "/compliance/document-types/",
        offer=lambda kind: f'href="/compliance/document-types/{kind.pk}/edit/"',
    ),
    Case(
        "compliance.document_submit",
        prepare=lambda w: w.vendor,
        done=lambda vendor: ComplianceDocument.objects.filter(vendor=vendor, version="Matrix 2026").exists(),
        hospital=lambda c, vendor: c.post("/compliance/documents/add/", {"vendor": vendor.pk, **compliance_upload()}),
        portal=lambda c, vendor: c.post("/portal/compliance/upload/", compliance_upload()),
        api=lambda c, vendor: c.post(
            "/api/v1/compliance-documents/", {"vendor": vendor.pk, **compliance_upload()}, format="multipart"
        ),
        hospital_page=lambda vendor: "/compliance/",
        portal_page=lambda vendor: "/portal/compliance/",
        offer=lambda vendor: 'href="/compliance/documents/add/"',
        portal_offer=lambda vendor: 'href="/portal/compliance/upload/"',
    ),
    Case(
        "compliance.document_review",
        prepare=lambda w: compliance_document_for(w.vendor, outcome="pending"),
        done=field_is("outcome", "accepted"),
        hospital=lambda c, document: c.post(
            f"/compliance/documents/{document.pk}/review/", {"outcome": "accepted", "notes": ""}
        ),
        api=lambda c, document: c.post(
            f"/api/v1/compliance-documents/{document.pk}/review/", {"outcome": "accepted"}, format="json"
        ),
        hospital_page=lambda document: f"/compliance/documents/{document.pk}/",
        offer=lambda document: f'action="/compliance/documents/{document.pk}/review/"',
    ),
    Case(
        "compliance.terms_manage",
        prepare=lambda w: agreement_for(ContractFactory(vendor=w.vendor)),
        done=lambda agreement: DataProtectionTerms.objects.filter(agreement=agreement, data_location="EU").exists(),
        hospital=lambda c, agreement: c.post(f"/compliance/agreements/{agreement.pk}/terms/", {"data_location": "EU"}),
        api=lambda c, agreement: c.post(
            "/api/v1/data-protection-terms/", {"agreement": agreement.pk, "data_location": "EU"}, format="json"
        ),
        hospital_page=lambda agreement: f"/sla/agreements/{agreement.pk}/",
        offer=lambda agreement: f'href="/compliance/agreements/{agreement.pk}/terms/"',
    ),
    Case(
        "compliance.assessment_manage",
        prepare=lambda w: assessment_for(w.vendor),
        done=lambda assessment: Finding.objects.filter(assessment=assessment, title="Matrix finding").exists(),
        hospital=lambda c, assessment: c.post(
            f"/compliance/assessments/{assessment.pk}/findings/add/",
            {
                "finding-title": "Matrix finding",
                "finding-severity": "low",
                "finding-reported_on": f"{timezone.localdate():%Y-%m-%d}",
            },
        ),
        api=lambda c, assessment: c.post(
            "/api/v1/security-findings/",
            {
                "assessment": assessment.pk,
                "title": "Matrix finding",
                "severity": "low",
                "reported_on": f"{timezone.localdate():%Y-%m-%d}",
            },
            format="json",
        ),
        hospital_page=lambda assessment: f"/compliance/assessments/{assessment.pk}/",
        offer=lambda assessment: f'action="/compliance/assessments/{assessment.pk}/findings/add/"',
    ),
    Case(
        "compliance.finding_answer",
        prepare=lambda w: finding_for(assessment_for(w.vendor)),
        done=field_is("vendor_response", "Fixed in 8.2.1"),
        portal=lambda c, finding: c.post(
            f"/portal/assessments/{finding.assessment_id}/findings/{finding.pk}/answer/", {"response": "Fixed in 8.2.1"}
        ),
        api=lambda c, finding: c.post(
            f"/api/v1/security-findings/{finding.pk}/answer/", {"response": "Fixed in 8.2.1"}, format="json"
        ),
        portal_page=lambda finding: f"/portal/assessments/{finding.assessment_id}/",
        offer=lambda finding: f'/findings/{finding.pk}/answer/"',
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
    # training: certifications
    Case(
        "certification.manage",
        prepare=lambda w: CertificationFactory(kind=CertificationKindFactory(vendor=w.vendor)),
        done=field_is("note", "Renewed at the vendor's academy"),
        hospital=lambda c, cert: c.post(
            f"/training/certifications/{cert.pk}/edit/",
            {
                "person": cert.person_id,
                "kind": cert.kind_id,
                "earned_on": cert.earned_on.isoformat(),
                "note": "Renewed at the vendor's academy",
            },
        ),
        hospital_page=lambda cert: "/training/certifications/",
        offer=lambda cert: 'href="/training/certifications/add/"',
    ),
    # vendor scorecards: staff surveys
    Case(
        "survey.manage",
        prepare=lambda w: (StaffMemberFactory(), draft_survey_for(w.vendor, admin=w.admin))[1],
        done=field_is("state", "open"),
        hospital=lambda c, survey: c.post(f"/scorecards/surveys/{survey.pk}/act/", {"action": "send"}),
        api=api_post("/api/v1/surveys/{row.pk}/send/"),
        hospital_page=lambda survey: f"/scorecards/surveys/{survey.pk}/",
        offer=lambda survey: 'value="send"',
    ),
    # --- operations: upgrade and change plans ---
    Case(
        "change_plan.edit",
        prepare=lambda w: ready_plan(ComponentFactory(vendor=w.vendor)),
        done=lambda plan: plan.steps.filter(description="Matrix step").exists(),
        hospital=lambda c, plan: c.post(f"/operations/plans/{plan.pk}/act/", MATRIX_STEP_FORM),
        portal=lambda c, plan: c.post(f"/portal/change-plans/{plan.pk}/act/", MATRIX_STEP_FORM),
        api=lambda c, plan: c.post(
            f"/api/v1/change-plans/{plan.pk}/steps/",
            {"description": "Matrix step", "side": "vendor", "owner": "Bob"},
            format="json",
        ),
        hospital_page=lambda plan: f"/operations/plans/{plan.pk}/",
        portal_page=lambda plan: f"/portal/change-plans/{plan.pk}/",
        offer=lambda plan: 'value="add_step"',
    ),
    Case(
        "change_plan.decide",
        prepare=lambda w: ready_plan(ComponentFactory(vendor=w.vendor), state=ChangePlan.State.PROPOSED),
        done=lambda plan: ChangePlan.objects.get(pk=plan.pk).state == ChangePlan.State.APPROVED,
        hospital=lambda c, plan: c.post(f"/operations/plans/{plan.pk}/act/", {"action": "approve"}),
        portal=lambda c, plan: c.post(f"/portal/change-plans/{plan.pk}/act/", {"action": "approve"}),
        api=lambda c, plan: c.post(f"/api/v1/change-plans/{plan.pk}/approve/"),
        hospital_page=lambda plan: f"/operations/plans/{plan.pk}/",
        portal_page=lambda plan: f"/portal/change-plans/{plan.pk}/",
        offer=lambda plan: 'value="approve"',
    ),
    Case(
        "change_plan.sign",
        prepare=lambda w: ready_plan(ComponentFactory(vendor=w.vendor)).checks.get(),
        done=lambda check: not PlanCheck.objects.get(pk=check.pk).is_open,
        hospital=lambda c, check: c.post(
            f"/operations/plans/{check.plan_id}/act/",
            {"action": "sign", "check": check.pk, "signed_by_name": "Matrix Signer"},
        ),
        portal=lambda c, check: c.post(
            f"/portal/change-plans/{check.plan_id}/act/",
            {"action": "sign", "check": check.pk, "signed_by_name": "Matrix Signer"},
        ),
        api=lambda c, check: c.post(
            f"/api/v1/change-plans/{check.plan_id}/sign/",
            {"check": check.pk, "signed_by_name": "Matrix Signer"},
            format="json",
        ),
        hospital_page=lambda check: f"/operations/plans/{check.plan_id}/",
        portal_page=lambda check: f"/portal/change-plans/{check.plan_id}/",
        offer=lambda check: 'value="sign"',
    ),
    Case(
        "change_plan.run",
        prepare=lambda w: ready_plan(ComponentFactory(vendor=w.vendor), state=ChangePlan.State.GO),
        done=lambda plan: ChangePlan.objects.get(pk=plan.pk).state == ChangePlan.State.IN_PROGRESS,
        hospital=lambda c, plan: c.post(f"/operations/plans/{plan.pk}/act/", {"action": "start"}),
        portal=lambda c, plan: c.post(f"/portal/change-plans/{plan.pk}/act/", {"action": "start"}),
        api=lambda c, plan: c.post(f"/api/v1/change-plans/{plan.pk}/start/"),
        hospital_page=lambda plan: f"/operations/plans/{plan.pk}/",
        portal_page=lambda plan: f"/portal/change-plans/{plan.pk}/",
        offer=lambda plan: 'value="start"',
    ),
    # --- security incidents ---
    Case(
        "compliance.incident_report",
        prepare=lambda w: w.vendor,
        done=lambda vendor: SecurityIncident.objects.filter(vendor=vendor, title="Matrix incident").exists(),
        hospital=lambda c, vendor: c.post(
            "/compliance/incidents/add/", {"vendor": vendor.pk, **SECURITY_INCIDENT_FORM}
        ),
        portal=lambda c, vendor: c.post("/portal/security-incidents/report/", SECURITY_INCIDENT_FORM),
        api=lambda c, vendor: c.post(
            "/api/v1/security-incidents/",
            {**SECURITY_INCIDENT_FORM, "vendor": vendor.pk, "vendor_aware_at": timezone.now().isoformat()},
            format="json",
        ),
        hospital_page=lambda vendor: "/compliance/incidents/",
        portal_page=lambda vendor: "/portal/security-incidents/",
        offer=lambda vendor: 'href="/compliance/incidents/add/"',
        portal_offer=lambda vendor: 'href="/portal/security-incidents/report/"',
    ),
    Case(
        "compliance.incident_update",
        prepare=lambda w: security_incident_for(w.vendor),
        done=lambda incident: incident.updates.filter(body="Matrix update").exists(),
        hospital=lambda c, incident: c.post(f"/compliance/incidents/{incident.pk}/update/", {"body": "Matrix update"}),
        portal=lambda c, incident: c.post(
            f"/portal/security-incidents/{incident.pk}/update/", {"body": "Matrix update"}
        ),
        api=lambda c, incident: c.post(
            f"/api/v1/security-incidents/{incident.pk}/updates/", {"body": "Matrix update"}, format="json"
        ),
        hospital_page=lambda incident: f"/compliance/incidents/{incident.pk}/",
        portal_page=lambda incident: f"/portal/security-incidents/{incident.pk}/",
        offer=lambda incident: f'incidents/{incident.pk}/update/"',
    ),
    Case(
        "compliance.incident_manage",
        prepare=lambda w: security_incident_for(w.vendor),
        done=field_is("root_cause", "Matrix cause"),
        hospital=lambda c, incident: c.post(
            f"/compliance/incidents/{incident.pk}/close/", {"root_cause": "Matrix cause"}
        ),
        api=lambda c, incident: c.post(
            f"/api/v1/security-incidents/{incident.pk}/close/", {"root_cause": "Matrix cause"}, format="json"
        ),
        hospital_page=lambda incident: f"/compliance/incidents/{incident.pk}/",
        offer=lambda incident: f'action="/compliance/incidents/{incident.pk}/close/"',
    ),
    # --- remote access and the vendor access log ---
    Case(
        "compliance.remote_request",
        prepare=lambda w: ComponentFactory(vendor=w.vendor),
        done=lambda component: RemoteAccessSession.objects.filter(engineer="Matrix engineer").exists(),
        hospital=lambda c, component: c.post(
            "/compliance/remote-access/add/", {"vendor": component.vendor_id, **remote_request(component)}
        ),
        portal=lambda c, component: c.post("/portal/remote-access/request/", remote_request(component)),
        api=lambda c, component: c.post(
            "/api/v1/remote-access-sessions/",
            {
                **remote_request(component),
                "vendor": component.vendor_id,
                "planned_start": (timezone.now() + HOUR).isoformat(),
                "planned_end": (timezone.now() + 3 * HOUR).isoformat(),
            },
            format="json",
        ),
        hospital_page=lambda component: "/compliance/remote-access/",
        portal_page=lambda component: "/portal/remote-access/",
        offer=lambda component: 'href="/compliance/remote-access/add/"',
        portal_offer=lambda component: 'href="/portal/remote-access/request/"',
    ),
    Case(
        "compliance.remote_decide",
        prepare=lambda w: remote_session_for(w.vendor),
        done=field_is("status", "approved"),
        hospital=lambda c, session: c.post(
            f"/compliance/remote-access/{session.pk}/decide/", {"decision": "approve", "note": ""}
        ),
        api=lambda c, session: c.post(
            f"/api/v1/remote-access-sessions/{session.pk}/decide/", {"approve": True}, format="json"
        ),
        hospital_page=lambda session: f"/compliance/remote-access/{session.pk}/",
        offer=lambda session: f'action="/compliance/remote-access/{session.pk}/decide/"',
    ),
    Case(
        "compliance.remote_record",
        prepare=lambda w: remote_session_for(w.vendor, starts_in_hours=-1),
        done=lambda session: RemoteAccessSession.objects.get(pk=session.pk).started_at is not None,
        hospital=lambda c, session: c.post(
            f"/compliance/remote-access/{session.pk}/start/", {"at": local(timezone.now() - HOUR / 2)}
        ),
        portal=lambda c, session: c.post(
            f"/portal/remote-access/{session.pk}/start/", {"at": local(timezone.now() - HOUR / 2)}
        ),
        api=lambda c, session: c.post(
            f"/api/v1/remote-access-sessions/{session.pk}/start/",
            {"at": (timezone.now() - HOUR / 2).isoformat()},
            format="json",
        ),
        hospital_page=lambda session: f"/compliance/remote-access/{session.pk}/",
        portal_page=lambda session: f"/portal/remote-access/{session.pk}/",
        offer=lambda session: f'remote-access/{session.pk}/start/"',
    ),
    Case(
        "compliance.access_log_push",
        prepare=lambda w: w.vendor,
        done=lambda vendor: AccessLogEntry.objects.filter(vendor=vendor, actor="matrix").exists(),
        api=lambda c, vendor: c.post(
            "/api/v1/vendor-access-log/",
            {
                "entries": [
                    {
                        "at": timezone.now().isoformat(),
                        "vendor": vendor.pk,
                        "actor": "matrix",
                        "system": "Archive",
                        "action": "login",
                    }
                ]
            },
            format="json",
        ),
    ),
    # --- interfaces between components ---
    Case(
        "interface.manage",
        prepare=lambda w: InterfaceFactory(source=ComponentFactory(vendor=w.vendor)),
        done=field_is("owner", "Integration team"),
        hospital=lambda c, i: c.post(
            f"/interfaces/{i.pk}/edit/",
            {
                "name": i.name,
                "source": i.source_id,
                "target": i.target_id,
                "protocol": i.protocol,
                "direction": i.direction,
                "criticality": i.criticality,
                "owner": "Integration team",
                "active": "on",
            },
        ),
        api=lambda c, i: c.patch(f"/api/v1/interfaces/{i.pk}/", {"owner": "Integration team"}, format="json"),
        hospital_page=lambda i: f"/interfaces/{i.pk}/",
        portal_page=lambda i: f"/portal/interfaces/{i.pk}/",
        offer=lambda i: f'href="/interfaces/{i.pk}/edit/"',
    ),
    # training: sessions
    Case(
        "session.manage",
        prepare=lambda w: SessionFactory(course=CourseFactory(vendor=w.vendor)),
        done=field_is("status", Session.Status.CANCELLED),
        hospital=lambda c, s: c.post(f"/training/sessions/{s.pk}/cancel/"),
        api=api_post("/api/v1/training-sessions/{row.pk}/cancel/"),
        hospital_page=lambda s: f"/training/sessions/{s.pk}/",
        offer=lambda s: f'action="/training/sessions/{s.pk}/cancel/"',
    ),
    Case(
        "session.enrol",
        prepare=lambda w: (SessionFactory(course=CourseFactory(vendor=w.vendor)), StaffMemberFactory()),
        done=lambda given: Enrolment.objects.filter(session=given[0], person=given[1]).exists(),
        hospital=lambda c, given: c.post(f"/training/sessions/{given[0].pk}/enrol/", {"person": given[1].pk}),
        api=lambda c, given: c.post(
            f"/api/v1/training-sessions/{given[0].pk}/enrol/", {"person": given[1].pk}, format="json"
        ),
        hospital_page=lambda given: f"/training/sessions/{given[0].pk}/",
        offer=lambda given: 'id="enrol"',
    ),
    Case(
        "session.attendance",
        prepare=lambda w: a_started_session_seat(w),
        done=lambda seat: Enrolment.objects.get(pk=seat.pk).status == Enrolment.Status.ATTENDED,
        hospital=lambda c, seat: c.post(
            f"/training/sessions/{seat.session_id}/attendance/", {f"status_{seat.pk}": "attended"}
        ),
        portal=lambda c, seat: c.post(
            f"/portal/sessions/{seat.session_id}/attendance/", {f"status_{seat.pk}": "attended"}
        ),
        api=lambda c, seat: c.post(
            f"/api/v1/training-sessions/{seat.session_id}/attendance/",
            {"attendance": [{"enrolment": seat.pk, "status": "attended"}]},
            format="json",
        ),
        hospital_page=lambda seat: f"/training/sessions/{seat.session_id}/",
        portal_page=lambda seat: f"/portal/sessions/{seat.session_id}/",
        offer=lambda seat: 'id="attendance"',
    ),
    # --- operations: test protocols of change plans ---
    Case(
        "protocol.manage",
        prepare=lambda w: protocol_template(name="Matrix template", cases=0),
        done=lambda template: template.cases.filter(title="Matrix case").exists(),
        hospital=lambda c, template: c.post(
            f"/operations/protocols/{template.pk}/cases/",
            {"action": "add", "title": "Matrix case", "expected_result": "Works"},
        ),
        api=lambda c, template: c.post(
            f"/api/v1/protocol-templates/{template.pk}/cases/",
            {"title": "Matrix case", "expected_result": "Works"},
            format="json",
        ),
        hospital_page=lambda template: f"/operations/protocols/{template.pk}/",
        offer=lambda template: f'action="/operations/protocols/{template.pk}/cases/"',
    ),
    Case(
        "change_plan.test",
        prepare=lambda w: protocol_case_for(
            ready_plan(ComponentFactory(vendor=w.vendor), state=ChangePlan.State.IN_PROGRESS)
        ),
        done=lambda case: PlanTestCase.objects.get(pk=case.pk).result == PlanTestCase.Result.PASS,
        hospital=lambda c, case: c.post(
            f"/operations/plans/{case.plan_id}/act/", {"action": "record_case", "case": case.pk, "result": "pass"}
        ),
        portal=lambda c, case: c.post(
            f"/portal/change-plans/{case.plan_id}/act/", {"action": "record_case", "case": case.pk, "result": "pass"}
        ),
        api=lambda c, case: c.post(f"/api/v1/plan-test-cases/{case.pk}/result/", {"result": "pass"}, format="json"),
        hospital_page=lambda case: f"/operations/plans/{case.plan_id}/",
        portal_page=lambda case: f"/portal/change-plans/{case.plan_id}/",
        offer=lambda case: 'value="record_case"',
    ),
    Case(
        "lessons.record",
        prepare=lambda w: lessons_review_for(finished_plan(ComponentFactory(vendor=w.vendor))),
        done=lambda review: review.actions.filter(description="Matrix action").exists(),
        hospital=lambda c, review: c.post(f"/operations/lessons/{review.pk}/act/", MATRIX_LESSON_FORM),
        portal=lambda c, review: c.post(f"/portal/lessons/{review.pk}/act/", MATRIX_LESSON_FORM),
        api=lambda c, review: c.post(
            f"/api/v1/lessons-reviews/{review.pk}/actions/",
            {"description": "Matrix action", "side": "vendor", "owner_name": "Bob", "due_date": "2026-06-01"},
            format="json",
        ),
        hospital_page=lambda review: f"/operations/lessons/{review.pk}/",
        portal_page=lambda review: f"/portal/lessons/{review.pk}/",
        offer=lambda review: 'value="add_action"',
    ),
    Case(
        "recovery.plan",
        prepare=lambda w: recovery_test_for(ComponentFactory(vendor=w.vendor)),
        done=lambda test: RecoveryTest.objects.get(pk=test.pk).every_months == 3,
        hospital=lambda c, test: c.post(
            f"/operations/recovery-tests/{test.pk}/edit/",
            {
                "component": test.component_id,
                "kind": test.kind,
                "every_months": 3,
                "rto_target_minutes": test.rto_target_minutes,
                "rpo_target_minutes": test.rpo_target_minutes,
                "next_due_on": test.next_due_on.isoformat(),
                "active": "on",
            },
        ),
        api=lambda c, test: c.patch(f"/api/v1/recovery-tests/{test.pk}/", {"every_months": 3}, format="json"),
        hospital_page=lambda test: f"/operations/recovery-tests/{test.pk}/",
        offer=lambda test: f'href="/operations/recovery-tests/{test.pk}/edit/"',
    ),
    Case(
        "recovery.record",
        prepare=lambda w: recovery_test_for(ComponentFactory(vendor=w.vendor)),
        done=lambda test: test.runs.exists(),
        hospital=lambda c, test: c.post(f"/operations/recovery-tests/{test.pk}/", matrix_recovery_run()),
        portal=lambda c, test: c.post(f"/portal/recovery-tests/{test.pk}/", matrix_recovery_run()),
        api=lambda c, test: c.post(
            f"/api/v1/recovery-tests/{test.pk}/runs/",
            {
                "started_at": (timezone.now() - 3 * HOUR).isoformat(),
                "restored_at": (timezone.now() - 2 * HOUR).isoformat(),
                "rpo_achieved_minutes": 5,
                "result": "success",
            },
            format="json",
        ),
        hospital_page=lambda test: f"/operations/recovery-tests/{test.pk}/",
        portal_page=lambda test: f"/portal/recovery-tests/{test.pk}/",
        offer=lambda test: "Record the run",
    ),
    # --- interface monitoring: a change plan's integration checks ---
    Case(
        "change_plan.integration_checks",
        prepare=lambda w: a_plan_with_a_watched_interface(w),
        done=lambda plan: integration_checks_queued(plan),
        hospital=lambda c, plan: c.post(f"/operations/plans/{plan.pk}/act/", {"action": "integration_checks"}),
        api=lambda c, plan: c.post(f"/api/v1/change-plans/{plan.pk}/integration-checks/"),
        hospital_page=lambda plan: f"/operations/plans/{plan.pk}/",
        portal_page=lambda plan: f"/portal/change-plans/{plan.pk}/",
        offer=lambda plan: 'value="integration_checks"',
    ),
    # --- vendor scorecards: vendor selection (hospital pages only) ---
    Case(
        "selection.manage",
        prepare=lambda w: selection_project(admin=w.admin),
        done=lambda project: project.candidates.filter(name="Matrix candidate").exists(),
        hospital=lambda c, project: c.post(
            "/scorecards/selection/candidates/add/", {"project": project.pk, "name": "Matrix candidate"}
        ),
        api=lambda c, project: c.post(
            "/api/v1/candidates/", {"project": project.pk, "name": "Matrix candidate"}, format="json"
        ),
        hospital_page=lambda project: f"/scorecards/selection/{project.pk}/",
        offer=lambda project: f'href="/scorecards/selection/candidates/add/?project={project.pk}"',
    ),
    Case(
        "selection.score",
        prepare=lambda w: selection_project(admin=w.admin).candidates.first(),
        done=lambda candidate: candidate.scores.exists(),
        hospital=lambda c, candidate: c.post(
            f"/scorecards/selection/candidates/{candidate.pk}/", matrix_selection_scores(candidate)
        ),
        api=lambda c, candidate: c.put(
            f"/api/v1/candidates/{candidate.pk}/scores/",
            {"scores": [{"criterion": candidate.project.template.criteria.first().pk, "score": 70}]},
            format="json",
        ),
        hospital_page=lambda candidate: f"/scorecards/selection/candidates/{candidate.pk}/",
        offer=lambda candidate: "Save my scores",
    ),
    Case(
        "selection.decide",
        prepare=lambda w: selection_project(admin=w.admin),
        done=lambda project: SelectionProject.objects.get(pk=project.pk).state == "decided",
        hospital=lambda c, project: c.post(
            f"/scorecards/selection/{project.pk}/",
            {"chosen": project.candidates.first().pk, "decided_on": "2026-03-02", "rationale": "Matrix"},
        ),
        api=lambda c, project: c.post(
            f"/api/v1/selection-projects/{project.pk}/decide/",
            {"chosen": project.candidates.first().pk, "decided_on": "2026-03-02", "rationale": "Matrix"},
            format="json",
        ),
        hospital_page=lambda project: f"/scorecards/selection/{project.pk}/",
        offer=lambda project: "Record the decision",
    ),
    # --- training: the knowledge base ---
    Case(
        "article.write",
        prepare=lambda w: make_article(vendor=w.vendor, by=HospitalAdminFactory(), title="Matrix article"),
        done=field_is("release", "9.1"),
        hospital=lambda c, article: c.post(
            f"/training/articles/{article.pk}/edit/",
            {**ARTICLE_FORM, "vendor": article.vendor_id, "release": "9.1"},
        ),
        portal=lambda c, article: c.post(f"/portal/articles/{article.pk}/edit/", {**ARTICLE_FORM, "release": "9.1"}),
        api=lambda c, article: c.patch(f"/api/v1/articles/{article.pk}/", {"release": "9.1"}, format="json"),
        hospital_page=lambda article: f"/training/articles/{article.pk}/",
        portal_page=lambda article: f"/portal/articles/{article.pk}/",
        offer=lambda article: f'href="/training/articles/{article.pk}/edit/"',
        portal_offer=lambda article: f'href="/portal/articles/{article.pk}/edit/"',
    ),
    Case(
        "article.link",
        prepare=lambda w: (
            open_ticket(w.vendor, title="Matrix ticket"),
            make_article(vendor=w.vendor, by=HospitalAdminFactory(), title="Matrix answer"),
        ),
        done=lambda given: ArticleLink.objects.filter(ticket=given[0], article=given[1]).exists(),
        hospital=lambda c, given: c.post(f"/training/tickets/{given[0].pk}/articles/", {"article": given[1].pk}),
        hospital_page=lambda given: f"/tickets/{given[0].pk}/",
        portal_page=lambda given: f"/portal/tickets/{given[0].pk}/",
        offer=lambda given: f'action="/training/tickets/{given[0].pk}/articles/"',
    ),
    # governance: SLA annual reviews
    Case(
        "sla_review.manage",
        prepare=lambda w: sla_review_for(w.vendor),
        done=lambda review: review.findings.filter(subject="Uptime").exists(),
        hospital=lambda c, review: c.post(
            f"/governance/reviews/{review.pk}/findings/", {"subject": "Uptime", "finding": "Below target twice."}
        ),
        hospital_page=lambda review: f"/governance/reviews/{review.pk}/",
        offer=lambda review: "Conclude the review",
    ),
    # --- operations: health assessments ---
    Case(
        "health.template",
        prepare=lambda w: health_template_for(name="Matrix health template"),
        done=lambda template: HealthTemplate.objects.get(pk=template.pk).checks == "Matrix check",
        hospital=lambda c, template: c.post(
            f"/operations/health-templates/{template.pk}/edit/",
            {
                "name": template.name,
                "component_kind": template.component_kind,
                "checks": "Matrix check",
                "active": "on",
            },
        ),
        api=lambda c, template: c.patch(
            f"/api/v1/health-templates/{template.pk}/", {"checks": "Matrix check"}, format="json"
        ),
        hospital_page=lambda template: f"/operations/health-templates/{template.pk}/",
        offer=lambda template: f'href="/operations/health-templates/{template.pk}/edit/"',
    ),
    Case(
        "health.plan",
        prepare=lambda w: health_assessment_for(ComponentFactory(vendor=w.vendor)),
        done=lambda assessment: HealthAssessment.objects.get(pk=assessment.pk).every_months == 6,
        hospital=lambda c, assessment: c.post(
            f"/operations/health/{assessment.pk}/edit/",
            {
                "component": assessment.component_id,
                "template": assessment.template_id,
                "every_months": 6,
                "next_due_on": assessment.next_due_on.isoformat(),
                "active": "on",
            },
        ),
        api=lambda c, assessment: c.patch(
            f"/api/v1/health-assessments/{assessment.pk}/", {"every_months": 6}, format="json"
        ),
        hospital_page=lambda assessment: f"/operations/health/{assessment.pk}/",
        offer=lambda assessment: f'href="/operations/health/{assessment.pk}/edit/"',
    ),
    Case(
        "health.record",
        prepare=lambda w: health_assessment_for(ComponentFactory(vendor=w.vendor)),
        done=lambda assessment: assessment.runs.exists(),
        hospital=lambda c, assessment: c.post(f"/operations/health/{assessment.pk}/act/", matrix_health_run()),
        portal=lambda c, assessment: c.post(f"/portal/health/{assessment.pk}/act/", matrix_health_run()),
        api=lambda c, assessment: c.post(
            f"/api/v1/health-assessments/{assessment.pk}/runs/",
            {
                "performed_on": timezone.localdate().isoformat(),
                "engineer_name": "Bob",
                "results": [{"result": "ok"}, {"result": "ok"}, {"result": "n_a"}],
            },
            format="json",
        ),
        hospital_page=lambda assessment: f"/operations/health/{assessment.pk}/",
        portal_page=lambda assessment: f"/portal/health/{assessment.pk}/",
        offer=lambda assessment: "Record the assessment",
    ),
]


def matrix_selection_scores(candidate: Any) -> dict[str, Any]:
    criteria = list(candidate.project.template.criteria.all())
    data: dict[str, Any] = {"scores-TOTAL_FORMS": len(criteria), "scores-INITIAL_FORMS": len(criteria)}
    for index, criterion in enumerate(criteria):
        data[f"scores-{index}-criterion"] = criterion.pk
        data[f"scores-{index}-score"] = 70
    return data


def matrix_health_run() -> dict[str, Any]:
    return {
        "action": "record_run",
        "run-performed_on": timezone.localdate().isoformat(),
        "run-engineer_name": "Bob",
        **{f"run-result_{position}": "ok" for position in (1, 2, 3)},
    }


def a_started_session_seat(world: World) -> Enrolment:
    """A seat on the vendor's course's session that started an hour ago."""
    now = timezone.now()
    session = SessionFactory(course=CourseFactory(vendor=world.vendor), starts_at=now - HOUR, ends_at=now + HOUR)
    return EnrolmentFactory(session=session)


def matrix_recovery_run() -> dict[str, Any]:
    return {
        "run-started_at": local(timezone.now() - 3 * HOUR),
        "run-restored_at": local(timezone.now() - 2 * HOUR),
        "run-rpo_achieved_minutes": 5,
        "run-result": "success",
    }


MATRIX_LESSON_FORM = {
    "action": "add_action",
    "action-description": "Matrix action",
    "action-side": "vendor",
    "action-owner_name": "Bob",
    "action-due_date": "2026-06-01",
}

MATRIX_STEP_FORM = {"action": "add_step", "step-description": "Matrix step", "step-side": "vendor", "step-owner": "Bob"}

MATRIX_TEMPLATE_FORM = {
    "name": "Matrix template",
    "criteria-TOTAL_FORMS": "1",
    "criteria-INITIAL_FORMS": "0",
    "criteria-0-area": "custom",
    "criteria-0-name": "All",
    "criteria-0-weight": "100",
    "criteria-0-method": "manual",
}


def a_scored_draft(world: World) -> Evaluation:
    evaluation = draft_for(world.vendor, admin=world.admin)
    manual = evaluation.template.criteria.get(method="manual")
    evaluation_score_manual(
        evaluation=evaluation, criterion=manual, score=Decimal(70), justification="Matrix", by=world.admin
    )
    return evaluation


def a_plan_with_a_watched_interface(world: World) -> ChangePlan:
    """A plan with its go, on a component whose interface an active probe watches; the task queue
    emptied, so ``integration_checks_queued`` sees only this case's batch."""
    archive = ComponentFactory(vendor=world.vendor, name="Matrix archive")
    ris = ComponentFactory(vendor=world.vendor, name="Matrix RIS")
    orders = InterfaceFactory(name="Matrix orders", source=ris, target=archive)
    make_probe(world.vendor, archive, name="Matrix orders probe", interface=orders, kind="hl7_mllp")
    broker = Broker()
    broker.reset()
    broker.close()
    return ready_plan(archive, state=ChangePlan.State.GO)


def integration_checks_queued(plan: ChangePlan) -> bool:
    broker = Broker()
    try:
        return any(
            task.name == "operations.tasks.run_integration_checks" and task.args[0] == plan.pk
            for task in broker.tasks()
        )
    finally:
        broker.close()


SECURITY_INCIDENT_FORM = {
    "title": "Matrix incident",
    "kind": "other",
    "severity": "low",
    "description": "Matrix",
    "vendor_aware_at": "2026-01-05T08:00",
}


def remote_request(component: Component) -> dict[str, Any]:
    start = timezone.now() + HOUR
    return {
        "engineer": "Matrix engineer",
        "reason": "Matrix",
        "components": [component.pk],
        "change_link": "https://changes.hospital.example/CHG-9",
        "method": "gateway",
        "planned_start": local(start),
        "planned_end": local(start + 2 * HOUR),
    }


def compliance_upload() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "document_type": DocumentType.objects.get(code="cyber-insurance").pk,
        "version": "Matrix 2026",
        "issued_on": f"{today - dt.timedelta(days=3):%Y-%m-%d}",
        "valid_until": f"{today + dt.timedelta(days=365):%Y-%m-%d}",
        "scope": "",
        "file": compliance_pdf(),
    }


COURSE_FORM = {"title": "Matrix course", "delivery": "vendor_led", "duration_minutes": 90, "active": "on"}
ARTICLE_FORM = {"kind": "tip", "title": "Matrix article", "body": "Matrix body.", "status": "published"}


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
