from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("read/", views.NotificationMarkReadView.as_view(), name="notification_mark_read"),
    path("settings/", views.NotificationPreferencesView.as_view(), name="preferences"),
    path("outbox/", views.OutboxListView.as_view(), name="outbox_list"),
    path("outbox/<int:pk>/retry/", views.OutboxRetryView.as_view(), name="outbox_retry"),
]
