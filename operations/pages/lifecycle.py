"""A component's lifecycle page, shared by the hospital UI and the vendor portal: what it shows a
user, and the POST handling of its forms (a version change, a bulletin, a bulletin applied)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.forms import add_service_errors
from core.permissions import can
from operations.forms.lifecycle import BulletinAppliedForm, BulletinForm, VersionChangeForm
from operations.lifecycle_rules import days_behind
from operations.models import SecurityBulletin
from operations.selectors.lifecycle import (
    bulletin_days_behind,
    component_bulletins,
    component_flags,
    lifecycle_of_component,
    patch_backlog,
    version_history,
)
from operations.selectors.plans import component_plans
from operations.services.lifecycle import bulletin_save, version_change_record
from operations.tables.lifecycle import SEVERITY_COLOURS, VersionChangeTable, release_text
from operations.tables.plans import change_text, state_badge
from vendors.models import Component


@dataclass(frozen=True)
class BulletinRow:
    bulletin: SecurityBulletin
    days: int  # from release to the fix, or to today while open
    severity_colour: str
    applied_url: str  # where the "applied on" form posts; empty when the user may not


@dataclass(frozen=True)
class LifecycleUrls:
    """The URLs of the page's forms, the hospital's or the portal's."""

    version: str
    bulletin: str
    applied_url_name: str


def lifecycle_context(component: Component, user: User, *, urls: LifecycleUrls) -> dict[str, Any]:
    """The lifecycle page's facts: the recorded lifecycle (None before any is), the flags, the
    patch currency, the version history, the upgrade and change plans and the bulletins, and the
    forms ``user`` may use.
    ``component`` comes from ``operations.selectors.lifecycle.lifecycle_list``."""
    today = timezone.localdate()
    lifecycle = lifecycle_of_component(component)
    may_apply = can(user, "bulletin.apply", component)
    bulletins = [
        BulletinRow(
            bulletin=bulletin,
            days=bulletin_days_behind(bulletin, today),
            severity_colour=SEVERITY_COLOURS[bulletin.severity],
            applied_url=reverse(urls.applied_url_name, args=[bulletin.pk])
            if may_apply and bulletin.applied_on is None
            else "",
        )
        for bulletin in component_bulletins(component)
    ]
    context: dict[str, Any] = {
        "component": component,
        "lifecycle": lifecycle,
        "release": release_text(lifecycle.software_version, lifecycle.patch_level) if lifecycle else "",
        "flags": component_flags(component, today),
        "days_behind": days_behind(patch_backlog(component), today),
        "versions_table": VersionChangeTable(list(version_history(component))),
        "bulletins": bulletins,
        "change_plans": [(plan, change_text(plan), state_badge(plan)) for plan in component_plans(component.pk)],
        "urls": urls,
        "applied_form": BulletinAppliedForm() if may_apply else None,
    }
    if can(user, "lifecycle.record_version", component):
        context["version_form"] = VersionChangeForm()
    if can(user, "bulletin.publish", component):
        context["bulletin_form"] = BulletinForm(user=user)
    return context


class LifecycleActionMixin:
    """POST one form of the lifecycle page. Valid, and accepted by the service: a message and back
    to the page. Refused by the form or the service: the page again, with the errors at the form,
    answering 400. Subclasses name the form and what to call."""

    form_class: type[forms.Form]
    context_name: str
    anchor: str = ""
    success_message: str = "Saved."
    detail_url_name: str  # the page's URL name, e.g. "operations:lifecycle_detail"
    http_method_names = ["post"]
    request: HttpRequest
    object: Component

    def get_action_form(self) -> forms.Form:
        if issubclass(self.form_class, forms.ModelForm):
            return self.form_class(self.request.POST, user=self.request.user)
        return self.form_class(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        raise NotImplementedError

    def page_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.object.pk])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()  # type: ignore[attr-defined]
        form = self.get_action_form()
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(f"{self.page_url()}#{self.anchor}" if self.anchor else self.page_url())
        messages.error(request, "Not saved: see the highlighted form.")
        context = self.get_context_data(object=self.object, **{self.context_name: form})  # type: ignore[attr-defined]
        return self.render_to_response(context, status=400)  # type: ignore[attr-defined]


class VersionChangeAction(LifecycleActionMixin):
    """The page's version form: a version change (or a rollback) of the component."""

    permission_action = "lifecycle.record_version"
    form_class = VersionChangeForm
    context_name = "version_form"
    anchor = "versions"

    def perform(self, form: forms.Form) -> None:
        version_change_record(component=self.object, by=self.request.user, **form.cleaned_data)


class BulletinAction(LifecycleActionMixin):
    """The page's bulletin form: a security bulletin the vendor released for the component."""

    permission_action = "bulletin.publish"
    form_class = BulletinForm
    context_name = "bulletin_form"
    anchor = "bulletins"

    def perform(self, form: forms.Form) -> None:
        form.instance.component = self.object
        bulletin_save(bulletin=form.instance, by=self.request.user)


def run_bulletin_applied(
    request: HttpRequest, bulletin: SecurityBulletin, call: Callable[[datetime.date], Any], *, back_url: str
) -> HttpResponse:
    """The "applied on" form of one bulletin, for the hospital UI and the portal: parse, call,
    report, go back to the component's page."""
    form = BulletinAppliedForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return HttpResponseRedirect(back_url)
    try:
        with transaction.atomic():
            call(form.cleaned_data["applied_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Bulletin {bulletin.reference} recorded as applied.")
    return HttpResponseRedirect(back_url)
