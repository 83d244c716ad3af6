"""Hospital pages of lessons learned: the reviews per vendor, writing one for a finished change
(through ``operations.services.lessons.lessons_save``), its page with its actions, and the one
POST of its forms. The page's facts come from ``operations.pages.lessons``, shared with the portal."""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from operations.filters.lessons import LessonsReviewFilterSet
from operations.forms.lessons import LessonsReviewForm
from operations.models import LessonsReview
from operations.pages.lessons import lessons_context, run_lessons_action
from operations.selectors.lessons import review_detail, review_list
from operations.services.lessons import lessons_save
from operations.tables.lessons import LessonsReviewTable


class LessonsReviewListView(ObjectListView):
    queryset = review_list()
    manage_action = "lessons.record"
    filterset_class = LessonsReviewFilterSet
    table_class = LessonsReviewTable
    export_filename = "lessons-learned"
    add_label = "Write a review"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No lessons-learned reviews yet. Once a change is done or rolled back, write down what went "
                "well, what did not, and the actions that follow, each with its owner and due date."
            )
        return context


class LessonsReviewSaveMixin:
    request: HttpRequest

    def save_form(self, form: LessonsReviewForm) -> Model:
        return lessons_save(review=form.instance, by=self.request.user)


class LessonsReviewCreateView(LessonsReviewSaveMixin, ObjectCreateView):
    permission_action = "lessons.record"
    model = LessonsReview
    form_class = LessonsReviewForm
    title = "Write a lessons-learned review"
    success_message = "Review written: add the actions that follow, each with its owner."


class LessonsReviewUpdateView(LessonsReviewSaveMixin, ObjectUpdateView):
    permission_action = "lessons.record"
    model = LessonsReview
    form_class = LessonsReviewForm


class LessonsReviewDetailView(ObjectDetailView):
    queryset = review_detail()
    manage_action = "lessons.record"
    template_name = "operations/lessonsreview_detail.html"

    def get_related(self) -> dict[str, Any]:
        act_url = reverse("operations:lessonsreview_act", args=[self.object.pk])
        context = lessons_context(self.object, self.request.user, act_url=act_url)
        context["plan_url"] = self.object.plan.get_absolute_url()
        return context


class LessonsReviewActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "lessons.record"
    model = LessonsReview
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.get_object()
        return run_lessons_action(request, review, back_url=review.get_absolute_url())
