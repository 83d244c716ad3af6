from django.urls import path

from core.views.lazy import lazy_view

app_name = "notifications"

urlpatterns = [
    path("", lazy_view("notifications.views.NotificationListView"), name="notification_list"),
    path("read/", lazy_view("notifications.views.NotificationMarkReadView"), name="notification_mark_read"),
    path("settings/", lazy_view("notifications.views.NotificationPreferencesView"), name="preferences"),
    path("outbox/", lazy_view("notifications.views.OutboxListView"), name="outbox_list"),
    path("outbox/<int:pk>/retry/", lazy_view("notifications.views.OutboxRetryView"), name="outbox_retry"),
]
