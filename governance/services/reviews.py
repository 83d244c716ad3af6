"""SLA annual reviews: each agreement in force gets its review (due a year after it took effect,
then yearly), findings per target are recorded, and the review is concluded with decisions and an
outcome; "new version" drafts the next agreement version through ``slas``' own service. Reminders
60 and 14 days ahead, on the day and weekly once overdue, to the hospital admins."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from core import limits
from core.jobs import JobReport, for_each_row
from core.links import Audience, object_url
from core.permissions import require
from core.roles import hospital_admins
from governance.models import ReviewFinding, ReviewOutcome, SlaReview
from governance.selectors.reviews import REMIND_DAYS_AHEAD, finding_subjects, review_figures, reviews_due
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from slas.models import Agreement
from slas.selectors.agreements import agreement_list
from slas.services.agreements import agreement_new_version

YEAR = relativedelta(years=1)
OVERDUE_EVERY_DAYS = 7


def next_review_due(agreement: Agreement, *, today: datetime.date) -> datetime.date:
    """A year after the agreement took effect, or a year after its contract's last reviewed
    year, if later; years long past are not reviewed one by one: the due date is the latest such
    anniversary whose year is not more than a year over (so at most a year overdue)."""
    last = (
        SlaReview.objects.filter(agreement__contract_id=agreement.contract_id)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    start = max(agreement.effective_from, last) if last else agreement.effective_from
    years = 1
    while start + relativedelta(years=years + 1) <= today:
        years += 1
    return start + relativedelta(years=years)


@transaction.atomic
def review_open(*, agreement: Agreement, due_on: datetime.date) -> SlaReview:
    """The review of the year before ``due_on``: one open review per agreement, and a contract's
    reviewed years never overlap."""
    list(agreement_list().select_for_update(of=("self",)).filter(contract_id=agreement.contract_id))
    review = SlaReview(
        vendor_id=agreement.contract.vendor_id,
        agreement=agreement,
        period_start=due_on - YEAR,
        period_end=due_on,
        due_on=due_on,
    )
    overlapping = SlaReview.objects.filter(
        agreement__contract_id=agreement.contract_id,
        period_start__lt=review.period_end,
        period_end__gt=review.period_start,
    ).first()
    if overlapping is not None:
        raise ValidationError({"due_on": f"The reviewed year overlaps another review: {overlapping}."})
    if SlaReview.objects.filter(agreement=agreement, status=SlaReview.Status.OPEN).exists():
        raise ValidationError({"due_on": "This agreement already has an open review."})
    review.full_clean()
    review.save()
    return review


def reviews_schedule(*, today: datetime.date | None = None) -> JobReport:
    """Open the next review of every agreement in force ``today`` that has no open one and no
    later version. The
    report's ``done`` is the number of reviews opened."""
    today = today or timezone.localdate()
    # A version already succeeded by a drafted one is not reviewed again: its successor is, once
    # it takes effect, a year after the last reviewed year.
    succeeded = agreement_list().filter(contract_id=OuterRef("contract_id"), version__gt=OuterRef("version"))
    agreements = (
        agreement_list()
        .filter(effective_from__lte=today)
        .exclude(effective_to__lt=today)
        .exclude(annual_reviews__status=SlaReview.Status.OPEN)
        .exclude(Exists(succeeded))
        .order_by("pk")
    )

    def schedule(agreement: Agreement) -> int:
        review_open(agreement=agreement, due_on=next_review_due(agreement, today=today))
        return 1

    return for_each_row(agreements, schedule, job="SLA review scheduling")


def _require_open(review: SlaReview) -> None:
    if not review.is_open:
        raise ValidationError("This review is concluded: its figures, findings and outcome are final.")


@transaction.atomic
def finding_add(*, review: SlaReview, subject: str, finding: str, proposed_change: str, actor: User) -> ReviewFinding:
    """What the review found about one target (or the uptime, or the whole) and the change proposed."""
    require(actor, "sla_review.manage", review)
    review = SlaReview.objects.select_for_update().get(pk=review.pk)
    _require_open(review)
    if subject not in finding_subjects(review):
        raise ValidationError({"subject": "Choose a target of the agreement, the uptime, or the agreement as a whole."})
    if not finding.strip():
        raise ValidationError({"finding": "Write what the review found."})
    limits.check_length("finding", finding, limits.DESCRIPTION_LENGTH)
    limits.check_length("proposed_change", proposed_change, limits.DESCRIPTION_LENGTH)
    return ReviewFinding.objects.create(
        review=review, subject=subject, finding=finding.strip(), proposed_change=proposed_change.strip(), author=actor
    )


