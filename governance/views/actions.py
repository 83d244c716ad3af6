"""The action register in the hospital UI: every open action of every source, filters, CSV,
"my actions" (``governance.pages.actions``, shared with the portal)."""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.generic import TemplateView

from core.views.mixins import HospitalUserRequiredMixin
from governance.pages.actions import register_page


class ActionRegisterView(HospitalUserRequiredMixin, TemplateView):
    template_name = "governance/action_register.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        page = register_page(request)
        if isinstance(page, HttpResponseBase):
            return page
        return self.render_to_response(self.get_context_data(**page))
