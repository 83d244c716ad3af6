from django.urls import path

from portal import views

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
    path("tickets/", views.PortalTicketListView.as_view(), name="ticket_list"),
    path("tickets/<int:pk>/", views.PortalTicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/act/", views.PortalTicketActionView.as_view(), name="ticket_act"),
    path(
        "tickets/attachments/<int:pk>/", views.PortalAttachmentDownloadView.as_view(), name="ticket_attachment_download"
    ),
]
