"""Reads of security assessments and their findings."""

import datetime

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from compliance.models import Assessment, Finding
from core.roles import ScopedUser

UNRESOLVED = ~Q(status=Finding.Status.RESOLVED)
# Nobody named to fix it (the remediation owner is the vendor-side person or team, as text).
WITHOUT_OWNER = Q(remediation_owner="")


def assessment_list(*, today: datetime.date) -> QuerySet[Assessment]:
    """Assessments with the counts their list shows: findings, unresolved, unresolved past due,
    unresolved without a remediation owner."""
    return Assessment.objects.select_related("vendor").annotate(
        finding_count=Count("findings", distinct=True),
        open_count=Count("findings", filter=Q(findings__in=Finding.objects.filter(UNRESOLVED)), distinct=True),
        overdue_count=Count(
            "findings", filter=Q(findings__in=Finding.objects.filter(UNRESOLVED, due_on__lt=today)), distinct=True
        ),
        unowned_count=Count(
            "findings", filter=Q(findings__in=Finding.objects.filter(UNRESOLVED, WITHOUT_OWNER)), distinct=True
        ),
    )


def assessment_findings(assessment: Assessment, *, user: ScopedUser) -> QuerySet[Finding]:
    return Finding.objects.visible_to(user).filter(assessment=assessment).select_related("responded_by")


def overdue_findings(*, today: datetime.date) -> QuerySet[Finding]:
    """Unresolved findings whose remediation was due before ``today``: actions of the register
    (``governance``) until a retest passes."""
    return Finding.objects.filter(UNRESOLVED, due_on__lt=today)


def unresolved_findings_of(vendor_id: int, *, today: datetime.date) -> QuerySet[Finding]:
    """``vendor_id``'s findings reported by ``today`` and not resolved, due first, each with
    ``overdue`` (its remediation was due before ``today``): a system read for the monthly report."""
    return (
        Finding.objects.filter(UNRESOLVED, assessment__vendor_id=vendor_id, reported_on__lte=today)
        .select_related("assessment")
        .annotate(overdue=ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField()))
        .order_by("due_on", "pk")
    )


def unowned_findings(*, today: datetime.date) -> QuerySet[Finding]:
    """Unresolved findings reported by ``today`` that nobody owns, with their assessment and
    vendor, due first: what the hospital admins are reminded of."""
    return (
        Finding.objects.filter(UNRESOLVED, WITHOUT_OWNER, reported_on__lte=today)
        .select_related("assessment__vendor")
        .order_by("due_on", "pk")
    )
