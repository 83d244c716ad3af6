from django.urls import path

from core.urls_helpers import crud_paths
from core.views.lazy import lazy_view

app_name = "slas"

urlpatterns = [
    # maintenance windows, and the token-protected calendar feeds
    path("maintenance/", lazy_view("slas.views.maintenance.MaintenanceWindowListView"), name="maintenancewindow_list"),
    path(
        "maintenance/add/",
        lazy_view("slas.views.maintenance.MaintenanceWindowCreateView"),
        name="maintenancewindow_add",
    ),
    path(
        "maintenance/<int:pk>/",
        lazy_view("slas.views.maintenance.MaintenanceWindowDetailView"),
        name="maintenancewindow_detail",
    ),
    path(
        "maintenance/<int:pk>/edit/",
        lazy_view("slas.views.maintenance.MaintenanceWindowUpdateView"),
        name="maintenancewindow_edit",
    ),
    path(
        "maintenance/<int:pk>/decide/",
        lazy_view("slas.views.maintenance.MaintenanceDecideView"),
        name="maintenancewindow_decide",
    ),
    path(
        "maintenance/<int:pk>/actuals/",
        lazy_view("slas.views.maintenance.MaintenanceActualsView"),
        name="maintenancewindow_actuals",
    ),
    path(
        "maintenance/<int:pk>/cancel/",
        lazy_view("slas.views.maintenance.MaintenanceCancelView"),
        name="maintenancewindow_cancel",
    ),
    path(
        "maintenance/feed/regenerate/",
        lazy_view("slas.views.maintenance.FeedRegenerateView"),
        name="maintenance_feed_regenerate",
    ),
    path(
        "maintenance/feed/<slug:key>.ics",
        lazy_view("slas.views.maintenance.MaintenanceFeedView"),
        name="maintenance_feed",
    ),
    path(
        "maintenance/feed/<slug:key>/vendor/<int:vendor_id>.ics",
        lazy_view("slas.views.maintenance.MaintenanceFeedView"),
        name="maintenance_vendor_feed",
    ),
    # availability
    path("availability/", lazy_view("slas.views.availability.AvailabilityOverviewView"), name="availability_overview"),
    path(
        "availability/<int:pk>/",
        lazy_view("slas.views.availability.VendorAvailabilityView"),
        name="availability_vendor",
    ),
    # business calendars and holidays
    *crud_paths(
        "calendars",
        "businesscalendar",
        list_view="slas.views.calendars.CalendarListView",
        detail_view="slas.views.calendars.CalendarDetailView",
        create_view="slas.views.calendars.CalendarCreateView",
        update_view="slas.views.calendars.CalendarUpdateView",
        delete_view="slas.views.calendars.CalendarDeleteView",
    ),
    path("calendars/<int:pk>/holidays/add/", lazy_view("slas.views.calendars.HolidayAddView"), name="holiday_add"),
    path(
        "calendars/<int:pk>/holidays/import/",
        lazy_view("slas.views.calendars.PublicHolidayImportView"),
        name="holiday_import",
    ),
    path("holidays/<int:pk>/delete/", lazy_view("slas.views.calendars.HolidayDeleteView"), name="holiday_delete"),
    # agreements
    *crud_paths(
        "agreements",
        "agreement",
        list_view="slas.views.agreements.AgreementListView",
        detail_view="slas.views.agreements.AgreementDetailView",
        create_view="slas.views.agreements.AgreementCreateView",
        update_view="slas.views.agreements.AgreementUpdateView",
        delete_view="slas.views.agreements.AgreementDeleteView",
    ),
    path(
        "agreements/<int:pk>/new-version/",
        lazy_view("slas.views.agreements.AgreementNewVersionView"),
        name="agreement_new_version",
    ),
    # incidents, reviews, follow-ups and the discussion
    path("incidents/", lazy_view("slas.views.incidents.IncidentListView"), name="incident_list"),
    path("incidents/add/", lazy_view("slas.views.incidents.IncidentCreateView"), name="incident_add"),
    path("incidents/<int:pk>/", lazy_view("slas.views.incidents.IncidentDetailView"), name="incident_detail"),
    path("incidents/<int:pk>/edit/", lazy_view("slas.views.incidents.IncidentUpdateView"), name="incident_edit"),
    path("incidents/<int:pk>/close/", lazy_view("slas.views.incidents.IncidentCloseView"), name="incident_close"),
    path("incidents/<int:pk>/review/", lazy_view("slas.views.incidents.IncidentReviewView"), name="incident_review"),
    path(
        "incidents/<int:pk>/follow-ups/",
        lazy_view("slas.views.incidents.IncidentFollowUpAddView"),
        name="incident_follow_up_add",
    ),
    path(
        "incidents/<int:pk>/comments/", lazy_view("slas.views.incidents.IncidentCommentView"), name="incident_comment"
    ),
    path("follow-ups/<int:pk>/status/", lazy_view("slas.views.incidents.FollowUpStatusView"), name="follow_up_status"),
    path(
        "incident-comments/<int:pk>/adopt/",
        lazy_view("slas.views.incidents.RootCauseAdoptView"),
        name="root_cause_adopt",
    ),
    # service-credit statements
    path("credits/", lazy_view("slas.views.credits.CreditStatementListView"), name="creditstatement_list"),
    path("credits/compute/", lazy_view("slas.views.credits.CreditComputeView"), name="credit_compute"),
    path("credits/<int:pk>/", lazy_view("slas.views.credits.CreditStatementDetailView"), name="creditstatement_detail"),
    path(
        "credits/<int:pk>/act/", lazy_view("slas.views.credits.CreditStatementActionView"), name="creditstatement_act"
    ),
]
