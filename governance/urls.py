from django.urls import path

from core.views.lazy import lazy_view

app_name = "governance"

urlpatterns = [
    # meetings and series
    path("", lazy_view("governance.views.meetings.MeetingListView"), name="meeting_list"),
    path("feed/", lazy_view("governance.views.meetings.MeetingFeedManageView"), name="meeting_feed_manage"),
    path("feed/<slug:key>.ics", lazy_view("governance.views.meetings.MeetingFeedView"), name="meeting_feed"),
    path("series/add/", lazy_view("governance.views.meetings.SeriesCreateView"), name="series_add"),
    path("series/<int:pk>/", lazy_view("governance.views.meetings.SeriesDetailView"), name="series_detail"),
    path("meetings/<int:pk>/", lazy_view("governance.views.meetings.MeetingDetailView"), name="meeting_detail"),
    path("meetings/<int:pk>/items/", lazy_view("governance.views.meetings.AgendaItemAddView"), name="agenda_item_add"),
    path("meetings/<int:pk>/start/", lazy_view("governance.views.meetings.MeetingStartView"), name="meeting_start"),
    path("meetings/<int:pk>/cancel/", lazy_view("governance.views.meetings.MeetingCancelView"), name="meeting_cancel"),
    path(
        "meetings/<int:pk>/reschedule/",
        lazy_view("governance.views.meetings.MeetingRescheduleView"),
        name="meeting_reschedule",
    ),
    # minutes
    path("meetings/<int:pk>/attendance/", lazy_view("governance.views.meetings.AttendanceView"), name="attendance"),
    path("meetings/<int:pk>/notes/", lazy_view("governance.views.meetings.NoteAddView"), name="note_add"),
    path("meetings/<int:pk>/decisions/", lazy_view("governance.views.meetings.DecisionAddView"), name="decision_add"),
    path("meetings/<int:pk>/actions/", lazy_view("governance.views.meetings.ActionAddView"), name="action_add"),
    path("decisions/", lazy_view("governance.views.minutes.DecisionListView"), name="decision_list"),
    # the action register
    path("actions/", lazy_view("governance.views.actions.ActionRegisterView"), name="action_register"),
    path("actions/<int:pk>/status/", lazy_view("governance.views.meetings.ActionStatusView"), name="action_status"),
    # SLA annual reviews
    path("reviews/", lazy_view("governance.views.reviews.ReviewListView"), name="review_list"),
    path("reviews/<int:pk>/", lazy_view("governance.views.reviews.ReviewDetailView"), name="slareview_detail"),
    path("reviews/<int:pk>/findings/", lazy_view("governance.views.reviews.FindingAddView"), name="finding_add"),
    path(
        "reviews/<int:pk>/conclude/", lazy_view("governance.views.reviews.ReviewConcludeView"), name="review_conclude"
    ),
]
