from django.urls import path

from core.urls_helpers import crud_paths
from slas.views import agreements, calendars

app_name = "slas"

urlpatterns = [
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
]
