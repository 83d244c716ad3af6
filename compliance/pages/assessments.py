"""What an assessment's page shows, for the hospital UI and the portal alike: its findings, each
with how overdue it is and the actions the signed-in user may take on it."""

import datetime
from dataclasses import dataclass
from typing import Any

from compliance.forms.assessments import FindingAnswerForm, FindingRetestForm
from compliance.models import Assessment, Finding
from compliance.remediation import days_overdue
from compliance.selectors.assessments import assessment_findings
from core.permissions import can
from core.roles import ScopedUser

SEVERITY_COLOURS = {"critical": "danger", "high": "warning", "medium": "info", "low": "secondary"}


@dataclass
class FindingRow:
    finding: Finding
    overdue_days: int
    unowned: bool  # unresolved and nobody named to fix it
    severity_colour: str
    answer_form: FindingAnswerForm | None
    retest_form: FindingRetestForm | None


def assessment_context(
    assessment: Assessment,
    *,
    user: ScopedUser,
    today: datetime.date,
    invalid: dict[int, Any] | None = None,
) -> dict[str, Any]:
    """The assessment, its findings worst first by due date, and per finding the answer form
    (vendor users, until resolved) or the retest form (hospital admins, until resolved).
    ``invalid`` maps a finding's id to a bound form that failed, shown again with its errors."""
    invalid = invalid or {}
    may_answer = can(user, "compliance.finding_answer", assessment)
    may_retest = can(user, "compliance.assessment_manage", assessment)
    rows = []
    for finding in assessment_findings(assessment, user=user):
        unresolved = finding.status != Finding.Status.RESOLVED
        answer = retest = None
        if unresolved and may_answer:
            answer = invalid.get(finding.pk) or FindingAnswerForm(initial={"response": finding.vendor_response})
        if unresolved and may_retest:
            retest = invalid.get(finding.pk) or FindingRetestForm()
        rows.append(
            FindingRow(
                finding=finding,
                overdue_days=days_overdue(finding.due_on, today) if unresolved else 0,
                unowned=unresolved and not finding.remediation_owner,
                severity_colour=SEVERITY_COLOURS[finding.severity],
                answer_form=answer,
                retest_form=retest,
            )
        )
    return {"assessment": assessment, "finding_rows": rows, "today": today}
