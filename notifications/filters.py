import django_filters

from core.filters import SearchFilterSet
from notifications.models import Notification, OutboxEmail


class NotificationFilterSet(SearchFilterSet):
    search_fields = ("title", "body")

    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="Unread")

    class Meta:
        model = Notification
        fields = ["q", "event_type", "level", "unread"]


class OutboxEmailFilterSet(SearchFilterSet):
    search_fields = ("subject", "to", "last_error")

    class Meta:
        model = OutboxEmail
        fields = ["q", "state"]
