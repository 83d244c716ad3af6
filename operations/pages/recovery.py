"""A backup and DR test's page, shared by the hospital UI and the portal: the test, its schedule
and targets, whether it is overdue, its runs against their targets, and recording a run (through
``operations.services.recovery``)."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from accounts.models import User
from core.forms import add_service_errors
from core.permissions import can
from operations.forms.recovery import RecoveryRunForm
from operations.models import RecoveryTest
from operations.services.recovery import recovery_run_record


def due_text(test: RecoveryTest, today: datetime.date) -> tuple[str, str]:
    """How the test's due date reads today, and its colour: overdue, due within 30 days, or later."""
    days = (test.next_due_on - today).days
    if not test.active:
        return "Not scheduled", "secondary"
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}", "danger"
    if days == 0:
        return "Due today", "warning"
    if days <= 30:
        return f"Due in {days} day{'s' if days != 1 else ''}", "warning"
    return f"Due {test.next_due_on:%Y-%m-%d}", "success"


def recovery_context(test: RecoveryTest, user: User, *, record_url: str, form: RecoveryRunForm | None = None) -> dict:
    """The test (from ``operations.selectors.recovery.recovery_detail``) for ``user``."""
    today = timezone.localdate()
    may_record = can(user, "recovery.record", test)
    due, colour = due_text(test, today)
    return {
        "test": test,
        "runs": list(test.runs.all()),
        "due_text": due,
        "due_colour": colour,
        "record_url": record_url,
        "run_form": (form or RecoveryRunForm(prefix="run", user=user)) if may_record else None,
    }


def run_recovery_record(request: HttpRequest, test: RecoveryTest, *, back_url: str) -> HttpResponse | RecoveryRunForm:
    """POST a run: recorded and back to the test, or the bound form with its errors to show again."""
    form = RecoveryRunForm(request.POST, prefix="run", user=request.user)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            run = recovery_run_record(test=test, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Run of {run.started_at:%Y-%m-%d} recorded: {run.get_result_display().lower()}. "
                f"Next test due {RecoveryTest.objects.get(pk=test.pk).next_due_on:%Y-%m-%d}.",
            )
            return HttpResponseRedirect(back_url)
    messages.error(request, "Not saved: see the run form below.")
    return form
