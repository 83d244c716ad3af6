"""The opt-out link in every report email: public (people click it from their mailbox), the
signed token in the path stands for the recipient; a token that does not verify is a 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from core.views.reach import vendor_reachable
from reports.models import ReportRecipient
from reports.services.delivery import recipient_from_token, recipient_opt_out


def _recipient(token: str) -> ReportRecipient:
    recipient = recipient_from_token(token)
    if recipient is None:
        raise Http404("This link is not valid.")
    return recipient


@vendor_reachable  # the link in a report email: the signed token stands for the recipient
class OptOutView(View):
    """GET asks (mail scanners follow links; only the button's POST opts out)."""

    template_name = "reports/opt_out.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return render(request, self.template_name, {"recipient": _recipient(token), "done": False})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        recipient = recipient_opt_out(recipient=_recipient(token))
        return render(request, self.template_name, {"recipient": recipient, "done": True})
