"""Hospital UI of components over their life: the overview with its flags, a component's
lifecycle page (facts, version history, security bulletins), editing its facts (hospital
admins), recording a version change and publishing a bulletin, and a bulletin applied. Writes go
through ``operations.services.lifecycle``; the page's facts and forms come from
``operations.pages.lifecycle``, shared with the portal."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.permissions import can
from core.selectors import object_history
from core.views.generic import ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from operations.filters.lifecycle import LifecycleFilterSet
from operations.forms.lifecycle import LifecycleForm
from operations.models import SecurityBulletin
from operations.pages.lifecycle import (
    BulletinAction,
    LifecycleUrls,
    VersionChangeAction,
    lifecycle_context,
    run_bulletin_applied,
)
from operations.selectors.lifecycle import bulletin_list, lifecycle_list
from operations.services.lifecycle import (
    bulletin_mark_applied,
    lifecycle_of,
    lifecycle_save,
)
from operations.tables.lifecycle import LifecycleTable
from vendors.models import Component


def _page_url(component_id: int) -> str:
    return reverse("operations:lifecycle_detail", args=[component_id])


class LifecycleListView(ObjectListView):
    queryset = lifecycle_list()
    filterset_class = LifecycleFilterSet
    table_class = LifecycleTable
    export_filename = "component-lifecycle"
    template_name = "operations/lifecycle_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No components yet. Add a vendor's PACS components first; their versions, support dates "
                "and security bulletins are then kept here."
            )
        return context


class LifecycleDetailView(ObjectDetailView):
    manage_action = "lifecycle.manage"
    queryset = lifecycle_list()
    template_name = "operations/lifecycle_detail.html"

    def lifecycle_facts(self) -> dict[str, Any]:
        urls = LifecycleUrls(
            version=reverse("operations:lifecycle_version", args=[self.object.pk]),
            bulletin=reverse("operations:lifecycle_bulletin", args=[self.object.pk]),
            applied_url_name="operations:bulletin_applied",
        )
        return lifecycle_context(self.object, self.request.user, urls=urls)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for key, value in self.lifecycle_facts().items():
            context.setdefault(key, value)  # a refused form stays as the user sent it
        # The component's own edit and delete pages are the vendors app's; this page edits its lifecycle.
        context["edit_url"] = reverse("operations:lifecycle_edit", args=[self.object.pk])
        context["delete_url"] = None
        # The trail of the lifecycle facts (the component's own is on its vendors page).
        lifecycle = context["lifecycle"]
        context["history"] = object_history(lifecycle) if lifecycle and can(self.request.user, "history.read") else None
        return context


class LifecycleVersionView(VersionChangeAction, LifecycleDetailView):
    detail_url_name = "operations:lifecycle_detail"
    success_message = "Version change recorded."


class LifecycleBulletinView(BulletinAction, LifecycleDetailView):
    detail_url_name = "operations:lifecycle_detail"
    success_message = "Security bulletin recorded."


class LifecycleUpdateView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, FormView):
    """The component's lifecycle facts (hardware, dates, replacement plan), through ``lifecycle_save``."""

    permission_action = "lifecycle.manage"
    queryset = lifecycle_list()
    form_class = LifecycleForm
    template_name = "core/object_form.html"
    object: Component

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=lifecycle_of(self.object), user=self.request.user)
        return kwargs

    def form_valid(self, form: LifecycleForm) -> HttpResponse:
        try:
            with transaction.atomic():
                lifecycle_save(lifecycle=form.instance, by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Lifecycle of “{self.object}” saved.")
        return HttpResponseRedirect(_page_url(self.object.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Lifecycle of “{self.object}”",
            submit_label="Save",
            cancel_url=_page_url(self.object.pk),
        )
        return context


class BulletinAppliedView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST: the day a bulletin's fix was applied."""

    permission_action = "bulletin.apply"
    queryset = bulletin_list()
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin: SecurityBulletin = self.get_object()
        return run_bulletin_applied(
            request,
            bulletin,
            lambda applied_on: bulletin_mark_applied(bulletin=bulletin, applied_on=applied_on, by=request.user),
            back_url=f"{_page_url(bulletin.component_id)}#bulletins",
        )
