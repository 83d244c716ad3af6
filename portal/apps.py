from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Vendor portal"

    def ready(self) -> None:
        # The portal sits above every app: apps below link to an object for vendor users (mails,
        # the calendar feed, pages shared with the portal) through ``core.links``, never by
        # naming these URLs themselves.
        from core.links import register_vendor_page

        for model, url_name in VENDOR_PAGES.items():
            register_vendor_page(model, url_name)


# Where a vendor user sees each kind of object: a portal URL name taking the object's ``pk``.
VENDOR_PAGES = {
    "vendors.Contract": "portal:contract_detail",
    "tickets.Ticket": "portal:ticket_detail",
    "slas.Incident": "portal:incident_detail",
    "slas.MaintenanceWindow": "portal:maintenance_detail",
    "slas.CreditStatement": "portal:credit_detail",
    "kpis.Probe": "portal:probe_detail",
    "operations.ComponentLifecycle": "portal:lifecycle_detail",
    "operations.ChangePlan": "portal:change_plan_detail",
    "operations.LessonsReview": "portal:lessons_detail",
    "operations.RecoveryTest": "portal:recovery_detail",
    "operations.HealthAssessment": "portal:health_detail",
    "governance.Meeting": "portal:meeting_detail",
    "scorecards.Evaluation": "portal:evaluation_detail",
    "scorecards.ImprovementPlan": "portal:plan_detail",
    "scorecards.Survey": "portal:survey_detail",
    "compliance.ComplianceDocument": "portal:compliance_document_detail",
    "compliance.Assessment": "portal:assessment_detail",
    "compliance.SecurityIncident": "portal:security_incident_detail",
    "compliance.RemoteAccessSession": "portal:remote_access_detail",
    "training.Course": "portal:course_detail",
    "training.Session": "portal:session_detail",
    "training.Article": "portal:article_detail",
    "vendors.Interface": "portal:interface_detail",
}
