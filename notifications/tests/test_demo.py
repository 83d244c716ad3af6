"""Seeding the demo replays a year of history and tells nobody: no notification, no queued email,
nothing for the SLA sweep to announce afterwards. What the outbox holds is the report archive's
record of past deliveries (sent, one failed) and the demo QBR pack's delivery (recorded as sent),
as the README says; no mail reaches the sink."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from devtools.demo import kpis as kpis_demo
from notifications.models import Digest, Notification, NotificationPreference, OutboxEmail
from notifications.services.digest import digests_send
from notifications.tasks import outbox_flush
from tickets.services.sweep import sweep_due_actions


@pytest.mark.django_db
@pytest.mark.slow  # the whole demo seed: about a minute alone, several beside other test workers
@pytest.mark.timeout(900)
def test_seeding_the_demo_mails_and_notifies_no_one(monkeypatch: pytest.MonkeyPatch, smtp_server) -> None:
    monkeypatch.delenv(kpis_demo.ORTHANC_ENV, raising=False)
    started = timezone.now()

    call_command("seed_demo", stdout=None)

    assert not Notification.objects.exists()
    assert not OutboxEmail.objects.filter(state=OutboxEmail.State.QUEUED).exists()
    # The archive's deliveries of the demo reports and of the demo QBR pack: recorded as they
    # happened, not sent now.
    recorded = list(OutboxEmail.objects.values_list("subject", "state"))
    assert recorded, "the demo archive records its reports' deliveries"
    assert all("performance report" in subject or "QBR pack" in subject for subject, _ in recorded)
    assert {state for _, state in recorded} == {OutboxEmail.State.SENT, OutboxEmail.State.FAILED}
    assert {state for subject, state in recorded if "QBR pack" in subject} == {OutboxEmail.State.SENT}
    # The warnings and breaches of the demo's past fired during the seed: the first sweep after
    # it, the outbox flush and the digest find nothing to tell anyone.
    assert sweep_due_actions(now=started) == 0  # (what came due since is the running system's news)
    assert outbox_flush() == 0
    assert digests_send().done == 0
    assert not Notification.objects.exists()
    assert not Digest.objects.exists()
    assert smtp_server.inbox == []
    # Two demo users made choices of their own, to show on their settings page.
    assert set(NotificationPreference.objects.values_list("user__username", flat=True)) == {"admin", "radiologist"}
