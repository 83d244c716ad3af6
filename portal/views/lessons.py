"""The vendor's lessons-learned reviews in the portal: their list and a review's page, where the
vendor adds actions and marks them done. The page is ``operations.pages.lessons``', shared with
the hospital UI; every write goes through ``operations.services.lessons``."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from operations.filters.lessons import LessonsReviewFilterSet
from operations.models import LessonsReview
from operations.pages.lessons import lessons_context, run_lessons_action
from operations.selectors.lessons import review_detail, review_list
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalLessonsReviewTable


class PortalLessonsListView(PortalListView):
    queryset = review_list()
    filterset_class = LessonsReviewFilterSet
    table_class = PortalLessonsReviewTable
    title = "Lessons learned"
    export_filename = "lessons-learned"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No lessons-learned reviews yet. After each upgrade or change, the hospital and you write down "
                "what went well, what did not, and the actions that follow."
            )
        return context


class PortalLessonsDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = review_detail()
    template_name = "portal/lessons_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act_url = reverse("portal:lessons_act", kwargs={"pk": self.object.pk})
        context.update(lessons_context(self.object, self.request.user, act_url=act_url))
        context["plan_url"] = reverse("portal:change_plan_detail", kwargs={"pk": self.object.plan_id})
        return context


class PortalLessonsActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST an action or its done; the service checks the permission again."""

    permission_action = "lessons.record"
    model = LessonsReview
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.get_object()
        back = reverse("portal:lessons_detail", kwargs={"pk": review.pk})
        return run_lessons_action(request, review, back_url=back)
