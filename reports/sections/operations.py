"""Operations in the month: the backup and DR tests run (their results against the RTO and RPO
targets frozen on each run), the health assessments done and those overdue at the month's end,
the components past their vendor's end of support, and the upgrades and patches recorded."""

from typing import Any

from operations.models import VersionChange
from operations.selectors.health import assessments_overdue, runs_between
from operations.selectors.lifecycle import lifecycle_records, version_change_list
from operations.selectors.recovery import recovery_runs_between
from reports.sections.base import ReportPeriod, instant_text

KEY = "operations"
TITLE = "Operations: recovery tests, health assessments, lifecycle"
TEMPLATE = "reports/pdf/operations.html"
UPGRADES = (VersionChange.Kind.UPGRADE, VersionChange.Kind.PATCH)


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    first_day, day_after = period.start.date(), period.end.date()
    last_day = period.measured_until.date()
    recovery = [
        {
            "test": run.test.get_kind_display(),
            "component": str(run.test.component),
            "started_at": instant_text(run.started_at),
            "result": run.get_result_display(),
            "passed": run.result == run.Result.SUCCESS,
            "rto": f"{run.rto_achieved_minutes} / {run.rto_target_minutes} min",
            "rto_met": run.rto_met,
            "rpo": f"{run.rpo_achieved_minutes} / {run.rpo_target_minutes} min",
            "rpo_met": run.rpo_met,
            "issues": run.issues,
        }
        for run in recovery_runs_between(period.start, period.end).filter(test__vendor_id=period.vendor_id)
    ]
    assessments = [
        {
            "assessment": str(run.assessment.template),
            "component": str(run.assessment.component),
            "performed_on": run.performed_on.isoformat(),
            "engineer": run.engineer_name,
            "failed_checks": run.failed_checks,
            "attention_checks": run.attention_checks,
            "findings": run.finding_count,
        }
        for run in runs_between(first_day, day_after).filter(assessment__vendor_id=period.vendor_id)
    ]
    overdue = [
        {
            "assessment": str(assessment.template),
            "component": str(assessment.component),
            "due_on": assessment.next_due_on.isoformat(),
        }
        for assessment in assessments_overdue(today=last_day).filter(vendor_id=period.vendor_id)
    ]
    unsupported = [
        {
            "component": str(lifecycle.component),
            "version": lifecycle.software_version,
            "support_ended_on": lifecycle.support_ends_on.isoformat(),
        }
        for lifecycle in lifecycle_records()
        .filter(component__vendor_id=period.vendor_id, support_ends_on__lt=last_day)
        .order_by("support_ends_on", "pk")
    ]
    upgrades = [
        {
            "component": str(change.component),
            "changed_on": change.changed_on.isoformat(),
            "kind": change.get_kind_display(),
            "from": f"{change.from_version} {change.from_patch_level}".strip(),
            "to": f"{change.to_version} {change.to_patch_level}".strip(),
        }
        for change in version_change_list()
        .filter(component__vendor_id=period.vendor_id, kind__in=UPGRADES)
        .filter(changed_on__gte=first_day, changed_on__lt=day_after)
        .order_by("changed_on", "pk")
    ]
    return {
        "recovery_runs": recovery,
        "health_runs": assessments,
        "overdue_assessments": overdue,
        "past_end_of_support": unsupported,
        "upgrades": upgrades,
    }
