"""Reads on vendors, contacts, contracts, components and interfaces. Callers scope with
``visible_to``."""

import datetime

from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet

from core.db import subquery_count
from core.roles import ScopedUser
from vendors.models import Component, Contact, Contract, ContractDocument, Interface, Vendor


def vendor_list() -> QuerySet[Vendor]:
    """Vendors with the number of contacts, components and currently running contracts."""
    today = datetime.date.today()
    return Vendor.objects.annotate(
        contact_count=subquery_count(Contact.objects.all(), parent_field="vendor"),
        component_count=subquery_count(Component.objects.all(), parent_field="vendor"),
        active_contract_count=subquery_count(
            Contract.objects.filter(start_date__lte=today, end_date__gte=today), parent_field="vendor"
        ),
    )


def contact_list() -> QuerySet[Contact]:
    return Contact.objects.select_related("vendor")


def contract_list() -> QuerySet[Contract]:
    return Contract.objects.select_related("vendor").annotate(
        document_count=subquery_count(ContractDocument.objects.all(), parent_field="contract")
    )


def component_list() -> QuerySet[Component]:
    return Component.objects.select_related("vendor")


def interface_list() -> QuerySet[Interface]:
    """Interfaces with both ends and their vendors, by source vendor and name."""
    return Interface.objects.select_related("source__vendor", "target__vendor").order_by(
        "source__vendor__name", "name", "pk"
    )


def interfaces_touching(*, vendor: Vendor | None = None, component: Component | None = None) -> QuerySet[Interface]:
    """The interfaces with either end on ``component``, or on any component of ``vendor``: what
    a component's and a vendor's pages list (the caller scopes them)."""
    if component is not None:
        touching = Q(source=component) | Q(target=component)
    elif vendor is not None:
        touching = Q(source__vendor=vendor) | Q(target__vendor=vendor)
    else:
        raise TypeError("interfaces_touching needs a vendor or a component")
    return interface_list().filter(touching)


def component_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """The components of one vendor the user may see, by name and site, labelled "name (site)";
    none without a vendor."""
    if not vendor_id:
        return []
    components = Component.objects.visible_to(user).filter(vendor_id=vendor_id).order_by("name", "site")
    return [(component.pk, str(component)) for component in components.only("pk", "name", "site")]


def interface_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """The interfaces with an end on one vendor's components that the user may see, labelled
    "name (source → target)"; none without a vendor."""
    if not vendor_id:
        return []
    interfaces = (
        Interface.objects.visible_to(user)
        .filter(Q(source__vendor_id=vendor_id) | Q(target__vendor_id=vendor_id))
        .select_related("source", "target")
        .order_by("name", "pk")
    )
    return [(interface.pk, f"{interface.name} ({interface.source} → {interface.target})") for interface in interfaces]


def contact_options(*, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int, str]]:
    """The contacts of one vendor the user may see, by escalation level, labelled with their role;
    none without a vendor."""
    if not vendor_id:
        return []
    contacts = Contact.objects.visible_to(user).filter(vendor_id=vendor_id).order_by("escalation_level", "name")
    return [
        (contact.pk, f"{contact.name} ({contact.get_role_display().lower()})")
        for contact in contacts.only("pk", "name", "role")
    ]


def contract_documents(contract: Contract) -> QuerySet[ContractDocument]:
    return contract.documents.select_related("uploaded_by")


def contracts_ending(*, today: datetime.date, within_days: int) -> QuerySet[Contract]:
    """Running contracts whose end, or whose renewal-notice deadline, falls in the next
    ``within_days`` days (the deadline is ``end_date - renewal_notice_days``)."""
    horizon = today + datetime.timedelta(days=within_days)
    candidates = Contract.objects.select_related("vendor").filter(end_date__gte=today, start_date__lte=horizon)
    # PostgreSQL's date - integer is a date: the per-row notice deadline, computed in SQL.
    notice_date = ExpressionWrapper(F("end_date") - F("renewal_notice_days"), output_field=DateField())
    return (
        candidates.alias(notice_date=notice_date)
        .filter(Q(end_date__lte=horizon) | Q(notice_date__lte=horizon))
        .order_by("end_date")
    )