@transaction.atomic
def review_conclude(
    *,
    review: SlaReview,
    outcome: str,
    decisions: str,
    new_version_from: datetime.date | None,
    actor: User,
    now: datetime.datetime | None = None,
) -> SlaReview:
    """Freeze the year's figures, record the decisions and the outcome. "New version" drafts the
    agreement's next version (a copy from ``new_version_from``, to be edited in the SLA pages as
    the findings propose) through ``slas``; all of it or nothing."""
    require(actor, "sla_review.manage", review)
    review = SlaReview.objects.select_for_update().select_related("agreement__contract").get(pk=review.pk)
    _require_open(review)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome: unchanged, new version or renegotiate."})
    if not decisions.strip():
        raise ValidationError({"decisions": "Write what the review decided."})
    limits.check_length("decisions", decisions, limits.DESCRIPTION_LENGTH)
    if outcome == ReviewOutcome.NEW_VERSION:
        if new_version_from is None:
            raise ValidationError({"new_version_from": "Give the day the new version takes effect."})
        try:
            review.new_agreement = agreement_new_version(agreement=review.agreement, effective_from=new_version_from)
        except ValidationError as error:
            raise ValidationError({"new_version_from": error.messages}) from error
    elif new_version_from is not None:
        raise ValidationError({"new_version_from": "Only a new version takes effect on a day."})
    now = now or timezone.now()
    review.figures = review_figures(review, now=now)
    review.decisions = decisions.strip()
    review.outcome = outcome
    review.status = SlaReview.Status.CONCLUDED
    review.concluded_at = now
    review.concluded_by = actor
    review.save()
    return review


def reminder_due(days_left: int) -> bool:
    """Whether a review ``days_left`` days from its due date is reminded of today."""
    if days_left < 0:
        return -days_left % OVERDUE_EVERY_DAYS == 0
    return days_left in (*REMIND_DAYS_AHEAD, 0)


def _title(review: SlaReview, days_left: int) -> str:
    what = f"SLA annual review of {review.agreement} ({review.vendor})"
    if days_left < 0:
        return f"Overdue by {-days_left} days: {what}"
    if days_left == 0:
        return f"Due today: {what}"
    return f"Due in {days_left} days: {what}"


def _remind_of(review: SlaReview, today: datetime.date) -> int:
    days_left = (review.due_on - today).days
    if not reminder_due(days_left):
        return 0
    created = notify(
        event=EventType.SLA_REVIEW_DUE,
        recipients=hospital_admins(),
        title=_title(review, days_left),
        body=f"The year {review.period_start:%d %b %Y} to {review.period_end:%d %b %Y}: its figures are "
        "gathered on the review's page; record the findings per target and conclude it.",
        url=object_url(review, audience=Audience.HOSPITAL),
        level=Notification.Level.WARNING if days_left < 0 else Notification.Level.INFO,
        dedupe_key=f"sla-review:{review.pk}:{review.due_on:%Y%m%d}:{days_left}",
    )
    return len(created)


def review_reminders_send(*, today: datetime.date | None = None) -> JobReport:
    """Remind the hospital admins of the open reviews due within 60 days or overdue. The
    report's ``done`` is the number of notifications raised."""
    today = today or timezone.localdate()
    return for_each_row(reviews_due(today=today), lambda review: _remind_of(review, today), job="SLA review reminders")


def sla_reviews_daily(*, today: datetime.date | None = None) -> JobReport:
    """The daily job: open the reviews coming, then remind of those due."""
    today = today or timezone.localdate()
    scheduled = reviews_schedule(today=today)
    reminded = review_reminders_send(today=today)
    return JobReport(
        job="SLA reviews",
        done=scheduled.done + reminded.done,
        failed=scheduled.failed + reminded.failed,
    )
