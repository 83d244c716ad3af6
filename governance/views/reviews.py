"""SLA annual reviews in the hospital UI: the list (due and overdue first) and a review's page with
the year's figures, its findings per target, and concluding it (``governance.services.reviews``)."""

from typing import Any

from django import forms

from core.permissions import can
from core.views.generic import ObjectDetailView, ObjectListView
from governance.filters.reviews import ReviewFilterSet
from governance.forms.reviews import ConcludeForm, FindingForm
from governance.pages.meetings import MeetingActionMixin
from governance.selectors.reviews import figures_of, finding_subjects, review_detail, review_list
from governance.services import reviews
from governance.tables.reviews import ReviewTable, due_badge


class ReviewListView(ObjectListView):
    queryset = review_list()
    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    export_filename = "sla-reviews"


class ReviewDetailView(ObjectDetailView):
    queryset = review_detail()
    template_name = "governance/review_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review = self.object
        may_manage = review.is_open and can(self.request.user, "sla_review.manage", review)
        context.update(
            figures=figures_of(review),
            findings=list(review.findings.all()),
            due_badge=due_badge(review),
            may_manage=may_manage,
        )
        if may_manage:
            context.setdefault("finding_form", FindingForm(subjects=finding_subjects(review)))
            context.setdefault("conclude_form", ConcludeForm(initial={"new_version_from": review.due_on}))
        return context


class FindingAddView(MeetingActionMixin, ReviewDetailView):
    permission_action = "sla_review.manage"
    context_name = "finding_form"
    anchor = "findings"
    success_message = "Finding recorded."

    def get_action_form(self) -> forms.Form:
        return FindingForm(self.request.POST, subjects=finding_subjects(self.object))

    def perform(self, form: forms.Form) -> None:
        reviews.finding_add(review=self.object, actor=self.request.user, **form.cleaned_data)


class ReviewConcludeView(MeetingActionMixin, ReviewDetailView):
    permission_action = "sla_review.manage"
    context_name = "conclude_form"
    anchor = "outcome"
    success_message = "Review concluded: its figures are frozen as shown."

    def get_action_form(self) -> forms.Form:
        return ConcludeForm(self.request.POST)

    def perform(self, form: forms.Form) -> None:
        reviews.review_conclude(review=self.object, actor=self.request.user, **form.cleaned_data)
