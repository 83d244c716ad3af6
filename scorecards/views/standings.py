"""The standings totals fall into: every hospital user reads them, hospital admins set them
(covering 0 to 100 without a gap, ``standings_replace``)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.permissions import can, require
from core.views.mixins import HospitalUserRequiredMixin
from scorecards.forms.evaluations import StandingFormSet
from scorecards.selectors.evaluations import standing_levels
from scorecards.services.standings import StandingInput, standings_replace


class StandingsView(HospitalUserRequiredMixin, TemplateView):
    template_name = "scorecards/standings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        levels = standing_levels()
        uppers = [None, *[level.minimum for level in levels]][: len(levels)]
        context["ranges"] = list(zip(levels, uppers, strict=True))
        context["may_change"] = can(self.request.user, "scorecard.configure")
        if "formset" not in context and context["may_change"]:
            initial = [
                {
                    "name": s.name,
                    "minimum": s.minimum,
                    "requires_plan": s.requires_plan,
                    "consequence": s.consequence,
                    "colour": s.colour,
                }
                for s in levels
            ]
            context["formset"] = StandingFormSet(initial=initial, prefix="standings")
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, "scorecard.configure")
        formset = StandingFormSet(request.POST, prefix="standings")
        if formset.is_valid():
            levels = [
                StandingInput(
                    name=row["name"].strip(),
                    minimum=row["minimum"],
                    requires_plan=row["requires_plan"],
                    consequence=row["consequence"],
                    colour=row["colour"],
                )
                for row in formset.cleaned_data
                if row.get("name")
            ]
            try:
                standings_replace(levels=levels, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return self.render_to_response(self.get_context_data(formset=formset))
            messages.success(request, "Standings saved. Finalised evaluations keep the standing they were given.")
            return HttpResponseRedirect(reverse("scorecards:standings"))
        return self.render_to_response(self.get_context_data(formset=formset))
