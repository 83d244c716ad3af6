from django.urls import path

from core.views.lazy import lazy_view

app_name = "portal"

urlpatterns = [
    # the vendor's account: overview, contacts, contracts and their documents, components, interfaces
    path("", lazy_view("portal.views.vendors.PortalHomeView"), name="home"),
    path("contacts/", lazy_view("portal.views.vendors.PortalContactListView"), name="contact_list"),
    path("contacts/<int:pk>/edit/", lazy_view("portal.views.vendors.PortalContactUpdateView"), name="contact_edit"),
    path("contracts/", lazy_view("portal.views.vendors.PortalContractListView"), name="contract_list"),
    path("contracts/<int:pk>/", lazy_view("portal.views.vendors.PortalContractDetailView"), name="contract_detail"),
    path(
        "documents/<int:pk>/download/",
        lazy_view("portal.views.vendors.PortalDocumentDownloadView"),
        name="document_download",
    ),
    path("components/", lazy_view("portal.views.vendors.PortalComponentListView"), name="component_list"),
    path("interfaces/", lazy_view("portal.views.vendors.PortalInterfaceListView"), name="interface_list"),
    path("interfaces/<int:pk>/", lazy_view("portal.views.vendors.PortalInterfaceDetailView"), name="interface_detail"),
    # service level: SLAs, availability, KPI dashboard, probes
    path("sla/", lazy_view("portal.views.agreements.PortalAgreementListView"), name="agreement_list"),
    path("availability/", lazy_view("portal.views.availability.PortalAvailabilityView"), name="availability"),
    path("kpis/", lazy_view("portal.views.dashboard.PortalDashboardView"), name="dashboard"),
    path("probes/", lazy_view("portal.views.probes.PortalProbeListView"), name="probe_list"),
    path("probes/<int:pk>/", lazy_view("portal.views.probes.PortalProbeDetailView"), name="probe_detail"),
    # components over their life: versions, bulletins, support dates
    path("lifecycle/", lazy_view("portal.views.lifecycle.PortalLifecycleListView"), name="lifecycle_list"),
    path("lifecycle/<int:pk>/", lazy_view("portal.views.lifecycle.PortalLifecycleDetailView"), name="lifecycle_detail"),
    path(
        "lifecycle/<int:pk>/versions/",
        lazy_view("portal.views.lifecycle.PortalLifecycleVersionView"),
        name="lifecycle_version",
    ),
    path(
        "lifecycle/<int:pk>/bulletins/",
        lazy_view("portal.views.lifecycle.PortalLifecycleBulletinView"),
        name="lifecycle_bulletin",
    ),
    path(
        "bulletins/<int:pk>/applied/",
        lazy_view("portal.views.lifecycle.PortalBulletinAppliedView"),
        name="bulletin_applied",
    ),
    # upgrade and change plans
    path("change-plans/", lazy_view("portal.views.change_plans.PortalChangePlanListView"), name="change_plan_list"),
    path(
        "change-plans/add/", lazy_view("portal.views.change_plans.PortalChangePlanCreateView"), name="change_plan_add"
    ),
    path(
        "change-plans/<int:pk>/",
        lazy_view("portal.views.change_plans.PortalChangePlanDetailView"),
        name="change_plan_detail",
    ),
    path(
        "change-plans/<int:pk>/edit/",
        lazy_view("portal.views.change_plans.PortalChangePlanUpdateView"),
        name="change_plan_edit",
    ),
    path(
        "change-plans/<int:pk>/act/",
        lazy_view("portal.views.change_plans.PortalChangePlanActionView"),
        name="change_plan_act",
    ),
    path("lessons/", lazy_view("portal.views.lessons.PortalLessonsListView"), name="lessons_list"),
    path("lessons/<int:pk>/", lazy_view("portal.views.lessons.PortalLessonsDetailView"), name="lessons_detail"),
    path("lessons/<int:pk>/act/", lazy_view("portal.views.lessons.PortalLessonsActionView"), name="lessons_act"),
    path("recovery-tests/", lazy_view("portal.views.recovery.PortalRecoveryListView"), name="recovery_list"),
    path(
        "recovery-tests/<int:pk>/", lazy_view("portal.views.recovery.PortalRecoveryDetailView"), name="recovery_detail"
    ),
    path("health/", lazy_view("portal.views.health.PortalHealthListView"), name="health_list"),
    path("health/<int:pk>/", lazy_view("portal.views.health.PortalHealthDetailView"), name="health_detail"),
    path("health/<int:pk>/act/", lazy_view("portal.views.health.PortalHealthActionView"), name="health_act"),
    # maintenance windows and the calendar feed
    path("maintenance/", lazy_view("portal.views.maintenance.PortalMaintenanceListView"), name="maintenance_list"),
    path(
        "maintenance/announce/",
        lazy_view("portal.views.maintenance.PortalMaintenanceCreateView"),
        name="maintenance_add",
    ),
    path(
        "maintenance/<int:pk>/",
        lazy_view("portal.views.maintenance.PortalMaintenanceDetailView"),
        name="maintenance_detail",
    ),
    path(
        "maintenance/<int:pk>/edit/",
        lazy_view("portal.views.maintenance.PortalMaintenanceUpdateView"),
        name="maintenance_edit",
    ),
    path(
        "maintenance/<int:pk>/cancel/",
        lazy_view("portal.views.maintenance.PortalMaintenanceCancelView"),
        name="maintenance_cancel",
    ),
    path(
        "maintenance/feed/regenerate/",
        lazy_view("portal.views.maintenance.PortalFeedRegenerateView"),
        name="maintenance_feed_regenerate",
    ),
    # monthly reports
    path("reports/", lazy_view("portal.views.reports.PortalReportListView"), name="report_list"),
    path("reports/<int:pk>/pdf/", lazy_view("portal.views.reports.PortalReportPdfView"), name="report_pdf"),
    path("reports/qbr/", lazy_view("portal.views.reports.PortalQbrPackListView"), name="qbr_list"),
    path("reports/qbr/<int:pk>/pdf/", lazy_view("portal.views.reports.PortalQbrPackPdfView"), name="qbr_pdf"),
    path("reports/access-log/", lazy_view("portal.views.reports.PortalAccessLogPdfView"), name="access_log"),
    # incidents
    path("incidents/", lazy_view("portal.views.incidents.PortalIncidentListView"), name="incident_list"),
    path("incidents/<int:pk>/", lazy_view("portal.views.incidents.PortalIncidentDetailView"), name="incident_detail"),
    path(
        "incidents/<int:pk>/comments/",
        lazy_view("portal.views.incidents.PortalIncidentCommentView"),
        name="incident_comment",
    ),
    # service credits
    path("credits/", lazy_view("portal.views.credits.PortalCreditListView"), name="credit_list"),
    path("credits/<int:pk>/", lazy_view("portal.views.credits.PortalCreditDetailView"), name="credit_detail"),
    path("credits/<int:pk>/act/", lazy_view("portal.views.credits.PortalCreditActionView"), name="credit_act"),
    # evaluations (scorecards)
    path("evaluations/", lazy_view("portal.views.evaluations.PortalEvaluationListView"), name="evaluation_list"),
    path(
        "evaluations/<int:pk>/",
        lazy_view("portal.views.evaluations.PortalEvaluationDetailView"),
        name="evaluation_detail",
    ),
    path(
        "evaluations/<int:pk>/act/",
        lazy_view("portal.views.evaluations.PortalEvaluationActionView"),
        name="evaluation_act",
    ),
    path(
        "evaluations/<int:pk>/pdf/",
        lazy_view("portal.views.evaluations.PortalEvaluationPdfView"),
        name="evaluation_pdf",
    ),
    # staff surveys (scorecards): aggregates only
    path("surveys/", lazy_view("portal.views.surveys.PortalSurveyListView"), name="survey_list"),
    path("surveys/<int:pk>/", lazy_view("portal.views.surveys.PortalSurveyDetailView"), name="survey_detail"),
    # improvement plans (scorecards)
    path("plans/", lazy_view("portal.views.plans.PortalPlanListView"), name="plan_list"),
    path("plans/<int:pk>/", lazy_view("portal.views.plans.PortalPlanDetailView"), name="plan_detail"),
    path("plans/<int:pk>/act/", lazy_view("portal.views.plans.PortalPlanActionView"), name="plan_act"),
    # compliance documents
    path("compliance/", lazy_view("portal.views.compliance.PortalComplianceView"), name="compliance"),
    path(
        "compliance/upload/",
        lazy_view("portal.views.compliance.PortalDocumentSubmitView"),
        name="compliance_document_add",
    ),
    path(
        "compliance/documents/<int:pk>/",
        lazy_view("portal.views.compliance.PortalDocumentDetailView"),
        name="compliance_document_detail",
    ),
    path(
        "compliance/documents/<int:pk>/download/",
        lazy_view("portal.views.compliance.PortalDocumentDownloadView"),
        name="compliance_document_download",
    ),
    # security assessments and answering their findings
    path("assessments/", lazy_view("portal.views.assessments.PortalAssessmentListView"), name="assessment_list"),
    path(
        "assessments/<int:pk>/",
        lazy_view("portal.views.assessments.PortalAssessmentDetailView"),
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/report/",
        lazy_view("portal.views.assessments.PortalAssessmentReportView"),
        name="assessment_report",
    ),
    path(
        "assessments/<int:pk>/findings/<int:finding>/answer/",
        lazy_view("portal.views.assessments.PortalFindingAnswerView"),
        name="finding_answer",
    ),
    # security incidents: reporting one, its clocks, posting updates
    path(
        "security-incidents/",
        lazy_view("portal.views.security_incidents.PortalSecurityIncidentListView"),
        name="security_incident_list",
    ),
    path(
        "security-incidents/report/",
        lazy_view("portal.views.security_incidents.PortalSecurityIncidentReportView"),
        name="security_incident_add",
    ),
    path(
        "security-incidents/<int:pk>/",
        lazy_view("portal.views.security_incidents.PortalSecurityIncidentDetailView"),
        name="security_incident_detail",
    ),
    path(
        "security-incidents/<int:pk>/<slug:action>/",
        lazy_view("portal.views.security_incidents.PortalSecurityIncidentUpdateView"),
        name="security_incident_action",
    ),
    # remote access: requesting a session, recording its start and end
    path(
        "remote-access/", lazy_view("portal.views.remote_access.PortalRemoteAccessListView"), name="remote_access_list"
    ),
    path(
        "remote-access/request/",
        lazy_view("portal.views.remote_access.PortalRemoteAccessRequestView"),
        name="remote_access_add",
    ),
    path(
        "remote-access/<int:pk>/",
        lazy_view("portal.views.remote_access.PortalRemoteAccessDetailView"),
        name="remote_access_detail",
    ),
    path(
        "remote-access/<int:pk>/<slug:action>/",
        lazy_view("portal.views.remote_access.PortalRemoteAccessActionView"),
        name="remote_access_action",
    ),
    # tickets
    path("tickets/", lazy_view("portal.views.tickets.PortalTicketListView"), name="ticket_list"),
    path("tickets/<int:pk>/", lazy_view("portal.views.tickets.PortalTicketDetailView"), name="ticket_detail"),
    path("tickets/<int:pk>/act/", lazy_view("portal.views.tickets.PortalTicketActionView"), name="ticket_act"),
    path(
        "tickets/attachments/<int:pk>/",
        lazy_view("portal.views.tickets.PortalAttachmentDownloadView"),
        name="ticket_attachment_download",
    ),
    # governance: meetings, their agenda and minutes, actions
    path("meetings/", lazy_view("portal.views.meetings.PortalMeetingListView"), name="meeting_list"),
    path("meetings/feed/", lazy_view("portal.views.meetings.PortalMeetingFeedManageView"), name="meeting_feed_manage"),
    path("meetings/<int:pk>/", lazy_view("portal.views.meetings.PortalMeetingDetailView"), name="meeting_detail"),
    path(
        "meetings/<int:pk>/items/", lazy_view("portal.views.meetings.PortalAgendaItemAddView"), name="agenda_item_add"
    ),
    path("actions/", lazy_view("portal.views.meetings.PortalActionRegisterView"), name="action_register"),
    path("actions/<int:pk>/status/", lazy_view("portal.views.meetings.PortalActionStatusView"), name="action_status"),
    # training: the vendor's courses, their materials, who completed them
    path("courses/", lazy_view("portal.views.training.PortalCourseListView"), name="course_list"),
    path("courses/add/", lazy_view("portal.views.training.PortalCourseCreateView"), name="course_add"),
    path("courses/<int:pk>/", lazy_view("portal.views.training.PortalCourseDetailView"), name="course_detail"),
    path("courses/<int:pk>/edit/", lazy_view("portal.views.training.PortalCourseUpdateView"), name="course_edit"),
    path(
        "courses/<int:pk>/materials/", lazy_view("portal.views.training.PortalMaterialUploadView"), name="material_add"
    ),
    path(
        "materials/<int:pk>/download/",
        lazy_view("portal.views.training.PortalMaterialDownloadView"),
        name="material_download",
    ),
    path(
        "materials/<int:pk>/delete/",
        lazy_view("portal.views.training.PortalMaterialDeleteView"),
        name="material_delete",
    ),
    path("completions/", lazy_view("portal.views.training.PortalCompletionListView"), name="completion_list"),
    path(
        "training-effectiveness/",
        lazy_view("portal.views.training.PortalEffectivenessView"),
        name="training_effectiveness",
    ),
    path("sessions/", lazy_view("portal.views.training.PortalSessionListView"), name="session_list"),
    path("sessions/<int:pk>/", lazy_view("portal.views.training.PortalSessionDetailView"), name="session_detail"),
    path(
        "sessions/<int:pk>/attendance/",
        lazy_view("portal.views.training.PortalSessionAttendanceView"),
        name="session_attendance",
    ),
    # the knowledge base: the vendor's own articles
    path("articles/", lazy_view("portal.views.articles.PortalArticleListView"), name="article_list"),
    path("articles/add/", lazy_view("portal.views.articles.PortalArticleCreateView"), name="article_add"),
    path("articles/<int:pk>/", lazy_view("portal.views.articles.PortalArticleDetailView"), name="article_detail"),
    path("articles/<int:pk>/edit/", lazy_view("portal.views.articles.PortalArticleUpdateView"), name="article_edit"),
    path("certifications/", lazy_view("portal.views.training.PortalCertificationListView"), name="certification_list"),
    path(
        "certifications/<int:pk>/evidence/",
        lazy_view("portal.views.training.PortalCertificationEvidenceView"),
        name="certification_evidence",
    ),
]
