from django.urls import path

from core.views.lazy import lazy_view

urlpatterns = [
    path(
        "notification-preferences/",
        lazy_view("notifications.api.views.NotificationPreferencesView"),
        name="notification-preferences",
    ),
]
