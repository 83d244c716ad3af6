"""Writes on security findings: the hospital records a finding of an assessment (its remediation
due date follows from its severity), the vendor answers it, the hospital records the retest."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from compliance.models import Assessment, Finding
from compliance.remediation import remediation_due
from core import limits
from core.links import Audience, object_url
from core.permissions import require
from core.roles import hospital_admins, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify


def _tell_vendor(finding: Finding, title: str, actor: User) -> None:
    notify(
        event=EventType.SECURITY_FINDING_REPORTED,
        recipients=vendor_users(finding.assessment.vendor_id),
        title=title,
        body=f"{finding.get_severity_display()} finding of {finding.assessment}: remediation due "
        f"{finding.due_on:%Y-%m-%d}.",
        url=object_url(finding.assessment, audience=Audience.VENDOR) + f"#finding-{finding.pk}",
        level=Notification.Level.WARNING,
        actor=actor,
    )


@transaction.atomic
def finding_record(
    *,
    assessment: Assessment,
    title: str,
    description: str,
    severity: str,
    cvss_score: Decimal | None,
    reported_on: datetime.date,
    remediation_owner: str,
    actor: User,
) -> Finding:
    """Record a finding; it must be remediated by the day its severity gives
    (``compliance.remediation``: critical 15 days, high 30, medium 90, low 180). The vendor's
    users are told."""
    require(actor, "compliance.assessment_manage", assessment)
    finding = Finding(
        assessment=assessment,
        title=title,
        description=description,
        severity=severity,
        cvss_score=cvss_score,
        reported_on=reported_on,
        remediation_owner=remediation_owner,
    )
    try:
        finding.due_on = remediation_due(severity, reported_on)
    except (ValueError, OverflowError):
        raise ValidationError({"severity": "Choose critical, high, medium or low."}) from None
    finding.full_clean()
    finding.save()
    _tell_vendor(
        finding, f"{assessment.vendor}: new {finding.get_severity_display().lower()} finding “{finding}”", actor
    )
    return finding


@transaction.atomic
def finding_answer(*, finding: Finding, response: str, actor: User) -> Finding:
    """The vendor says how it fixes the finding (or why it stands); it may answer again until
    the finding is resolved. Hospital admins are told."""
    require(actor, "compliance.finding_answer", finding)
    finding = Finding.objects.select_for_update().select_related("assessment__vendor").get(pk=finding.pk)
    if finding.status == Finding.Status.RESOLVED:
        raise ValidationError("This finding is resolved: its retest passed.")
    if not response.strip():
        raise ValidationError({"response": "Say how and when it is fixed, or why it stands."})
    limits.check_length("response", response, limits.MESSAGE_LENGTH)
    finding.vendor_response = response.strip()
    finding.responded_at = timezone.now()
    finding.responded_by = actor
    finding.status = Finding.Status.ANSWERED
    finding.save(update_fields=["vendor_response", "responded_at", "responded_by", "status", "updated_at"])
    notify(
        event=EventType.SECURITY_FINDING_ANSWERED,
        recipients=hospital_admins(),
        title=f"{finding.assessment.vendor} answered the finding “{finding}”",
        body=finding.vendor_response,
        url=finding.get_absolute_url(),
        actor=actor,
    )
    return finding


@transaction.atomic
def finding_retest(*, finding: Finding, passed: bool, notes: str, actor: User) -> Finding:
    """Record the retest of a finding: passed resolves it; failed opens it again for the vendor
    (its due date stays: the clock does not restart)."""
    require(actor, "compliance.assessment_manage", finding)
    finding = Finding.objects.select_for_update().select_related("assessment__vendor").get(pk=finding.pk)
    if finding.status == Finding.Status.RESOLVED:
        raise ValidationError("This finding is resolved already.")
    if not passed and not notes.strip():
        raise ValidationError({"notes": "Say what the retest still found: the vendor reads it."})
    limits.check_length("notes", notes, limits.NOTE_LENGTH)
    finding.retest_result = Finding.Retest.PASSED if passed else Finding.Retest.FAILED
    finding.retest_notes = notes.strip()
    finding.retested_on = timezone.localdate()
    finding.status = Finding.Status.RESOLVED if passed else Finding.Status.OPEN
    finding.save(update_fields=["retest_result", "retest_notes", "retested_on", "status", "updated_at"])
    if not passed:
        _tell_vendor(finding, f"{finding.assessment.vendor}: the retest of “{finding}” failed", actor)
    return finding
