"""The daily digest: one email per user and hospital-local day, listing the notifications their
preferences put in the digest since the last one, grouped by event type.

Exactly once per user-day, however often or however concurrently it runs: a user's pending
entries are locked (``SELECT ... FOR UPDATE``) and the ``Digest`` row, unique per (user, day),
is inserted in the same transaction that marks them and queues the email. A second run waits
on the lock, then finds no pending entry (or the day's digest row) and sends nothing. Entries
raised after a day's digest wait for the next day's. Users with nothing pending get no mail.
"""

import datetime
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.jobs import JobReport, for_each_row
from notifications.event_types import CATALOGUE, spec_of
from notifications.models import Digest, Notification
from notifications.selectors import digest_pending
from notifications.services.outbox import outbox_enqueue

GROUP_ORDER = {spec.type.value: index for index, spec in enumerate(CATALOGUE)}


def _body(entries: list[Notification], day: datetime.date) -> str:
    lines = [f"What happened since your last digest, as of {day:%A %d %B %Y}:"]
    ordered = sorted(entries, key=lambda e: (GROUP_ORDER.get(e.event_type, len(GROUP_ORDER)), e.created_at))
    for event_type, group in groupby(ordered, key=lambda e: e.event_type):
        items = list(group)
        label = spec_of(event_type).label if event_type in GROUP_ORDER else "Other"
        lines += ["", f"{label} ({len(items)})", "-" * (len(label) + len(str(len(items))) + 3)]
        for entry in items:
            lines.append(f"* {timezone.localtime(entry.created_at):%d %b %H:%M}  {entry.title}")
            if entry.body:
                lines.append(f"  {entry.body.splitlines()[0][:300]}")
            if entry.url:
                lines.append(f"  {settings.SITE_URL}{entry.url}")
    preferences = settings.SITE_URL + reverse("notifications:preferences")
    lines += ["", "-- ", f"Choose what reaches you, and how: {preferences}"]
    return "\n".join(lines)


@transaction.atomic
def digest_send(*, recipient_id: int, day: datetime.date, now: datetime.datetime) -> Digest | None:
    """Send one user's digest of ``day`` if they have pending entries and none was sent that
    day. Returns the digest, or None when there was nothing (more) to send."""
    entries = list(
        digest_pending(now=now)
        .filter(recipient_id=recipient_id)
        .select_for_update(of=("self",))
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    if not entries:
        return None
    try:
        with transaction.atomic():
            digest = Digest.objects.create(recipient_id=recipient_id, day=day)
    except IntegrityError:
        return None  # today's digest went out already; these wait for tomorrow's
    recipient = entries[0].recipient
    count = len(entries)
    digest.outbox_email = outbox_enqueue(
        message=EmailMessage(
            subject=f"PACS Vendor Desk daily digest, {day:%d %b %Y}: {count} notification{'s' if count != 1 else ''}",
            body=_body(entries, day),
            to=[recipient.email],
        )
    )
    digest.save(update_fields=["outbox_email"])
    Notification.objects.filter(pk__in=[entry.pk for entry in entries]).update(digest=digest)
    return digest


def digests_send(*, now: datetime.datetime | None = None) -> JobReport:
    """Send today's digest (hospital-local day) to every user with pending entries; the report's
    ``done`` is how many were sent. Safe to run any number of times a day. A user whose digest
    cannot be sent is reported and skipped (their entries wait for the next run)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    recipient_ids = sorted(set(digest_pending(now=now).values_list("recipient_id", flat=True)))
    return for_each_row(
        recipient_ids,
        lambda recipient_id: int(digest_send(recipient_id=recipient_id, day=day, now=now) is not None),
        job="Daily digests",
        label=lambda recipient_id: f"user {recipient_id}",
    )
