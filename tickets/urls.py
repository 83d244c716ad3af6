from django.urls import path

from core.views.lazy import lazy_view

app_name = "tickets"

urlpatterns = [
    path("tickets/", lazy_view("tickets.views.TicketListView"), name="ticket_list"),
    path("tickets/add/", lazy_view("tickets.views.TicketCreateView"), name="ticket_add"),
    path("tickets/import/", lazy_view("tickets.views.TicketImportView"), name="ticket_import"),
    path("tickets/import/<int:pk>/", lazy_view("tickets.views.HistoryImportView"), name="history_import"),
    path(
        "tickets/import/<int:pk>/status/",
        lazy_view("tickets.views.HistoryImportStatusView"),
        name="history_import_status",
    ),
    path("tickets/<int:pk>/", lazy_view("tickets.views.TicketDetailView"), name="ticket_detail"),
    path("tickets/<int:pk>/act/", lazy_view("tickets.views.TicketActionView"), name="ticket_act"),
    path("rate/<str:token>/", lazy_view("tickets.views.RatingView"), name="rate"),
    path(
        "tickets/attachments/<int:pk>/", lazy_view("tickets.views.AttachmentDownloadView"), name="attachment_download"
    ),
]
