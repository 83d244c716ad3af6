"""One reminder to each person who has not answered a staff survey, ``remind_days_before`` days
before it closes, with the same personal link as their invitation.

Each run (hourly, or by hand) takes the open surveys within their reminder window and, per
survey in one transaction, locks the invitations neither answered nor reminded (skipping any an
answer holds right now), stamps them ``reminded_at`` and queues their emails through the outbox:
both commit or neither, so a second run, a second worker or a retry never reminds anyone twice.
While notifications are silenced (replaying history) the invitations are stamped, nobody mailed."""

import datetime

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import formats, timezone

from core.jobs import JobReport, for_each_row
from notifications.services.notify import notifications_silenced
from notifications.services.outbox import outbox_enqueue_many
from scorecards.models import Survey, SurveyInvitation
from scorecards.selectors.surveys import surveys_due_for_reminders
from scorecards.services.surveys import invitation_url


def _reminder_email(survey: Survey, invitation: SurveyInvitation) -> EmailMessage:
    name = invitation.staff_member.name if invitation.staff_member else "colleague"
    closes = formats.date_format(timezone.localtime(survey.closes_at), "j F Y, H:i")
    body = (
        f"Dear {name},\n\n"
        f"a reminder: the PACS team's few questions about working with {survey.vendor} in "
        f"{survey.period_label} are still open for you until {closes} (about two minutes, no sign-in "
        f"needed):\n\n{invitation_url(invitation, sent_at=survey.sent_at)}\n\n"
        f"It is the same personal link as in your invitation; it works once. Your answers are "
        f"anonymous: reports show only totals per profession. This is the only reminder.\n"
    )
    return EmailMessage(
        subject=f"Reminder: your view of {survey.vendor}, staff survey {survey.period_label}",
        body=body,
        to=[invitation.email],
    )


@transaction.atomic
def survey_remind(*, survey: Survey, now: datetime.datetime) -> int:
    """Remind the survey's people who have neither answered nor been reminded; how many."""
    invitations = list(
        SurveyInvitation.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(survey=survey, answered_at__isnull=True, reminded_at__isnull=True)
        .select_related("staff_member")
        .order_by("pk")
    )
    if not invitations:
        return 0
    SurveyInvitation.objects.filter(pk__in=[invitation.pk for invitation in invitations]).update(reminded_at=now)
    if not notifications_silenced():
        outbox_enqueue_many(messages=[_reminder_email(survey, invitation) for invitation in invitations])
    return len(invitations)


def survey_reminders_send(*, now: datetime.datetime | None = None) -> JobReport:
    """Remind the non-respondents of every open survey within its reminder window; ``done``
    counts the people reminded (a survey that fails is listed and the rest go on)."""
    now = now or timezone.now()
    surveys = list(surveys_due_for_reminders(now))
    return for_each_row(
        surveys, lambda survey: survey_remind(survey=survey, now=now), job="Survey reminders", label=str
    )
