"""An attendee's feedback link from the email: no sign-in; once, within its days. A used,
expired or made-up link is a clear page, not the form."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from core.forms import add_service_errors
from training.forms.feedback import FeedbackForm
from training.services.session_feedback import feedback_answer, feedback_from_token


class FeedbackAnswerView(View):
    template_name = "training/feedback_answer.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token, FeedbackForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._page(request, token, FeedbackForm(request.POST))

    def _page(self, request: HttpRequest, token: str, form: FeedbackForm) -> HttpResponse:
        feedback = feedback_from_token(token)
        if feedback is None:
            return render(request, self.template_name, {"invalid": True}, status=404)
        context = {"session": feedback.enrolment.session, "form": form}
        if feedback.answered_at is not None:
            return render(request, self.template_name, {**context, "used": True})
        if form.is_bound and form.is_valid():
            try:
                feedback_answer(feedback=feedback, ratings=form.ratings(), comment=form.cleaned_data["comment"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, self.template_name, {**context, "thanks": True})
        return render(request, self.template_name, context, status=400 if form.is_bound else 200)
