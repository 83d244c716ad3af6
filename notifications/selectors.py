"""Reads of notifications: each user's preferences against the defaults, and the channels of
many recipients at once (for ``notify``)."""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from notifications.event_types import SPECS, Channels, EmailDelivery, EventSpec, channels_resolve, specs_for_role
from notifications.models import Notification, NotificationPreference


@dataclass(frozen=True)
class PreferenceRow:
    """One event type as one user receives it: the role's default, the user's stored choice
    (``None``/``""`` where they kept the default) and what applies."""

    spec: EventSpec
    default: Channels
    in_app_choice: bool | None
    email_choice: str
    effective: Channels

    @property
    def is_default(self) -> bool:
        return self.effective == self.default


def preference_rows(*, user: AbstractBaseUser) -> list[PreferenceRow]:
    """Every event type the user's role can receive, in catalogue order, in one query."""
    stored = {
        row.event_type: row
        for row in NotificationPreference.objects.filter(user_id=user.pk).only("event_type", "in_app", "email")
    }
    rows = []
    for spec in specs_for_role(user.role):
        choice = stored.get(spec.type.value)
        in_app, email = (choice.in_app, choice.email) if choice else (None, "")
        rows.append(
            PreferenceRow(
                spec=spec,
                default=spec.default_for(user.role),
                in_app_choice=in_app,
                email_choice=email if spec.email_allowed else "",
                effective=channels_resolve(spec, user.role, in_app, email),
            )
        )
    return rows


def channels_for(
    *, recipients: Sequence[AbstractBaseUser], event_types: Collection[str]
) -> dict[tuple[int, str], Channels]:
    """How each recipient hears of each event type, in one query however many there are."""
    stored = {
        (user_id, event_type): (in_app, email)
        for user_id, event_type, in_app, email in NotificationPreference.objects.filter(
            user_id__in={user.pk for user in recipients}, event_type__in=set(event_types)
        ).values_list("user_id", "event_type", "in_app", "email")
    }
    return {
        (user.pk, event_type): channels_resolve(
            SPECS[event_type], user.role, *stored.get((user.pk, event_type), (None, ""))
        )
        for user in recipients
        for event_type in event_types
    }


def digest_pending(*, now: datetime.datetime | None = None) -> QuerySet[Notification]:
    """Notifications waiting for their recipient's next daily digest (raised by ``now``), of
    active users who have an address to send it to."""
    return Notification.objects.filter(
        email_delivery=EmailDelivery.DIGEST,
        digest__isnull=True,
        created_at__lte=now or timezone.now(),
        recipient__is_active=True,
    ).exclude(recipient__email="")
