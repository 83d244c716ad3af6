"""The role matrix: every action that changes shared data, and the roles that may take it.

This table is the one truth about who may do what. ``core.permissions.can`` reads it (it is
registered from ``AccountsConfig.ready()``), for the hospital UI, the portal, the API, the
templates and the services alike; the README's role table is checked against it
(``accounts/tests/test_permissions.py``). Reading is not in it: hospital users read everything
hospital-side, vendor users their own vendor's rows meant for vendors (``visible_to``). Nor is
what each user does with their own account (profile, password, notification settings, calendar
link), which every signed-in user may.

Vendor users take their actions only on their own vendor's rows; whether a row's state allows
an action (a resolved ticket is not paused) is for the service that takes it.
"""

from core.permissions import Grant
from core.roles import Role

ADMIN, STAFF, VENDOR = Role.HOSPITAL_ADMIN, Role.HOSPITAL_STAFF, Role.VENDOR_USER


def _grant(label: str, *roles: Role) -> Grant:
    return Grant(label=label, roles=frozenset(roles))


ROLE_MATRIX: dict[str, Grant] = {
    # vendors, contacts, contracts, components
    "vendor.manage": _grant("Add, edit and delete vendors", ADMIN),
    "contact.manage": _grant("Add, edit and delete vendor contacts", ADMIN),
    "contact.update_reachability": _grant("Update contacts' phone numbers and email addresses", VENDOR),
    "contract.manage": _grant("Add, edit and delete contracts and their documents", ADMIN),
    "component.manage": _grant("Add, edit and delete PACS components", ADMIN),
    # users and the system
    "user.manage": _grant("Invite, edit, deactivate and reactivate users", ADMIN),
    "history.read": _grant("Read the change history of a record", ADMIN),
    "outbox.manage": _grant("Read the email outbox and retry failed mail", ADMIN),
    # SLAs
    "calendar.manage": _grant("Keep business calendars and their holidays", ADMIN),
    "agreement.manage": _grant("Write SLA agreements: targets, escalation, availability and credit terms", ADMIN),
    # incidents
    "incident.report": _grant("Report an incident", ADMIN, STAFF),
    "incident.edit": _grant("Correct an incident's facts", ADMIN),
    "incident.close": _grant("End an ongoing incident", ADMIN, STAFF),
    "incident.review": _grant("Write the post-incident review and adopt a proposed root cause", ADMIN),
    "incident.follow_up": _grant("Keep the follow-up actions of an incident", ADMIN, STAFF),
    "incident.comment": _grant("Discuss an incident (vendor users may propose a root cause)", ADMIN, STAFF, VENDOR),
    # maintenance
    "maintenance.announce": _grant("Announce maintenance and change its plan", ADMIN, VENDOR),
    "maintenance.decide": _grant("Approve or reject announced maintenance", ADMIN),
    "maintenance.record_actuals": _grant("Record when maintenance really started and ended", ADMIN),
    "maintenance.cancel": _grant("Cancel maintenance that has not started", ADMIN, VENDOR),
    # service credits
    "credit.manage": _grant("Compute credit statements, claim credits, answer disputes, apply credits", ADMIN),
    "credit.respond": _grant("Acknowledge or dispute a claimed credit", VENDOR),
    # tickets
    "ticket.open": _grant("Open a ticket", ADMIN, STAFF),
    "ticket.reply": _grant("Post a message to a ticket's conversation", ADMIN, STAFF, VENDOR),
    "ticket.attach": _grant("Attach files to a ticket's conversation", ADMIN, STAFF, VENDOR),
    "ticket.internal_note": _grant("Write internal notes on a ticket (never shown to the vendor)", ADMIN, STAFF),
    "ticket.acknowledge": _grant("Acknowledge, answer and set a ticket in progress", ADMIN, VENDOR),
    "ticket.pause": _grant("Set a ticket waiting on the hospital", ADMIN, VENDOR),
    "ticket.resume": _grant("Resume a ticket waiting on the hospital", ADMIN, VENDOR),
    "ticket.resolve": _grant("Resolve a ticket (vendor users propose the resolution)", ADMIN, VENDOR),
    "ticket.reopen": _grant("Reopen a resolved ticket", ADMIN),
    "ticket.close": _grant("Close a resolved ticket", ADMIN),
    "ticket.rate": _grant("Rate the support of a resolved ticket", ADMIN, STAFF),
    "ticket.change_severity": _grant("Change a ticket's severity", ADMIN),
    "ticket.backdate": _grant("Record past instants on tickets", ADMIN),
    "ticket.import": _grant("Import ticket history from CSV", ADMIN),
    # KPIs and probes
    "kpi.manage": _grant("Add and edit KPIs in the catalogue", ADMIN),
    "kpi.submit_samples": _grant("Record, import and push KPI samples", ADMIN, VENDOR),
    "probe.manage": _grant("Add, edit, run and switch PACS probes", ADMIN),
    # reports
    "report.manage": _grant(
        "Generate, regenerate, verify and email monthly reports (and keep their recipients), QBR packs and "
        "evaluation PDFs",
        ADMIN,
    ),
    # operations: component lifecycle
    "lifecycle.manage": _grant("Keep components' lifecycle facts: hardware, support dates, replacement plan", ADMIN),
    "lifecycle.record_version": _grant("Record a component's version changes and rollbacks", ADMIN, VENDOR),
    "bulletin.publish": _grant("Publish and correct security bulletins for components", ADMIN, VENDOR),
    "bulletin.apply": _grant("Record that a security bulletin's fix is applied", ADMIN, VENDOR),
    # governance: meetings, minutes, actions
    "meeting.schedule": _grant("Set up meeting series with vendors, invite attendees, move and cancel meetings", ADMIN),
    "meeting.agenda_add": _grant("Add an item to a meeting's agenda before it is frozen", ADMIN, STAFF, VENDOR),
    "meeting.run": _grant(
        "Start a meeting (freeze its agenda) and record its minutes, decisions and actions", ADMIN, STAFF
    ),
    "action.update": _grant("Update the status of a meeting action", ADMIN, STAFF, VENDOR),
    # vendor scorecards
    "scorecard.configure": _grant("Keep evaluation templates, their criteria and weights, and the standings", ADMIN),
    "evaluation.manage": _grant(
        "Start, score, finalise, share and close vendor evaluations, and answer appeals", ADMIN
    ),
    "evaluation.respond": _grant("Acknowledge or appeal a criterion of a shared evaluation", VENDOR),
    "plan.manage": _grant("Open, fill, activate and close improvement plans", ADMIN),
    "plan.update_progress": _grant(
        "Record the progress of improvement plan items (vendor users: their side's items)", ADMIN, VENDOR
    ),
    # security and compliance
    "compliance.configure": _grant("Keep the compliance document types and which vendors must hold them", ADMIN),
    "compliance.document_submit": _grant("Upload compliance documents for review", ADMIN, VENDOR),
    "compliance.document_review": _grant("Review compliance documents: accept, accept with findings, reject", ADMIN),
    "compliance.terms_manage": _grant("Record the data-protection terms of an agreement", ADMIN),
    "compliance.assessment_manage": _grant("Plan security assessments, record findings and retests", ADMIN),
    "compliance.finding_answer": _grant("Answer security findings (how and when they are fixed)", VENDOR),
    # the staff directory and training
    "staff.manage": _grant("Add, edit and import (from the HR export) the hospital staff directory", ADMIN),
    "course.manage": _grant("Add and edit courses and their materials", ADMIN, VENDOR),
    "requirement.manage": _grant("Keep the training requirement matrix", ADMIN),
    "completion.record": _grant("Record training completions", ADMIN, VENDOR),
    # training: certifications
    "certification.manage": _grant("Keep certification kinds and record who holds which certification", ADMIN),
    # vendor scorecards: staff surveys
    "survey.manage": _grant(
        "Keep survey templates, send staff surveys about a vendor, close them and read their free-text comments",
        ADMIN,
    ),
    # operations: upgrade and change plans
    "change_plan.edit": _grant(
        "Draft upgrade and change plans, their steps and checks, and propose them", ADMIN, VENDOR
    ),
    "change_plan.decide": _grant("Approve upgrade and change plans, decide go or no-go, cancel them", ADMIN),
    "change_plan.sign": _grant("Sign a plan's pre-check or go/no-go item in a named person's name", ADMIN, VENDOR),
    "change_plan.run": _grant("Start an upgrade or change that has its go, and record its outcome", ADMIN, VENDOR),
    # security incidents and their notification clocks
    "compliance.incident_report": _grant("Report security incidents (vendor users: their own)", ADMIN, VENDOR),
    "compliance.incident_update": _grant("Post updates to a security incident's timeline", ADMIN, VENDOR),
    "compliance.incident_manage": _grant(
        "Confirm security incidents, record the notifications that stop their clocks, close them", ADMIN
    ),
    # remote access and the vendor access log
    "compliance.remote_request": _grant("Request remote-access sessions (vendor users: their own)", ADMIN, VENDOR),
    "compliance.remote_decide": _grant("Approve or reject remote-access sessions", ADMIN),
    "compliance.remote_record": _grant("Record the start and end of remote-access sessions", ADMIN, VENDOR),
    "compliance.access_log_push": _grant("Append to the vendor access log (the remote-access gateway's token)", ADMIN),
    # interfaces between components
    "interface.manage": _grant("Add, edit and delete the interfaces between components", ADMIN),
    # training: sessions
    "session.manage": _grant("Schedule training sessions, change and cancel them", ADMIN),
    "session.enrol": _grant("Enrol people on training sessions and take them off", ADMIN),
    "session.attendance": _grant("Record who attended a training session", ADMIN, VENDOR),
    # operations: test protocols of change plans
    "protocol.manage": _grant("Keep the test-protocol templates of each component kind and their cases", ADMIN),
    "change_plan.test": _grant("Record the results of a change plan's test cases after the change", ADMIN, VENDOR),
    "lessons.record": _grant(
        "Write the lessons-learned review of a finished change and keep its actions", ADMIN, VENDOR
    ),
    "recovery.plan": _grant("Schedule backup and DR tests of components, with their RTO and RPO targets", ADMIN),
    "recovery.record": _grant("Record the runs of backup and DR tests and their results", ADMIN, VENDOR),
    # interface monitoring: a change plan's integration checks
    "change_plan.integration_checks": _grant(
        "Run the integration checks of a change plan (every probe of its component's interfaces)", ADMIN
    ),
    # vendor scorecards: vendor selection
    "selection.manage": _grant(
        "Keep selection templates, selection projects, their candidates and quoted costs", ADMIN
    ),
    "selection.score": _grant("Score candidate vendors on a selection's criteria, with notes", ADMIN, STAFF),
    "selection.decide": _grant("Record a selection's decision (the chosen candidate becomes a vendor)", ADMIN),
    # training: the knowledge base
    "article.write": _grant("Write knowledge-base articles and publish them (vendor users: their own)", ADMIN, VENDOR),
    "article.link": _grant("Link knowledge-base articles to the tickets they answer", ADMIN),
    # governance: SLA annual reviews
    "sla_review.manage": _grant(
        "Record an SLA annual review's findings and conclude it (a new version drafts the next agreement)", ADMIN
    ),
    # operations: health assessments
    "health.template": _grant("Keep the health-assessment checklist templates of each component kind", ADMIN),
    "health.plan": _grant("Schedule the health assessments of components against a template", ADMIN),
    "health.record": _grant("Record health-assessment runs, their findings and when those are done", ADMIN, VENDOR),
}
