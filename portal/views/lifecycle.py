"""The vendor's components over their life in the portal: the overview with its flags, each
component's lifecycle page, and the vendor's own updates: version changes (rollbacks said as
such), security bulletins and the day a fix was applied. The page and its forms are
``operations.pages.lifecycle``'s, shared with the hospital UI."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from operations.filters.lifecycle import LifecycleFilterSet
from operations.forms.lifecycle import BulletinForm, VersionChangeForm
from operations.models import SecurityBulletin
from operations.pages.lifecycle import LifecycleActionMixin, LifecycleUrls, lifecycle_context, run_bulletin_applied
from operations.selectors.lifecycle import bulletin_list, lifecycle_list
from operations.services.lifecycle import bulletin_mark_applied, bulletin_save, version_change_record
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalLifecycleTable


def _page_url(component_id: int) -> str:
    return reverse("portal:lifecycle_detail", args=[component_id])


class PortalLifecycleListView(PortalListView):
    queryset = lifecycle_list()
    filterset_class = LifecycleFilterSet
    table_class = PortalLifecycleTable
    title = "Component lifecycle"
    export_filename = "component-lifecycle"


class PortalLifecycleDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = lifecycle_list()
    template_name = "portal/lifecycle_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        urls = LifecycleUrls(
            version=reverse("portal:lifecycle_version", args=[self.object.pk]),
            bulletin=reverse("portal:lifecycle_bulletin", args=[self.object.pk]),
            applied_url_name="portal:bulletin_applied",
        )
        for key, value in lifecycle_context(self.object, self.request.user, urls=urls).items():
            context.setdefault(key, value)  # a refused form stays as the user sent it
        return context


class PortalLifecycleVersionView(LifecycleActionMixin, PortalLifecycleDetailView):
    permission_action = "lifecycle.record_version"
    form_class = VersionChangeForm
    context_name = "version_form"
    anchor = "versions"
    success_message = "Version change recorded; the hospital sees it now."

    def page_url(self) -> str:
        return _page_url(self.object.pk)

    def perform(self, form: forms.Form) -> None:
        version_change_record(component=self.object, by=self.request.user, **form.cleaned_data)


class PortalLifecycleBulletinView(LifecycleActionMixin, PortalLifecycleDetailView):
    permission_action = "bulletin.publish"
    form_class = BulletinForm
    context_name = "bulletin_form"
    anchor = "bulletins"
    success_message = "Security bulletin recorded; the hospital sees it now."

    def page_url(self) -> str:
        return _page_url(self.object.pk)

    def perform(self, form: forms.Form) -> None:
        form.instance.component = self.object
        bulletin_save(bulletin=form.instance, by=self.request.user)


class PortalBulletinAppliedView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
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
