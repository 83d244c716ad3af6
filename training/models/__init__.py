# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes (and their choices) so ``from training.models import Course`` works (docs/architecture.md).
from training.models.articles import Article, ArticleKind, ArticleLink, ArticleStatus
from training.models.certifications import (
    EXPIRING_SOON_DAYS,
    Certification,
    CertificationKind,
    CertificationState,
)
from training.models.completions import Completion, LatestCompletion, Source
from training.models.courses import Course, CourseMaterial, Delivery
from training.models.requirements import Level, Requirement
from training.models.sessions import Enrolment, Session, SessionFeedback

__all__ = [
    "EXPIRING_SOON_DAYS",
    "Article",
    "ArticleKind",
    "ArticleLink",
    "ArticleStatus",
    "Certification",
    "CertificationKind",
    "CertificationState",
    "Completion",
    "Course",
    "CourseMaterial",
    "Delivery",
    "Enrolment",
    "LatestCompletion",
    "Level",
    "Requirement",
    "Session",
    "SessionFeedback",
    "Source",
]
