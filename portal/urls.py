from django.urls import include, path

from portal import views
from portal.views import credits as credit_views
from portal.views import incidents
from portal.views.availability import PortalAvailabilityView
from portal.views.dashboard import PortalDashboardView

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("contacts/", views.PortalContactListView.as_view(), name="contact_list"),
    path("contacts/<int:pk>/edit/", views.PortalContactUpdateView.as_view(), name="contact_edit"),
    path("contracts/", views.PortalContractListView.as_view(), name="contract_list"),
    path("contracts/<int:pk>/", views.PortalContractDetailView.as_view(), name="contract_detail"),
    path("documents/<int:pk>/download/", views.PortalDocumentDownloadView.as_view(), name="document_download"),
    path("components/", views.PortalComponentListView.as_view(), name="component_list"),
    path("sla/", views.PortalAgreementListView.as_view(), name="agreement_list"),
    path("availability/", PortalAvailabilityView.as_view(), name="availability"),
    path("kpis/", PortalDashboardView.as_view(), name="dashboard"),
    path("probes/", include("portal.urls_probes")),
    path("maintenance/", include("portal.urls_maintenance")),
    path("reports/", include("portal.urls_reports")),
    path("incidents/", incidents.PortalIncidentListView.as_view(), name="incident_list"),
    path("incidents/<int:pk>/", incidents.PortalIncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/comments/", incidents.PortalIncidentCommentView.as_view(), name="incident_comment"),
    path("credits/", credit_views.PortalCreditListView.as_view(), name="credit_list"),
    path("credits/<int:pk>/", credit_views.PortalCreditDetailView.as_view(), name="credit_detail"),
    path("credits/<int:pk>/act/", credit_views.PortalCreditActionView.as_view(), name="credit_act"),
    path("tickets/", views.PortalTicketListView.as_view(), name="ticket_list"),
    path("tickets/<int:pk>/", views.PortalTicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/act/", views.PortalTicketActionView.as_view(), name="ticket_act"),
    path(
        "tickets/attachments/<int:pk>/", views.PortalAttachmentDownloadView.as_view(), name="ticket_attachment_download"
    ),
]
