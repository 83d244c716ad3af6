"""The vendor's components over their life in the portal: the overview with its flags, each
component's lifecycle page, and the vendor's own updates: version changes (rollbacks said as
such), security bulletins and the day a fix was applied. The page and its forms are
``operations.pages.lifecycle``'s, shared with the hospital UI."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from operations.filters.lifecycle import LifecycleFilterSet
from operations.models import SecurityBulletin
from operations.pages.lifecycle import (
    BulletinAction,
    LifecycleUrls,
    VersionChangeAction,
    lifecycle_context,
    run_bulletin_applied,
)
from operations.selectors.lifecycle import bulletin_list, lifecycle_list
from operations.services.lifecycle import bulletin_mark_applied
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


class PortalLifecycleVersionView(VersionChangeAction, PortalLifecycleDetailView):
    detail_url_name = "portal:lifecycle_detail"
    success_message = "Version change recorded; the hospital sees it now."


class PortalLifecycleBulletinView(BulletinAction, PortalLifecycleDetailView):
    detail_url_name = "portal:lifecycle_detail"
    success_message = "Security bulletin recorded; the hospital sees it now."


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
