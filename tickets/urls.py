from django.urls import path

from tickets import views

app_name = "tickets"

urlpatterns = [
    path("tickets/", views.TicketListView.as_view(), name="ticket_list"),
    path("tickets/add/", views.TicketCreateView.as_view(), name="ticket_add"),
    path("tickets/import/", views.TicketImportView.as_view(), name="ticket_import"),
    path("tickets/import/<int:pk>/", views.HistoryImportView.as_view(), name="history_import"),
    path("tickets/import/<int:pk>/status/", views.HistoryImportStatusView.as_view(), name="history_import_status"),
    path("tickets/<int:pk>/", views.TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/act/", views.TicketActionView.as_view(), name="ticket_act"),
    path("rate/<str:token>/", views.RatingView.as_view(), name="rate"),
    path("tickets/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
]
