import datetime

from django.utils import timezone

from core.testing.registry import register_test_object
from governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Frequency,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MinuteNote,
    ReviewFinding,
    SlaReview,
)
from governance.models.actions import Side


def series_for(
    vendor: object,
    *,
    title: str = "Operational meeting",
    kind: str = MeetingKind.BIWEEKLY_OPERATIONAL,
    frequency: str = Frequency.BIWEEKLY,
    first_start: datetime.datetime | None = None,
    **fields: object,
) -> MeetingSeries:
    """A series written directly, without meetings (``meeting_for`` adds them)."""
    first_start = first_start or (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    return MeetingSeries.objects.create(
        vendor=vendor, title=title, kind=kind, frequency=frequency, first_start=first_start, **fields
    )


def meeting_for(
    vendor: object, *, starts_at: datetime.datetime | None = None, series: MeetingSeries | None = None, **fields: object
) -> Meeting:
    starts_at = starts_at or (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    series = series or series_for(vendor, first_start=starts_at)
    return Meeting.objects.create(
        series=series, vendor=vendor, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1), **fields
    )


def started_meeting_for(vendor: object, **fields: object) -> Meeting:
    """A meeting held an hour ago, its (empty) agenda frozen."""
    starts_at = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0)
    return meeting_for(
        vendor,
        starts_at=starts_at,
        status=Meeting.Status.STARTED,
        agenda={"built_at": starts_at.isoformat(), "since": starts_at.isoformat(), "sections": []},
        agenda_frozen_at=starts_at,
        **fields,
    )


@register_test_object(MeetingSeries)
def make_series(*, vendor: object, user: object, marker: str) -> MeetingSeries:
    return series_for(vendor, title=f"{marker} series")


@register_test_object(Meeting)
def make_meeting(*, vendor: object, user: object, marker: str) -> Meeting:
    return meeting_for(vendor, series=series_for(vendor, title=f"{marker} series"))


@register_test_object(AgendaItem)
def make_agenda_item(*, vendor: object, user: object, marker: str) -> AgendaItem:
    return AgendaItem.objects.create(meeting=make_meeting(vendor=vendor, user=user, marker=marker), title=marker)


@register_test_object(Attendance)
def make_attendance(*, vendor: object, user: object, marker: str) -> Attendance:
    from vendors.tests.factories import ContactFactory

    meeting = make_meeting(vendor=vendor, user=user, marker=marker)
    return Attendance.objects.create(meeting=meeting, contact=ContactFactory(vendor=vendor, name=marker))


@register_test_object(MinuteNote)
def make_note(*, vendor: object, user: object, marker: str) -> MinuteNote:
    meeting = started_meeting_for(vendor, series=series_for(vendor, title=f"{marker} series"))
    return MinuteNote.objects.create(meeting=meeting, item_key="tickets", text=marker)


@register_test_object(Decision)
def make_decision(*, vendor: object, user: object, marker: str) -> Decision:
    meeting = started_meeting_for(vendor, series=series_for(vendor, title=f"{marker} series"))
    return Decision.objects.create(meeting=meeting, vendor=vendor, text=f"{marker} decision")


@register_test_object(ActionItem)
def make_action(*, vendor: object, user: object, marker: str) -> ActionItem:
    from vendors.tests.factories import ContactFactory

    meeting = started_meeting_for(vendor, series=series_for(vendor, title=f"{marker} series"))
    return ActionItem.objects.create(
        meeting=meeting,
        vendor=vendor,
        description=f"{marker} action",
        owner_contact=ContactFactory(vendor=vendor),
        side=Side.VENDOR,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )


def review_for(vendor: object, *, due_on: datetime.date | None = None, effective_from: datetime.date | None = None):
    """An agreement of a new contract of ``vendor`` in force for a year, and its open annual review
    (due ``due_on``, by default in 30 days), opened by the service."""
    from governance.services.reviews import review_open
    from slas.tests.factories import agreement_for
    from vendors.tests.factories import ContractFactory

    due_on = due_on or timezone.localdate() + datetime.timedelta(days=30)
    effective_from = effective_from or due_on.replace(year=due_on.year - 1)
    contract = ContractFactory(vendor=vendor, start_date=effective_from)
    return review_open(agreement=agreement_for(contract, effective_from=effective_from), due_on=due_on)


@register_test_object(SlaReview)
def make_review(*, vendor: object, user: object, marker: str) -> SlaReview:
    review = review_for(vendor)
    SlaReview.objects.filter(pk=review.pk).update(decisions=marker)
    return review


@register_test_object(ReviewFinding)
def make_finding(*, vendor: object, user: object, marker: str) -> ReviewFinding:
    return ReviewFinding.objects.create(review=review_for(vendor), subject="Uptime", finding=marker, author=user)
