"""Staff surveys in the hospital UI: survey templates, the list, starting a survey with its
audience, one survey with its results and steps, and the public answer page behind each
person's link (no sign-in)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from scorecards.filters.surveys import SurveyFilterSet, SurveyTemplateFilterSet
from scorecards.forms.surveys import SurveyAnswerForm, SurveyStartForm, SurveyTemplateForm
from scorecards.models import Survey, SurveyInvitation, SurveyTemplate
from scorecards.pages.surveys import run_survey_action, survey_context
from scorecards.selectors.surveys import (
    survey_audience,
    survey_detail,
    survey_list,
    survey_open_at,
    survey_template_detail,
    survey_template_list,
)
from scorecards.services.surveys import invitation_from_token, survey_answer, survey_create, survey_template_save
from scorecards.tables.surveys import SurveyTable, SurveyTemplateTable

# --- templates


class SurveyTemplateListView(ObjectListView):
    manage_action = "survey.manage"
    queryset = survey_template_list()
    filterset_class = SurveyTemplateFilterSet
    table_class = SurveyTemplateTable
    export_filename = "survey-templates"
    add_label = "Add survey template"


class SurveyTemplateDetailView(ObjectDetailView):
    manage_action = "survey.manage"
    queryset = survey_template_detail()
    template_name = "scorecards/surveytemplate_detail.html"


class SurveyTemplateFormMixin:
    model = SurveyTemplate
    form_class = SurveyTemplateForm
    permission_action = "survey.manage"
    request: HttpRequest

    def save_form(self, form: SurveyTemplateForm) -> SurveyTemplate:
        return survey_template_save(template=form.instance, questions=form.question_lines(), by=self.request.user)


class SurveyTemplateCreateView(SurveyTemplateFormMixin, ObjectCreateView):
    title = "Add a survey template"


class SurveyTemplateUpdateView(SurveyTemplateFormMixin, ObjectUpdateView):
    pass


# --- surveys


class SurveyListView(ObjectListView):
    manage_action = "survey.manage"
    queryset = survey_list()
    filterset_class = SurveyFilterSet
    table_class = SurveyTable
    export_filename = "staff-surveys"
    add_label = "Start a survey"


class SurveyStartView(HospitalUserRequiredMixin, FormView):
    permission_action = "survey.manage"
    form_class = SurveyStartForm
    template_name = "scorecards/survey_start.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: SurveyStartForm) -> HttpResponse:
        try:
            survey = survey_create(by=self.request.user, **form.survey_fields())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Draft survey saved: check its audience, then send it.")
        return HttpResponseRedirect(survey.get_absolute_url())


class SurveyDetailView(ObjectDetailView):
    queryset = survey_detail()
    template_name = "scorecards/survey_detail.html"

    def get_related(self) -> dict[str, Any]:
        context = survey_context(self.object, self.request.user)
        if self.object.state == Survey.State.DRAFT:
            context["audience_count"] = survey_audience(self.object).count()
        return context


class SurveyActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one step (``action``): send, close."""

    permission_action = "survey.manage"
    model = Survey

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self.get_object()
        return run_survey_action(request, survey, back_url=survey.get_absolute_url())


class SurveyAnswerView(View):
    """A person's link from the survey email: no sign-in; once, while the survey is open. A used
    link or a closed survey is a clear page, not the form."""

    template_name = "scorecards/survey_answer.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token, data=request.POST)

    def _page(self, request: HttpRequest, token: str, data: Any = None) -> HttpResponse:
        invitation = invitation_from_token(token)
        if invitation is None:
            return render(request, self.template_name, {"invalid": True}, status=404)
        survey = invitation.survey
        form = SurveyAnswerForm(
            data, questions=list(survey.template.questions.all()), comment_prompt=survey.template.comment_prompt
        )
        context = {"survey": survey, "form": form}
        if data is not None and not self._closed_or_used(invitation) and form.is_valid():
            try:
                survey_answer(invitation=invitation, scores=form.scores(), comment=form.comment())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(request, self.template_name, {**context, "thanks": True})
        invitation.refresh_from_db(fields=["answered_at"])
        context["used"] = invitation.answered_at is not None
        context["closed"] = not context["used"] and not survey_open_at(survey, timezone.now())
        return render(request, self.template_name, context)

    @staticmethod
    def _closed_or_used(invitation: SurveyInvitation) -> bool:
        return invitation.answered_at is not None or not survey_open_at(invitation.survey, timezone.now())
