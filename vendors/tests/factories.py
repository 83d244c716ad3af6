import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from core.testing.registry import register_test_object
from vendors.models import Component, Contact, Contract, ContractDocument, Interface, Vendor


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Vendor {n}")
    kind = Vendor.Kind.PACS
    support_phone = "+49 30 555 0100"
    support_email = factory.Sequence(lambda n: f"support{n}@vendor.example")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = Contact.Role.SUPPORT_DESK
    escalation_level = 1
    email = factory.Sequence(lambda n: f"contact{n}@vendor.example")
    phone = "+49 30 555 0111"


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    vendor = factory.SubFactory(VendorFactory)
    reference = factory.Sequence(lambda n: f"C-{n:04d}")
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2028, 12, 31)
    annual_fee = Decimal("100000.00")
    currency = "EUR"


class ContractDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractDocument

    contract = factory.SubFactory(ContractFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(lambda o: ContentFile(b"%PDF-1.4 test document\n", name=f"{o.title}.pdf"))
    size_bytes = 24


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Component {n}")
    kind = Component.Kind.ARCHIVE
    site = "Main campus"


class InterfaceFactory(factory.django.DjangoModelFactory):
    """An interface between two components of one vendor (give ``target`` for two vendors)."""

    class Meta:
        model = Interface

    name = factory.Sequence(lambda n: f"Interface {n}")
    source = factory.SubFactory(ComponentFactory)
    target = factory.SubFactory(ComponentFactory, vendor=factory.SelfAttribute("..source.vendor"))
    protocol = Interface.Protocol.HL7V2
    endpoint = "ris-engine.example:2575"


def vendor_with_related(*, contacts: int = 1, components: int = 1) -> Vendor:
    """A vendor with contacts, a contract holding a document, and components."""
    vendor = VendorFactory()
    ContactFactory.create_batch(contacts, vendor=vendor)
    ContractDocumentFactory(contract=ContractFactory(vendor=vendor))
    ComponentFactory.create_batch(components, vendor=vendor)
    return vendor


@register_test_object(Vendor)
def make_vendor(*, vendor: Vendor, user: object, marker: str) -> Vendor:
    return vendor


@register_test_object(Contact)
def make_contact(*, vendor: Vendor, user: object, marker: str) -> Contact:
    return ContactFactory(vendor=vendor, name=f"{marker} contact")


@register_test_object(Contract)
def make_contract(*, vendor: Vendor, user: object, marker: str) -> Contract:
    return ContractFactory(vendor=vendor, reference=f"{marker}-contract", title=f"{marker} contract")


@register_test_object(ContractDocument)
def make_contract_document(*, vendor: Vendor, user: object, marker: str) -> ContractDocument:
    return ContractDocumentFactory(contract=ContractFactory(vendor=vendor), title=f"{marker} document")


@register_test_object(Component)
def make_component(*, vendor: Vendor, user: object, marker: str) -> Component:
    return ComponentFactory(vendor=vendor, name=f"{marker} component")


@register_test_object(Interface)
def make_interface(*, vendor: Vendor, user: object, marker: str) -> Interface:
    return InterfaceFactory(name=f"{marker} interface", source=ComponentFactory(vendor=vendor))
