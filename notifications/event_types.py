"""The catalogue of what people are told about: each event type, what it means, who may receive
it and how by default.

Callers decide who hears of an event (their domain knows: "the hospital's users and the
vendor's users"); each recipient's preferences decide how (in the app, by email at once or in
the daily digest). Only deviations from these defaults are stored, so a changed default or a new
event type reaches everyone who has not chosen otherwise. Pure data: no queries here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models

from core.roles import Role


class EventType(models.TextChoices):
    MONITORING_INCIDENT_OPENED = "monitoring_incident_opened", "Outage detected by monitoring"
    MONITORING_INCIDENT_CLOSED = "monitoring_incident_closed", "Outage over"
    INCIDENT_RECORDED = "incident_recorded", "Incident recorded"
    INCIDENT_COMMENT = "incident_comment", "Incident discussion"
    TICKET_P1_OPENED = "ticket_p1_opened", "P1 ticket opened"
    TICKET_P2_OPENED = "ticket_p2_opened", "P2 ticket opened"
    SLA_WARNING = "sla_warning", "SLA target at risk"
    SLA_BREACH = "sla_breach", "SLA target breached"
    REPORTED_TICKET_ANSWERED = "reported_ticket_answered", "Reply on a ticket you reported"
    REPORTED_TICKET_RESOLVED = "reported_ticket_resolved", "Ticket you reported resolved"
    KPI_ALERT = "kpi_alert", "KPI alert"
    MAINTENANCE_ANNOUNCED = "maintenance_announced", "Maintenance announced by a vendor"
    MAINTENANCE_DECIDED = "maintenance_decided", "Maintenance approved or rejected"
    MAINTENANCE_CANCELLED = "maintenance_cancelled", "Maintenance cancelled"
    CREDIT_CLAIMED = "credit_claimed", "Service credit claimed"
    CREDIT_ACKNOWLEDGED = "credit_acknowledged", "Service credit acknowledged"
    CREDIT_DISPUTED = "credit_disputed", "Service credit disputed"
    CREDIT_DISPUTE_ANSWERED = "credit_dispute_answered", "Credit dispute answered"
    CREDIT_CLAIM_DUE = "credit_claim_due", "Credit claim deadline"
    CHRONIC_FAILURE = "chronic_failure", "Chronic SLA failure"
    CONTRACT_DATE = "contract_date", "Contract date coming up"
    LIFECYCLE_DATE = "lifecycle_date", "Warranty or support ending"
    REPORT_GENERATION_FAILED = "report_generation_failed", "Report not generated"
    REPORT_DELIVERY_FAILED = "report_delivery_failed", "Report delivery failed"
    ASSIGNED_TO_ME = "assigned_to_me", "Assigned to you"
    ACTION_DUE = "action_due", "Your action due soon or overdue"
    EMAIL_FAILED = "email_failed", "Email not delivered"
    # compliance
    COMPLIANCE_DOCUMENT_SUBMITTED = "compliance_document_submitted", "Compliance document submitted"
    COMPLIANCE_DOCUMENT_REVIEWED = "compliance_document_reviewed", "Compliance document reviewed"
    COMPLIANCE_DOCUMENT_EXPIRING = "compliance_document_expiring", "Compliance document expiring"
    SECURITY_FINDING_REPORTED = "security_finding_reported", "Security finding reported"
    SECURITY_FINDING_ANSWERED = "security_finding_answered", "Security finding answered"
    # training
    CERTIFICATION_EXPIRING = "certification_expiring", "Staff certification expiring"
    # scorecards
    PLAN_ITEM_DUE = "plan_item_due", "Improvement plan item due soon or overdue"
    # operations: upgrade and change plans
    CHANGE_PLAN_PROPOSED = "change_plan_proposed", "Change plan proposed"
    CHANGE_PLAN_APPROVED = "change_plan_approved", "Change plan approved"
    CHANGE_PLAN_GO = "change_plan_go", "Change plan go or no-go"
    # compliance: security incidents and their notification clocks
    SECURITY_INCIDENT_REPORTED = "security_incident_reported", "Security incident reported"
    SECURITY_INCIDENT_UPDATED = "security_incident_updated", "Security incident update"
    SECURITY_CLOCK_DUE = "security_clock_due", "Breach notification due soon"
    SECURITY_CLOCK_BREACHED = "security_clock_breached", "Breach notification deadline missed"
    REMOTE_ACCESS_REQUESTED = "remote_access_requested", "Remote access requested"
    REMOTE_ACCESS_DECIDED = "remote_access_decided", "Remote access approved or rejected"
    # operations: backup and disaster-recovery tests
    RECOVERY_TEST_DUE = "recovery_test_due", "Backup or DR test due soon or overdue"
    # compliance: security findings nobody owns
    SECURITY_FINDING_UNOWNED = "security_finding_unowned", "Security finding without a remediation owner"
    # governance: SLA annual reviews
    SLA_REVIEW_DUE = "sla_review_due", "SLA annual review due soon or overdue"
    # operations: health assessments
    HEALTH_ASSESSMENT_DUE = "health_assessment_due", "Health assessment due soon or overdue"


class EmailDelivery(models.TextChoices):
    OFF = "off", "Off"
    IMMEDIATE = "immediate", "Immediately"
    DIGEST = "digest", "Daily digest"


@dataclass(frozen=True)
class Channels:
    """How one person hears of one event type."""

    in_app: bool
    email: str  # an EmailDelivery value

    @property
    def is_silent(self) -> bool:
        return not self.in_app and self.email == EmailDelivery.OFF

    def describe(self) -> str:
        parts = ["in the app"] if self.in_app else []
        if self.email == EmailDelivery.IMMEDIATE:
            parts.append("email at once")
        elif self.email == EmailDelivery.DIGEST:
            parts.append("daily digest")
        return " + ".join(parts) if parts else "nothing"


APP_AND_EMAIL = Channels(in_app=True, email=EmailDelivery.IMMEDIATE)
APP_AND_DIGEST = Channels(in_app=True, email=EmailDelivery.DIGEST)
APP_ONLY = Channels(in_app=True, email=EmailDelivery.OFF)
NOTHING = Channels(in_app=False, email=EmailDelivery.OFF)

ADMIN, STAFF, VENDOR = Role.HOSPITAL_ADMIN, Role.HOSPITAL_STAFF, Role.VENDOR_USER


@dataclass(frozen=True)
class EventSpec:
    """One event type: its group on the settings page, what it means in one line, and the
    defaults of each role that can receive it (a role not listed never does)."""

    type: EventType
    group: str
    description: str
    defaults: Mapping[str, Channels] = field(default_factory=dict)
    email_allowed: bool = True

    @property
    def label(self) -> str:
        return self.type.label

    def applies_to(self, role: str) -> bool:
        return role in self.defaults

    def default_for(self, role: str) -> Channels:
        return self.defaults.get(role, NOTHING)


OUTAGES = "Outages and incidents"
TICKETS = "Tickets and SLA clocks"
KPIS = "KPIs"
MAINTENANCE = "Maintenance"
CREDITS = "Service credits"
CONTRACTS = "Contracts and reports"
PERSONAL = "Assigned to you"
SYSTEM = "System"
COMPLIANCE = "Security and compliance"
TRAINING = "Training"
RELATIONSHIP = "Vendor relationship"

E = EventType
CATALOGUE: tuple[EventSpec, ...] = (
    EventSpec(
        E.MONITORING_INCIDENT_OPENED,
        OUTAGES,
        "Our probes found a PACS component not answering and opened an incident.",
        {ADMIN: APP_AND_EMAIL, STAFF: NOTHING, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.MONITORING_INCIDENT_CLOSED,
        OUTAGES,
        "The probes reach the component again and closed the incident they had opened.",
        {ADMIN: APP_AND_EMAIL, STAFF: NOTHING, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.INCIDENT_RECORDED,
        OUTAGES,
        "Someone else recorded an incident (a component down or degraded) by hand or through the API.",
        {ADMIN: APP_ONLY, STAFF: NOTHING, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.INCIDENT_COMMENT,
        OUTAGES,
        "The other side commented on an incident or proposed its root cause.",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.TICKET_P1_OPENED,
        TICKETS,
        "A critical (P1) ticket was opened, or a ticket was raised to P1.",
        {ADMIN: APP_AND_EMAIL, STAFF: NOTHING, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.TICKET_P2_OPENED,
        TICKETS,
        "A high-severity (P2) ticket was opened, or a ticket was raised to P2.",
        {ADMIN: APP_AND_DIGEST, STAFF: NOTHING, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SLA_WARNING,
        TICKETS,
        "A ticket's response, update or resolution clock passed a warning step of its escalation path.",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SLA_BREACH,
        TICKETS,
        "A ticket missed its response, update or resolution target (or went further past it).",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.REPORTED_TICKET_ANSWERED,
        TICKETS,
        "The vendor replied on a ticket you opened.",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_AND_EMAIL},
    ),
    EventSpec(
        E.REPORTED_TICKET_RESOLVED,
        TICKETS,
        "A ticket you opened was resolved; the message has a one-click link to rate the support.",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.KPI_ALERT,
        KPIS,
        "A KPI left its warning band or missed its target, got worse week over week, storage is "
        "running out, or it recovered.",
        {ADMIN: APP_AND_DIGEST, STAFF: NOTHING},
    ),
    EventSpec(
        E.MAINTENANCE_ANNOUNCED,
        MAINTENANCE,
        "A vendor announced maintenance or changed its plan; it waits for a hospital admin's approval.",
        {ADMIN: APP_AND_EMAIL, STAFF: NOTHING},
    ),
    EventSpec(
        E.MAINTENANCE_DECIDED,
        MAINTENANCE,
        "The hospital approved or rejected maintenance you announced.",
        {VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.MAINTENANCE_CANCELLED,
        MAINTENANCE,
        "The other side called off planned maintenance.",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(E.CREDIT_CLAIMED, CREDITS, "The hospital claimed a service credit from you.", {VENDOR: APP_AND_EMAIL}),
    EventSpec(E.CREDIT_ACKNOWLEDGED, CREDITS, "A vendor accepted a claimed service credit.", {ADMIN: APP_AND_DIGEST}),
    EventSpec(
        E.CREDIT_DISPUTED, CREDITS, "A vendor disputed a claimed service credit, saying why.", {ADMIN: APP_AND_EMAIL}
    ),
    EventSpec(
        E.CREDIT_DISPUTE_ANSWERED,
        CREDITS,
        "The hospital answered your dispute and upholds its claim.",
        {VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.CREDIT_CLAIM_DUE,
        CREDITS,
        "An owed credit must be claimed within days, or its claim deadline passed unclaimed.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.CHRONIC_FAILURE,
        CREDITS,
        "A vendor's uptime was below the chronic-failure threshold in too many recent months.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.CONTRACT_DATE,
        CONTRACTS,
        "A contract's renewal-notice deadline or end is 60, 30, 14, 7 or 1 day(s) away, or today.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.LIFECYCLE_DATE,
        CONTRACTS,
        "A PACS component's warranty or its vendor's support ends in 90, 30, 7 or 1 day(s), or today.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.REPORT_GENERATION_FAILED,
        CONTRACTS,
        "A monthly vendor report could not be generated.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.REPORT_DELIVERY_FAILED,
        CONTRACTS,
        "A monthly report's email to one of its recipients failed after its last attempt.",
        # In the app at once: when the mail server is down, another email would fail too.
        {ADMIN: APP_AND_DIGEST},
    ),
    EventSpec(
        E.ASSIGNED_TO_ME,
        PERSONAL,
        "You were made the owner of something to do, such as an incident's follow-up action.",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.ACTION_DUE,
        PERSONAL,
        "An action you own (a meeting action, an incident follow-up) is due in a few days, or overdue.",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.EMAIL_FAILED,
        SYSTEM,
        "An email could not be delivered after its last attempt (shown in the app only: mail is what failed).",
        {ADMIN: APP_ONLY},
        email_allowed=False,
    ),
    # compliance
    EventSpec(
        E.COMPLIANCE_DOCUMENT_SUBMITTED,
        COMPLIANCE,
        "A vendor uploaded a compliance document (a BAA, a SOC 2 report, a certificate) for review.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.COMPLIANCE_DOCUMENT_REVIEWED,
        COMPLIANCE,
        "The hospital accepted or rejected a compliance document you uploaded.",
        {VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.COMPLIANCE_DOCUMENT_EXPIRING,
        COMPLIANCE,
        "A vendor's accepted compliance document expires in 90, 60, 30, 14, 7 or 1 day(s), or today.",
        {ADMIN: APP_AND_DIGEST, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SECURITY_FINDING_REPORTED,
        COMPLIANCE,
        "An assessment found a security weakness in your product, or its retest failed: answer it by its due date.",
        {VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SECURITY_FINDING_ANSWERED,
        COMPLIANCE,
        "A vendor answered a security finding (its fix, or why it stands).",
        {ADMIN: APP_AND_EMAIL},
    ),
    # training
    EventSpec(
        E.CERTIFICATION_EXPIRING,
        TRAINING,
        "A certification of someone in the staff directory (yours, if it is) expires in 60, 30 or 7 days, or today.",
        {ADMIN: APP_AND_DIGEST, STAFF: APP_AND_EMAIL},
    ),
    # scorecards
    EventSpec(
        E.PLAN_ITEM_DUE,
        RELATIONSHIP,
        "An item of an active improvement plan is due within a week, or its milestone has passed "
        "(vendor users: their side's items).",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    # operations: upgrade and change plans
    EventSpec(
        E.CHANGE_PLAN_PROPOSED,
        MAINTENANCE,
        "A vendor proposed an upgrade or change plan; it waits for a hospital admin's approval.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.CHANGE_PLAN_APPROVED,
        MAINTENANCE,
        "The hospital approved an upgrade or change plan; its window is now approved maintenance.",
        {VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.CHANGE_PLAN_GO,
        MAINTENANCE,
        "A hospital admin decided go or no-go for an upgrade or change plan.",
        {ADMIN: APP_AND_EMAIL, STAFF: APP_ONLY, VENDOR: APP_AND_EMAIL},
    ),
    # compliance: security incidents and their notification clocks
    EventSpec(
        E.SECURITY_INCIDENT_REPORTED,
        COMPLIANCE,
        "A security or privacy incident (a suspected or confirmed breach) was reported for a vendor.",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SECURITY_INCIDENT_UPDATED,
        COMPLIANCE,
        "A security incident has an update: news from either side, a notification recorded, its closure.",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SECURITY_CLOCK_DUE,
        COMPLIANCE,
        "Less than a quarter of a breach-notification deadline is left (the vendor's to us, ours to the authority).",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.SECURITY_CLOCK_BREACHED,
        COMPLIANCE,
        "A breach-notification deadline passed without the notification.",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    EventSpec(
        E.REMOTE_ACCESS_REQUESTED,
        COMPLIANCE,
        "A vendor engineer asked for a remote-access session: approve or reject it before its window.",
        {ADMIN: APP_AND_EMAIL},
    ),
    EventSpec(
        E.REMOTE_ACCESS_DECIDED,
        COMPLIANCE,
        "The hospital approved or rejected your remote-access request.",
        {VENDOR: APP_AND_EMAIL},
    ),
    # operations: backup and disaster-recovery tests
    EventSpec(
        E.RECOVERY_TEST_DUE,
        MAINTENANCE,
        "A backup or disaster-recovery test of a component is due within 30 or 7 days, today, or is overdue "
        "(every week until it is run).",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
    # compliance: security findings nobody owns
    EventSpec(
        E.SECURITY_FINDING_UNOWNED,
        COMPLIANCE,
        "An open security finding has no remediation owner (once when found, once more when it is past due).",
        {ADMIN: APP_AND_EMAIL},
    ),
    # governance: SLA annual reviews
    EventSpec(
        E.SLA_REVIEW_DUE,
        CONTRACTS,
        "An agreement's annual SLA review is due within 60 or 14 days, today, or is overdue (every week until "
        "it is concluded).",
        {ADMIN: APP_AND_EMAIL},
    ),
    # operations: health assessments
    EventSpec(
        E.HEALTH_ASSESSMENT_DUE,
        MAINTENANCE,
        "A component's health assessment is due within 30 or 7 days, today, or is overdue (every week until "
        "it is recorded).",
        {ADMIN: APP_AND_EMAIL, VENDOR: APP_AND_EMAIL},
    ),
)
SPECS: dict[str, EventSpec] = {spec.type.value: spec for spec in CATALOGUE}


def spec_of(event_type: str) -> EventSpec:
    return SPECS[event_type]


def specs_for_role(role: str) -> list[EventSpec]:
    """The event types a user of ``role`` can receive, in catalogue order."""
    return [spec for spec in CATALOGUE if spec.applies_to(role)]


def channels_resolve(spec: EventSpec, role: str, in_app: bool | None = None, email: str = "") -> Channels:
    """A person's channels for one event type: their stored choice where they made one (``None``
    / ``""``: none), else their role's default. A role the event type is not for receives
    nothing; email is off for events that are never mailed."""
    if not spec.applies_to(role):
        return NOTHING
    default = spec.default_for(role)
    return Channels(
        in_app=default.in_app if in_app is None else in_app,
        email=(email or default.email) if spec.email_allowed else EmailDelivery.OFF,
    )
