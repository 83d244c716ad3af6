from django.urls import path

from portal.views import (
    agreements,
    assessments,
    availability,
    change_plans,
    compliance,
    credits,
    dashboard,
    evaluations,
    incidents,
    lifecycle,
    maintenance,
    meetings,
    plans,
    probes,
    remote_access,
    reports,
    security_incidents,
    surveys,
    tickets,
    training,
    vendors,
)

app_name = "portal"

urlpatterns = [
    # the vendor's account: overview, contacts, contracts and their documents, components, interfaces
    path("", vendors.PortalHomeView.as_view(), name="home"),
    path("contacts/", vendors.PortalContactListView.as_view(), name="contact_list"),
    path("contacts/<int:pk>/edit/", vendors.PortalContactUpdateView.as_view(), name="contact_edit"),
    path("contracts/", vendors.PortalContractListView.as_view(), name="contract_list"),
    path("contracts/<int:pk>/", vendors.PortalContractDetailView.as_view(), name="contract_detail"),
    path("documents/<int:pk>/download/", vendors.PortalDocumentDownloadView.as_view(), name="document_download"),
    path("components/", vendors.PortalComponentListView.as_view(), name="component_list"),
    path("interfaces/", vendors.PortalInterfaceListView.as_view(), name="interface_list"),
    path("interfaces/<int:pk>/", vendors.PortalInterfaceDetailView.as_view(), name="interface_detail"),
    # service level: SLAs, availability, KPI dashboard, probes
    path("sla/", agreements.PortalAgreementListView.as_view(), name="agreement_list"),
    path("availability/", availability.PortalAvailabilityView.as_view(), name="availability"),
    path("kpis/", dashboard.PortalDashboardView.as_view(), name="dashboard"),
    path("probes/", probes.PortalProbeListView.as_view(), name="probe_list"),
    path("probes/<int:pk>/", probes.PortalProbeDetailView.as_view(), name="probe_detail"),
    # components over their life: versions, bulletins, support dates
    path("lifecycle/", lifecycle.PortalLifecycleListView.as_view(), name="lifecycle_list"),
    path("lifecycle/<int:pk>/", lifecycle.PortalLifecycleDetailView.as_view(), name="lifecycle_detail"),
    path("lifecycle/<int:pk>/versions/", lifecycle.PortalLifecycleVersionView.as_view(), name="lifecycle_version"),
    path("lifecycle/<int:pk>/bulletins/", lifecycle.PortalLifecycleBulletinView.as_view(), name="lifecycle_bulletin"),
    path("bulletins/<int:pk>/applied/", lifecycle.PortalBulletinAppliedView.as_view(), name="bulletin_applied"),
    # upgrade and change plans
    path("change-plans/", change_plans.PortalChangePlanListView.as_view(), name="change_plan_list"),
    path("change-plans/add/", change_plans.PortalChangePlanCreateView.as_view(), name="change_plan_add"),
    path("change-plans/<int:pk>/", change_plans.PortalChangePlanDetailView.as_view(), name="change_plan_detail"),
    path("change-plans/<int:pk>/edit/", change_plans.PortalChangePlanUpdateView.as_view(), name="change_plan_edit"),
    path("change-plans/<int:pk>/act/", change_plans.PortalChangePlanActionView.as_view(), name="change_plan_act"),
    # maintenance windows and the calendar feed
    path("maintenance/", maintenance.PortalMaintenanceListView.as_view(), name="maintenance_list"),
    path("maintenance/announce/", maintenance.PortalMaintenanceCreateView.as_view(), name="maintenance_add"),
    path("maintenance/<int:pk>/", maintenance.PortalMaintenanceDetailView.as_view(), name="maintenance_detail"),
    path("maintenance/<int:pk>/edit/", maintenance.PortalMaintenanceUpdateView.as_view(), name="maintenance_edit"),
    path("maintenance/<int:pk>/cancel/", maintenance.PortalMaintenanceCancelView.as_view(), name="maintenance_cancel"),
    path(
        "maintenance/feed/regenerate/",
        maintenance.PortalFeedRegenerateView.as_view(),
        name="maintenance_feed_regenerate",
    ),
    # monthly reports
    path("reports/", reports.PortalReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/pdf/", reports.PortalReportPdfView.as_view(), name="report_pdf"),
    path("reports/qbr/", reports.PortalQbrPackListView.as_view(), name="qbr_list"),
    path("reports/qbr/<int:pk>/pdf/", reports.PortalQbrPackPdfView.as_view(), name="qbr_pdf"),
    path("reports/access-log/", reports.PortalAccessLogPdfView.as_view(), name="access_log"),
    # incidents
    path("incidents/", incidents.PortalIncidentListView.as_view(), name="incident_list"),
    path("incidents/<int:pk>/", incidents.PortalIncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/comments/", incidents.PortalIncidentCommentView.as_view(), name="incident_comment"),
    # service credits
    path("credits/", credits.PortalCreditListView.as_view(), name="credit_list"),
    path("credits/<int:pk>/", credits.PortalCreditDetailView.as_view(), name="credit_detail"),
    path("credits/<int:pk>/act/", credits.PortalCreditActionView.as_view(), name="credit_act"),
    # evaluations (scorecards)
    path("evaluations/", evaluations.PortalEvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/<int:pk>/", evaluations.PortalEvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evaluations/<int:pk>/act/", evaluations.PortalEvaluationActionView.as_view(), name="evaluation_act"),
    # staff surveys (scorecards): aggregates only
    path("surveys/", surveys.PortalSurveyListView.as_view(), name="survey_list"),
    path("surveys/<int:pk>/", surveys.PortalSurveyDetailView.as_view(), name="survey_detail"),
    # improvement plans (scorecards)
    path("plans/", plans.PortalPlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>/", plans.PortalPlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/act/", plans.PortalPlanActionView.as_view(), name="plan_act"),
    # compliance documents
    path("compliance/", compliance.PortalComplianceView.as_view(), name="compliance"),
    path("compliance/upload/", compliance.PortalDocumentSubmitView.as_view(), name="compliance_document_add"),
    path(
        "compliance/documents/<int:pk>/",
        compliance.PortalDocumentDetailView.as_view(),
        name="compliance_document_detail",
    ),
    path(
        "compliance/documents/<int:pk>/download/",
        compliance.PortalDocumentDownloadView.as_view(),
        name="compliance_document_download",
    ),
    # security assessments and answering their findings
    path("assessments/", assessments.PortalAssessmentListView.as_view(), name="assessment_list"),
    path("assessments/<int:pk>/", assessments.PortalAssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/report/", assessments.PortalAssessmentReportView.as_view(), name="assessment_report"),
    path(
        "assessments/<int:pk>/findings/<int:finding>/answer/",
        assessments.PortalFindingAnswerView.as_view(),
        name="finding_answer",
    ),
    # security incidents: reporting one, its clocks, posting updates
    path(
        "security-incidents/",
        security_incidents.PortalSecurityIncidentListView.as_view(),
        name="security_incident_list",
    ),
    path(
        "security-incidents/report/",
        security_incidents.PortalSecurityIncidentReportView.as_view(),
        name="security_incident_add",
    ),
    path(
        "security-incidents/<int:pk>/",
        security_incidents.PortalSecurityIncidentDetailView.as_view(),
        name="security_incident_detail",
    ),
    path(
        "security-incidents/<int:pk>/<slug:action>/",
        security_incidents.PortalSecurityIncidentUpdateView.as_view(),
        name="security_incident_action",
    ),
    # remote access: requesting a session, recording its start and end
    path("remote-access/", remote_access.PortalRemoteAccessListView.as_view(), name="remote_access_list"),
    path("remote-access/request/", remote_access.PortalRemoteAccessRequestView.as_view(), name="remote_access_add"),
    path("remote-access/<int:pk>/", remote_access.PortalRemoteAccessDetailView.as_view(), name="remote_access_detail"),
    path(
        "remote-access/<int:pk>/<slug:action>/",
        remote_access.PortalRemoteAccessActionView.as_view(),
        name="remote_access_action",
    ),
    # tickets
    path("tickets/", tickets.PortalTicketListView.as_view(), name="ticket_list"),
    path("tickets/<int:pk>/", tickets.PortalTicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/act/", tickets.PortalTicketActionView.as_view(), name="ticket_act"),
    path(
        "tickets/attachments/<int:pk>/",
        tickets.PortalAttachmentDownloadView.as_view(),
        name="ticket_attachment_download",
    ),
    # governance: meetings, their agenda and minutes, actions
    path("meetings/", meetings.PortalMeetingListView.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", meetings.PortalMeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/items/", meetings.PortalAgendaItemAddView.as_view(), name="agenda_item_add"),
    path("actions/", meetings.PortalActionRegisterView.as_view(), name="action_register"),
    path("actions/<int:pk>/status/", meetings.PortalActionStatusView.as_view(), name="action_status"),
    # training: the vendor's courses, their materials, who completed them
    path("courses/", training.PortalCourseListView.as_view(), name="course_list"),
    path("courses/add/", training.PortalCourseCreateView.as_view(), name="course_add"),
    path("courses/<int:pk>/", training.PortalCourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", training.PortalCourseUpdateView.as_view(), name="course_edit"),
    path("courses/<int:pk>/materials/", training.PortalMaterialUploadView.as_view(), name="material_add"),
    path("materials/<int:pk>/download/", training.PortalMaterialDownloadView.as_view(), name="material_download"),
    path("materials/<int:pk>/delete/", training.PortalMaterialDeleteView.as_view(), name="material_delete"),
    path("completions/", training.PortalCompletionListView.as_view(), name="completion_list"),
    path("certifications/", training.PortalCertificationListView.as_view(), name="certification_list"),
    path(
        "certifications/<int:pk>/evidence/",
        training.PortalCertificationEvidenceView.as_view(),
        name="certification_evidence",
    ),
]
