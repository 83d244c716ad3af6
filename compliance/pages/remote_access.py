"""What a remote-access session's page shows, for the hospital UI and the portal alike: its flags,
its window and use, and the forms of the steps the signed-in user may take; and the handling of
those steps' POSTs (``run_session_action``)."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from compliance.forms.remote_access import SessionDecideForm, SessionEndForm, SessionStartForm
from compliance.models import RemoteAccessSession
from compliance.remote_access_rules import FLAG_LABELS
from compliance.selectors.remote_access import flags_of
from compliance.services.remote_access import session_decide, session_end, session_start
from core.forms import add_service_errors
from core.permissions import can

ACTIONS = {
    "decide": "compliance.remote_decide",
    "start": "compliance.remote_record",
    "end": "compliance.remote_record",
}


def session_context(
    session: RemoteAccessSession, *, user: User, now: datetime.datetime, invalid: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    invalid = invalid or {}
    minute = timezone.localtime(now).replace(second=0, microsecond=0)
    may_record = can(user, "compliance.remote_record", session)
    decide = start = end = None
    undecided = session.status == RemoteAccessSession.Status.REQUESTED and session.ended_at is None
    if undecided and can(user, "compliance.remote_decide", session):
        decide = invalid.get("decide") or SessionDecideForm()
    if may_record and session.started_at is None:
        start = invalid.get("start") or SessionStartForm(initial={"at": minute})
    if may_record and session.started_at is not None and session.ended_at is None:
        end = invalid.get("end") or SessionEndForm(initial={"at": minute})
    return {
        "session": session,
        "flags": [FLAG_LABELS[flag] for flag in flags_of(session, now=now)],
        "steps": [
            (decide, "decide", "Record the decision", "Approve or reject"),
            (start, "start", "Record the start", "The session started"),
            (end, "end", "Record the end", "The session ended"),
        ],
    }


def run_session_action(
    session: RemoteAccessSession, action: str, data: Any, *, user: User
) -> tuple[str, forms.Form | None]:
    """Take one step posted from the session's page: ``(message, None)`` when done, or
    ``("", form)`` with its errors. The services check who may."""
    form: forms.Form = {"decide": SessionDecideForm, "start": SessionStartForm, "end": SessionEndForm}[action](data)
    if not form.is_valid():
        return "", form
    values = form.cleaned_data
    try:
        if action == "decide":
            approve = values["decision"] == "approve"
            session_decide(session=session, approve=approve, note=values["note"], actor=user)
            message = "Session approved." if approve else "Session rejected."
        elif action == "start":
            session_start(session=session, at=values["at"], source_ip=values["source_ip"] or None, actor=user)
            message = "Start recorded."
        else:
            session_end(session=session, at=values["at"], summary=values["summary"], actor=user)
            message = "End recorded."
    except ValidationError as error:
        add_service_errors(form, error)
        return "", form
    return message, None
