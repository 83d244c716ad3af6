import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from training.models import EXPIRING_SOON_DAYS, Certification, CertificationKind, CertificationState


def certification_list() -> QuerySet[Certification]:
    return Certification.objects.select_related("person", "kind", "kind__vendor")


def certification_kind_list() -> QuerySet[CertificationKind]:
    return CertificationKind.objects.select_related("vendor")


def in_state(certifications: QuerySet[Certification], state: str, *, today: datetime.date) -> QuerySet[Certification]:
    """Those valid, expiring soon (their last day within ``EXPIRING_SOON_DAYS``) or expired on ``today``."""
    soon = today + datetime.timedelta(days=EXPIRING_SOON_DAYS)
    if state == CertificationState.EXPIRED:
        return certifications.filter(expires_on__lt=today)
    if state == CertificationState.EXPIRING:
        return certifications.filter(expires_on__gte=today, expires_on__lt=soon)
    return certifications.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=soon))


def certifications_expiring_on(*, days: Iterable[datetime.date]) -> QuerySet[Certification]:
    """Certifications whose last valid day is one of ``days``, of active people who have not
    renewed them yet (no later one of the same kind), for reminders."""
    renewed = Certification.objects.filter(
        person=OuterRef("person"), kind=OuterRef("kind"), earned_on__gt=OuterRef("earned_on")
    )
    return (
        certification_list()
        .filter(expires_on__in=list(days), person__active=True)
        .exclude(Exists(renewed))
        .order_by("expires_on", "pk")
    )
