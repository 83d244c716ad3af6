from django.urls import path

from tickets.views import hospital

app_name = "tickets"

urlpatterns = [
    path("tickets/", hospital.TicketListView.as_view(), name="ticket_list"),
    path("tickets/add/", hospital.TicketCreateView.as_view(), name="ticket_add"),
    path("tickets/import/", hospital.TicketImportView.as_view(), name="ticket_import"),
    path("tickets/<int:pk>/", hospital.TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/act/", hospital.TicketActionView.as_view(), name="ticket_act"),
    path("rate/<str:token>/", hospital.RatingView.as_view(), name="rate"),
    path("tickets/attachments/<int:pk>/", hospital.AttachmentDownloadView.as_view(), name="attachment_download"),
]
