"""Each user's choice of channels per event type. Only deviations from the role's defaults are
stored (a channel left at its default is stored as empty, a row with nothing left is deleted),
so a default changed later, or a new event type, reaches everyone who has not chosen otherwise."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.event_types import SPECS, EmailDelivery, specs_for_role
from notifications.models import NotificationPreference
from notifications.selectors import PreferenceRow, preference_rows


@dataclass(frozen=True)
class ChannelChoice:
    in_app: bool
    email: str  # an EmailDelivery value


def _errors(user: AbstractBaseUser, choices: Mapping[str, ChannelChoice]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for event_type, choice in choices.items():
        spec = SPECS.get(event_type)
        if spec is None:
            errors[event_type] = [f"“{event_type}” is not an event type."]
        elif not spec.applies_to(user.role):
            errors[event_type] = [f"“{spec.label}” is not sent to a {user.get_role_display().lower()}."]
        elif choice.email not in EmailDelivery.values:
            names = ", ".join(EmailDelivery.values)
            errors[event_type] = [f"Email “{choice.email}” is not one of {names}."]
        elif not spec.email_allowed and choice.email != EmailDelivery.OFF:
            errors[event_type] = [f"“{spec.label}” is shown in the app only: its email must be off."]
    return errors


@transaction.atomic
def preferences_save(*, user: AbstractBaseUser, choices: Mapping[str, ChannelChoice]) -> list[PreferenceRow]:
    """Make ``choices`` (event type -> channels) the user's preferences; event types left out
    return to their defaults. Unknown event types, event types the user's role never receives,
    unknown email deliveries and email for events shown in the app only are refused, every
    problem at once, keyed by event type; nothing is changed then."""
    errors = _errors(user, choices)
    if errors:
        raise ValidationError(errors)
    rows = []
    for spec in specs_for_role(user.role):
        choice = choices.get(spec.type.value)
        if choice is None:
            continue
        default = spec.default_for(user.role)
        in_app = None if choice.in_app == default.in_app else choice.in_app
        email = "" if choice.email == default.email else choice.email
        if in_app is not None or email:
            rows.append(NotificationPreference(user=user, event_type=spec.type.value, in_app=in_app, email=email))
    NotificationPreference.objects.filter(user=user).exclude(event_type__in=[row.event_type for row in rows]).delete()
    NotificationPreference.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "event_type"],
        update_fields=["in_app", "email", "updated_at"],
    )
    return preference_rows(user=user)


@transaction.atomic
def preferences_reset(*, user: AbstractBaseUser, event_types: Collection[str] | None = None) -> int:
    """Return the given event types (all when None) to their defaults; returns how many rows of
    choices were dropped."""
    stored = NotificationPreference.objects.filter(user=user)
    if event_types is not None:
        stored = stored.filter(event_type__in=list(event_types))
    deleted, _ = stored.delete()
    return deleted
