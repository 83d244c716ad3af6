from django.urls import path

from governance.views import actions, meetings, minutes

app_name = "governance"

urlpatterns = [
    # meetings and series
    path("", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("feed/", meetings.MeetingFeedManageView.as_view(), name="meeting_feed_manage"),
    path("feed/<slug:key>.ics", meetings.MeetingFeedView.as_view(), name="meeting_feed"),
    path("series/add/", meetings.SeriesCreateView.as_view(), name="series_add"),
    path("series/<int:pk>/", meetings.SeriesDetailView.as_view(), name="series_detail"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/items/", meetings.AgendaItemAddView.as_view(), name="agenda_item_add"),
    path("meetings/<int:pk>/start/", meetings.MeetingStartView.as_view(), name="meeting_start"),
    path("meetings/<int:pk>/cancel/", meetings.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("meetings/<int:pk>/reschedule/", meetings.MeetingRescheduleView.as_view(), name="meeting_reschedule"),
    # minutes
    path("meetings/<int:pk>/attendance/", meetings.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/notes/", meetings.NoteAddView.as_view(), name="note_add"),
    path("meetings/<int:pk>/decisions/", meetings.DecisionAddView.as_view(), name="decision_add"),
    path("meetings/<int:pk>/actions/", meetings.ActionAddView.as_view(), name="action_add"),
    path("decisions/", minutes.DecisionListView.as_view(), name="decision_list"),
    # the action register
    path("actions/", actions.ActionRegisterView.as_view(), name="action_register"),
    path("actions/<int:pk>/status/", meetings.ActionStatusView.as_view(), name="action_status"),
]
