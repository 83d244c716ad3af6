"""The one way anything tells people about an event.

A caller raises an event type (``notifications.event_types``) for the recipients its domain
decides ("the hospital's users and the vendor's users"); each recipient's preferences decide how
they hear of it: in the app, by email at once, or in the next daily digest. Everything is
resolved and written in a fixed number of queries however many recipients there are.

Titles come from what people typed (an incident's title, a window's, a vendor's name) with words
around them; they are put on one line and shortened to fit a notification's title, which is
also the email's subject.

Replaying history (the demo seed, the ticket history import) runs inside ``silenced()``: the
services record what happened, and nobody is told.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.text import single_line
from notifications.event_types import EmailDelivery
from notifications.models import Notification
from notifications.selectors import channels_for
from notifications.services.outbox import outbox_enqueue_many

_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)
TITLE_LENGTH = Notification._meta.get_field("title").max_length


@contextmanager
def silenced() -> Iterator[None]:
    """Inside, events are recorded by their services but told to nobody: no notification, no
    email, no digest entry. For replaying history, where every event is in the past."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def notifications_silenced() -> bool:
    return _silenced.get()


@dataclass(frozen=True, kw_only=True)
class Notice:
    """One event told to one user; with a ``dedupe_key`` a user hears of it once, ever."""

    event: str
    recipient: AbstractBaseUser
    title: str
    body: str = ""
    url: str = ""
    level: str = Notification.Level.INFO
    dedupe_key: str = ""


@dataclass(frozen=True, kw_only=True)
class ExternalMail:
    """An event mailed to people without an account (e.g. a vendor's escalation contacts):
    they have no preferences, so it goes at once."""

    event: str
    to: Sequence[str]
    title: str
    body: str = ""
    url: str = ""


def _fresh(notices: Sequence[Notice]) -> list[Notice]:
    """Drop notices of inactive users, repeats within the call, and keys already raised."""
    keyed = {(n.recipient.pk, n.dedupe_key) for n in notices if n.dedupe_key}
    seen: set[tuple[int, str]] = set()
    if keyed:
        seen = set(
            Notification.objects.filter(
                recipient_id__in={pk for pk, _ in keyed}, dedupe_key__in={key for _, key in keyed}
            ).values_list("recipient_id", "dedupe_key")
        )
    fresh = []
    for notice in notices:
        key = (notice.recipient.pk, notice.dedupe_key)
        if not getattr(notice.recipient, "is_active", True) or (notice.dedupe_key and key in seen):
            continue
        if notice.dedupe_key:
            seen.add(key)
        fresh.append(notice)
    return fresh


def _rows(notices: list[Notice]) -> list[Notification]:
    """One row per notice someone hears of, with the channels their preferences give."""
    channels = channels_for(
        recipients=list({n.recipient.pk: n.recipient for n in notices}.values()),
        event_types={n.event for n in notices},
    )
    rows = []
    for notice in notices:
        chosen = channels[(notice.recipient.pk, notice.event)]
        email = chosen.email if notice.recipient.email else EmailDelivery.OFF
        if not chosen.in_app and email == EmailDelivery.OFF:
            continue
        rows.append(
            Notification(
                recipient=notice.recipient,
                event_type=notice.event,
                in_app=chosen.in_app,
                email_delivery=email,
                title=single_line(notice.title, TITLE_LENGTH),
                body=notice.body,
                url=notice.url,
                level=notice.level,
                dedupe_key=notice.dedupe_key,
            )
        )
    return rows


def _create_each_once(rows: list[Notification]) -> list[Notification]:
    """The slow path after a concurrent raise of the same key: keep theirs, add the rest."""
    created = []
    for row in rows:
        if not row.dedupe_key:
            row.save()
            created.append(row)
            continue
        fields = ("event_type", "in_app", "email_delivery", "title", "body", "url", "level")
        row, is_new = Notification.objects.get_or_create(
            recipient=row.recipient,
            dedupe_key=row.dedupe_key,
            defaults={name: getattr(row, name) for name in fields},
        )
        if is_new:
            created.append(row)
    return created


def _with_link(body: str, url: str) -> str:
    return body + (f"\n\n{settings.SITE_URL}{url}" if url else "")


def _email(row: Notification, settings_url: str) -> EmailMessage:
    footer = f"\n\n-- \nYou receive this as “{row.get_event_type_display()}”. Choose what reaches you: {settings_url}"
    return EmailMessage(subject=row.title, body=_with_link(row.body, row.url) + footer, to=[row.recipient.email])


@transaction.atomic
def notify_bulk(*, notices: Sequence[Notice], external: Sequence[ExternalMail] = ()) -> list[Notification]:
    """Tell each notice's recipient as their preferences say, and mail the ``external``
    addresses. A fixed number of queries however many notices; nothing inside ``silenced()``.
    Returns the notifications created (in the app, or kept for the digest or a sent email)."""
    if notifications_silenced():
        return []
    rows = _rows(_fresh(notices))
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows)
    except IntegrityError:
        created = _create_each_once(rows)
    settings_url = settings.SITE_URL + reverse("notifications:preferences")
    messages = [_email(row, settings_url) for row in created if row.email_delivery == EmailDelivery.IMMEDIATE]
    messages += [
        EmailMessage(
            subject=single_line(mail.title, TITLE_LENGTH), body=_with_link(mail.body, mail.url), to=list(mail.to)
        )
        for mail in external
        if mail.to
    ]
    if messages:
        outbox_enqueue_many(messages=messages)
    return created


def notices_for(
    *,
    event: str,
    recipients: Iterable[AbstractBaseUser],
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    dedupe_key: str = "",
    actor: AbstractBaseUser | None = None,
) -> list[Notice]:
    """The same notice for each recipient (once each), leaving out the ``actor`` who caused it.
    For callers that tell two audiences with different links in one ``notify_bulk``."""
    actor_pk = getattr(actor, "pk", None)
    return [
        Notice(event=event, recipient=user, title=title, body=body, url=url, level=level, dedupe_key=dedupe_key)
        for user in {user.pk: user for user in recipients}.values()
        if user.pk != actor_pk
    ]


def notify(
    *,
    event: str,
    recipients: Iterable[AbstractBaseUser],
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    dedupe_key: str = "",
    actor: AbstractBaseUser | None = None,
) -> list[Notification]:
    """Tell ``recipients`` of one ``event``, each as their preferences say. The ``actor`` who
    caused it is not told. With a ``dedupe_key`` a recipient hears of it once, ever."""
    if notifications_silenced():
        return []
    return notify_bulk(
        notices=notices_for(
            event=event,
            recipients=recipients,
            title=title,
            body=body,
            url=url,
            level=level,
            dedupe_key=dedupe_key,
            actor=actor,
        )
    )


def notifications_mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all when ``ids`` is None."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
