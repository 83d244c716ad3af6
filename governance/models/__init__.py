# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes (and their choices) so ``from governance.models import Meeting`` keeps working. The one
# place in the project where ``__init__.py`` holds code (docs/architecture.md).
from governance.models.actions import ActionItem, ActionReminder, ActionStatus, Side
from governance.models.meetings import AgendaItem, Frequency, Meeting, MeetingFeedToken, MeetingKind, MeetingSeries
from governance.models.minutes import Attendance, Decision, MinuteNote
from governance.models.reviews import ReviewFinding, ReviewOutcome, SlaReview

__all__ = [
    "ActionItem",
    "ActionReminder",
    "ActionStatus",
    "AgendaItem",
    "Attendance",
    "Decision",
    "Frequency",
    "Meeting",
    "MeetingFeedToken",
    "MeetingKind",
    "MeetingSeries",
    "MinuteNote",
    "ReviewFinding",
    "ReviewOutcome",
    "Side",
    "SlaReview",
]
