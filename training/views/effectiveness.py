"""Training effectiveness per vendor and course: attendance, feedback, quiz, ticket rates."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView

from core.views.mixins import HospitalUserRequiredMixin
from training.pages.effectiveness import effectiveness_context


class EffectivenessView(HospitalUserRequiredMixin, TemplateView):
    template_name = "training/effectiveness.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context, status = effectiveness_context(request, vendor_field=True)
        return self.render_to_response(context, status=status)
