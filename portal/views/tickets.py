"""The vendor's tickets in the portal: the list, a ticket's page (clocks, timeline, the thread
without internal notes), the lifecycle actions a vendor user may take, and attachments."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin, protected_file_response
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalTicketTable
from tickets import selectors as ticket_selectors
from tickets.filters import TicketFilterSet
from tickets.models import Ticket, TicketAttachment
from tickets.pages import run_ticket_action, ticket_context


class PortalTicketListView(PortalListView):
    queryset = ticket_selectors.ticket_list()
    filterset_class = TicketFilterSet
    table_class = PortalTicketTable
    title = "Tickets"
    lazy_pagination = True
    export_filename = "tickets"


class PortalTicketDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    """The vendor's view of a ticket: clocks, timeline, the thread without internal notes."""

    queryset = ticket_selectors.ticket_detail()
    template_name = "portal/ticket_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            ticket_context(
                self.object,
                self.request.user,
                act_url=reverse("portal:ticket_act", kwargs={"pk": self.object.pk}),
                attachment_url_name="portal:ticket_attachment_download",
            )
        )
        return context


class PortalTicketActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Ticket

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = self.get_object()
        return run_ticket_action(request, ticket, back_url=reverse("portal:ticket_detail", kwargs={"pk": ticket.pk}))


class PortalAttachmentDownloadView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Attachments of the vendor's tickets; those on internal notes do not exist for vendors."""

    model = TicketAttachment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        attachment = self.get_object()
        return protected_file_response(attachment.file, filename=attachment.filename)
