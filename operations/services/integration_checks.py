"""Integration checks of a change plan: after (or during) a change, the probes of every interface
touching the plan's component run at once, through ``kpis.services.integration_checks`` (the one
probe path: runs, samples, incidents), and the runs are stored on the plan as one batch.

Asking queues a worker task (probes wait on the network, a page must not); the worker runs the
batch and records it in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from core.permissions import can, require
from kpis.services.integration_checks import integration_checks_run, integration_probes
from operations.models import ChangePlan, PlanIntegrationCheck

# From the go decision on: checks before the change give the baseline, after it the answer.
CHECKABLE_STATES = (
    ChangePlan.State.GO,
    ChangePlan.State.IN_PROGRESS,
    ChangePlan.State.DONE,
    ChangePlan.State.ROLLED_BACK,
)
# Running every probe of a plan's interfaces at once: the role matrix's own action, granted to
# those who may run probes (``probe.manage``).
ACTION = "change_plan.integration_checks"


def plan_may_check_integrations(plan: ChangePlan, user: User) -> bool:
    return can(user, ACTION, plan) and plan.state in CHECKABLE_STATES


def plan_integration_checks_queue(*, plan: ChangePlan, by: User) -> int:
    """Queue the plan's integration checks for a worker; returns how many probes will run.
    Refused before the go decision and when no active probe watches an interface of the
    component; a broker that cannot be reached is a ValidationError saying so."""
    require(by, ACTION, plan)
    if plan.state not in CHECKABLE_STATES:
        raise ValidationError("Integration checks run from the go decision on.")
    count = integration_probes(component_ids=[plan.component_id]).count()
    if not count:
        raise ValidationError(
            f"No active probe watches an interface of {plan.component}: add one on the probes page first."
        )
    from operations.tasks import run_integration_checks

    try:
        run_integration_checks.delay(plan.pk, by.pk)
    except OperationalError as error:
        raise ValidationError("The task queue cannot be reached right now; try again in a moment.") from error
    return count


def integration_checks_queued_text(count: int) -> str:
    """What the page and the API say once a batch of ``count`` probes is queued."""
    return (
        f"Integration checks queued: {count} probe{'s' if count != 1 else ''} run in a moment; "
        "reload the page to see the results."
    )


def plan_integration_checks_run(*, plan: ChangePlan, requested_by: User | None = None) -> list[PlanIntegrationCheck]:
    """Run the probes of the interfaces touching the plan's component now and store their runs
    on the plan as one batch."""
    runs = integration_checks_run(component_ids=[plan.component_id])
    checked_at = timezone.now()
    with transaction.atomic():
        return PlanIntegrationCheck.objects.bulk_create(
            PlanIntegrationCheck(plan=plan, probe_run=run, checked_at=checked_at, requested_by=requested_by)
            for run in runs
        )
