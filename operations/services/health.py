"""Writes on health assessments: the checklist templates (hospital admins, ``health.template``),
a component's schedule against one (hospital admins, ``health.plan``), and the runs and findings
that the vendor's engineer or a hospital admin record (``health.record``).

Rules enforced here:

- a template has between one and ``MAX_CHECKS`` checks, one per line; a schedule's template is for
  the component's kind, one schedule per component and template, every 1 to 12 months;
- a run answers every check of its template, in order, with a result; a check that needs
  attention or failed says what was measured or seen; a run is recorded once it has been done
  (not in the future) and moves the next assessment the interval on from the day it was done;
- a finding has a named owner on one side and a due date; it is open until marked done.

A refused write stores nothing."""

import datetime
from collections.abc import Sequence

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import require
from operations.models import HealthAssessment, HealthCheckResult, HealthFinding, HealthRun, HealthTemplate
from operations.models.health import MAX_CHECKS
from operations.services.actions import owned_action_add, owned_action_done

Result = HealthCheckResult.Result
NEEDS_NOTE = (Result.ATTENTION, Result.FAILED)


@transaction.atomic
def health_template_save(*, template: HealthTemplate, by: User) -> HealthTemplate:
    """Add or change a checklist template."""
    require(by, "health.template")
    checks = template.check_list
    if not checks:
        raise ValidationError({"checks": "List at least one check, one per line."})
    if len(checks) > MAX_CHECKS:
        raise ValidationError({"checks": f"At most {MAX_CHECKS} checks; split the template."})
    if too_long := [check for check in checks if len(check) > 200]:
        raise ValidationError({"checks": f"A check is at most 200 characters: “{too_long[0][:40]}…”."})
    template.checks = "\n".join(checks)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def health_assessment_save(*, assessment: HealthAssessment, by: User) -> HealthAssessment:
    """Schedule a component's assessment against a template, or change its schedule."""
    require(by, "health.plan")
    if assessment.component_id is None:
        raise ValidationError({"component": "Choose the component to assess."})
    if assessment.template_id is None:
        raise ValidationError({"template": "Choose the checklist template."})
    if (
        assessment.pk is not None
        and HealthAssessment.objects.filter(pk=assessment.pk).exclude(component=assessment.component).exists()
    ):
        raise ValidationError({"component": "A schedule stays with its component."})
    component, template = assessment.component, assessment.template
    if template.component_kind != component.kind:
        raise ValidationError(
            {
                "template": f"{template} is for {template.get_component_kind_display()} components; "
                f"{component} is {component.get_kind_display()}."
            }
        )
    assessment.vendor_id = component.vendor_id
    assessment.full_clean()
    assessment.save()
    return assessment


def _checked_results(checks: list[str], results: Sequence[tuple[str, str]]) -> list[HealthCheckResult]:
    if len(results) != len(checks):
        raise ValidationError({"results": f"Answer each of the template's {len(checks)} checks."})
    rows, problems = [], {}
    for position, (check, (result, measurement)) in enumerate(zip(checks, results, strict=True), start=1):
        measurement = measurement.strip()
        if result not in Result.values:
            problems[f"result_{position}"] = f"Record the result of “{check}”."
        elif result in NEEDS_NOTE and not measurement:
            problems[f"measurement_{position}"] = f"Say what was measured or seen for “{check}”."
        elif len(measurement) > 200:
            problems[f"measurement_{position}"] = "At most 200 characters."
        rows.append(
            HealthCheckResult(position=position, check_text=check[:200], result=result, measurement=measurement)
        )
    if problems:
        raise ValidationError(problems)
    return rows


@transaction.atomic
def health_run_record(
    *,
    assessment: HealthAssessment,
    performed_on: datetime.date,
    engineer_name: str,
    results: Sequence[tuple[str, str]],
    summary: str = "",
    by: User,
) -> HealthRun:
    """Record a run of ``assessment`` with ``results`` (result, measurement) for each check of its
    template in order, and move the next assessment on from ``performed_on``."""
    require(by, "health.record", assessment)
    assessment = HealthAssessment.objects.select_for_update().select_related("template").get(pk=assessment.pk)
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": "Record an assessment once it has been done."})
    engineer_name, summary = engineer_name.strip(), summary.strip()
    if not engineer_name:
        raise ValidationError({"engineer_name": "Name the engineer who did the checks."})
    limits.check_length("summary", summary, limits.NOTE_LENGTH)
    rows = _checked_results(assessment.template.check_list, results)
    run = HealthRun(
        assessment=assessment, performed_on=performed_on, engineer_name=engineer_name, summary=summary, recorded_by=by
    )
    run.full_clean(exclude=["recorded_by", "assessment"])
    run.save()
    for row in rows:
        row.run = run
    HealthCheckResult.objects.bulk_create(rows)
    assessment.next_due_on = performed_on + relativedelta(months=assessment.every_months)
    assessment.save(update_fields=["next_due_on", "updated_at"])
    return run


@transaction.atomic
def health_finding_add(
    *, run: HealthRun, description: str, side: str, owner_name: str, due_date: datetime.date, by: User
) -> HealthFinding:
    """Add a finding of ``run``: an action open until done."""
    require(by, "health.record", run)
    run = HealthRun.objects.select_for_update().get(pk=run.pk)
    return owned_action_add(
        HealthFinding, run=run, description=description, side=side, owner_name=owner_name, due_date=due_date
    )


def health_finding_done(*, finding: HealthFinding, by: User) -> HealthFinding:
    """Mark an open finding done, now."""
    return owned_action_done(finding, by=by, permission="health.record")
