"""Portal tables: the hospital tables, linked to portal pages and without the vendor column."""

import django_tables2 as tables
from django.urls import reverse

from tickets.tables import TicketTable
from vendors.tables import ComponentTable, ContactTable, ContractTable


class PortalContactTable(ContactTable):
    name = tables.Column(linkify=lambda record: reverse("portal:contact_edit", kwargs={"pk": record.pk}))

    class Meta(ContactTable.Meta):
        exclude = ("vendor",)


class PortalContractTable(ContractTable):
    reference = tables.Column(linkify=lambda record: reverse("portal:contract_detail", kwargs={"pk": record.pk}))

    class Meta(ContractTable.Meta):
        exclude = ("vendor",)


class PortalComponentTable(ComponentTable):
    name = tables.Column()

    class Meta(ComponentTable.Meta):
        exclude = ("vendor",)


class PortalTicketTable(TicketTable):
    id = tables.Column(
        verbose_name="#", linkify=lambda record: reverse("portal:ticket_detail", kwargs={"pk": record.pk})
    )
    title = tables.Column(linkify=lambda record: reverse("portal:ticket_detail", kwargs={"pk": record.pk}))

    class Meta(TicketTable.Meta):
        exclude = ("vendor",)
