import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from core.testing.registry import register_test_object
from slas.tests.factories import agreement_for
from tickets.models import HistoryImport, Ticket, TicketAttachment, TicketMessage
from tickets.services.tickets import ticket_open


def open_ticket(
    vendor: object, *, severity: str = "P3", title: str = "Prior studies do not load", **kwargs: object
) -> Ticket:
    """A ticket under an SLA: the vendor gets a running contract and agreement when it has none."""
    from vendors.tests.factories import ContractFactory

    if not vendor.contracts.exists():
        today = timezone.localdate()
        contract = ContractFactory(vendor=vendor, start_date=today - datetime.timedelta(days=400))
        agreement_for(contract)
    return ticket_open(vendor_id=vendor.pk, severity=severity, title=title, **kwargs)


@register_test_object(Ticket)
def make_ticket(*, vendor: object, user: object, marker: str) -> Ticket:
    ticket = open_ticket(vendor, title=f"{marker} ticket")
    TicketMessage.objects.create(ticket=ticket, author=None, body=f"{marker} reply", at=ticket.opened_at)
    return ticket


@register_test_object(TicketAttachment)
def make_attachment(*, vendor: object, user: object, marker: str) -> TicketAttachment:
    ticket = open_ticket(vendor, title=f"{marker} ticket with a file")
    message = TicketMessage.objects.create(ticket=ticket, author=None, body=f"{marker} log", at=ticket.opened_at)
    return TicketAttachment.objects.create(
        message=message, file=ContentFile(f"{marker} log line".encode(), name=f"{marker}.log"), size_bytes=16
    )


@register_test_object(HistoryImport)
def make_history_import(*, vendor: object, user: object, marker: str) -> HistoryImport:
    """A failed import whose error names the marker: the hospital's own record, never a vendor's."""
    return HistoryImport.objects.create(
        filename=f"{marker}.csv",
        status=HistoryImport.Status.FAILED,
        errors=[[2, f"vendor “{marker}” is unknown"]],
    )
