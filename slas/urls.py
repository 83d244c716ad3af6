from django.urls import path

from core.urls_helpers import crud_paths
from slas.views import agreements, availability, calendars, incidents, maintenance
from slas.views import credits as credit_views

app_name = "slas"

urlpatterns = [
    # maintenance windows, and the token-protected calendar feeds
    path("maintenance/", maintenance.MaintenanceWindowListView.as_view(), name="maintenancewindow_list"),
    path("maintenance/add/", maintenance.MaintenanceWindowCreateView.as_view(), name="maintenancewindow_add"),
    path("maintenance/<int:pk>/", maintenance.MaintenanceWindowDetailView.as_view(), name="maintenancewindow_detail"),
    path(
        "maintenance/<int:pk>/edit/", maintenance.MaintenanceWindowUpdateView.as_view(), name="maintenancewindow_edit"
    ),
    path("maintenance/<int:pk>/decide/", maintenance.MaintenanceDecideView.as_view(), name="maintenancewindow_decide"),
    path(
        "maintenance/<int:pk>/actuals/", maintenance.MaintenanceActualsView.as_view(), name="maintenancewindow_actuals"
    ),
    path("maintenance/<int:pk>/cancel/", maintenance.MaintenanceCancelView.as_view(), name="maintenancewindow_cancel"),
    path("maintenance/feed/regenerate/", maintenance.FeedRegenerateView.as_view(), name="maintenance_feed_regenerate"),
    path("maintenance/feed/<slug:key>.ics", maintenance.MaintenanceFeedView.as_view(), name="maintenance_feed"),
    path(
        "maintenance/feed/<slug:key>/vendor/<int:vendor_id>.ics",
        maintenance.MaintenanceFeedView.as_view(),
        name="maintenance_vendor_feed",
    ),
    # availability
    path("availability/", availability.AvailabilityOverviewView.as_view(), name="availability_overview"),
    path("availability/<int:pk>/", availability.VendorAvailabilityView.as_view(), name="availability_vendor"),
    # business calendars and holidays
    *crud_paths(
        "calendars",
        "businesscalendar",
        list_view=calendars.CalendarListView,
        detail_view=calendars.CalendarDetailView,
        create_view=calendars.CalendarCreateView,
        update_view=calendars.CalendarUpdateView,
        delete_view=calendars.CalendarDeleteView,
    ),
    path("calendars/<int:pk>/holidays/add/", calendars.HolidayAddView.as_view(), name="holiday_add"),
    path("calendars/<int:pk>/holidays/import/", calendars.PublicHolidayImportView.as_view(), name="holiday_import"),
    path("holidays/<int:pk>/delete/", calendars.HolidayDeleteView.as_view(), name="holiday_delete"),
    # agreements
    *crud_paths(
        "agreements",
        "agreement",
        list_view=agreements.AgreementListView,
        detail_view=agreements.AgreementDetailView,
        create_view=agreements.AgreementCreateView,
        update_view=agreements.AgreementUpdateView,
        delete_view=agreements.AgreementDeleteView,
    ),
    path(
        "agreements/<int:pk>/new-version/", agreements.AgreementNewVersionView.as_view(), name="agreement_new_version"
    ),
    # incidents, reviews, follow-ups and the discussion
    path("incidents/", incidents.IncidentListView.as_view(), name="incident_list"),
    path("incidents/add/", incidents.IncidentCreateView.as_view(), name="incident_add"),
    path("incidents/<int:pk>/", incidents.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/edit/", incidents.IncidentUpdateView.as_view(), name="incident_edit"),
    path("incidents/<int:pk>/close/", incidents.IncidentCloseView.as_view(), name="incident_close"),
    path("incidents/<int:pk>/review/", incidents.IncidentReviewView.as_view(), name="incident_review"),
    path("incidents/<int:pk>/follow-ups/", incidents.IncidentFollowUpAddView.as_view(), name="incident_follow_up_add"),
    path("incidents/<int:pk>/comments/", incidents.IncidentCommentView.as_view(), name="incident_comment"),
    path("follow-ups/<int:pk>/status/", incidents.FollowUpStatusView.as_view(), name="follow_up_status"),
    path("incident-comments/<int:pk>/adopt/", incidents.RootCauseAdoptView.as_view(), name="root_cause_adopt"),
    # service-credit statements
    path("credits/", credit_views.CreditStatementListView.as_view(), name="creditstatement_list"),
    path("credits/compute/", credit_views.CreditComputeView.as_view(), name="credit_compute"),
    path("credits/<int:pk>/", credit_views.CreditStatementDetailView.as_view(), name="creditstatement_detail"),
    path("credits/<int:pk>/act/", credit_views.CreditStatementActionView.as_view(), name="creditstatement_act"),
]
