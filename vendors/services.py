"""Writes on vendor data that carry a rule beyond one form."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.roles import ScopedUser
from vendors.models import Contact, Contract, ContractDocument, Vendor


@transaction.atomic
def contract_document_attach(
    *, contract: Contract, title: str, file: UploadedFile, uploaded_by: ScopedUser
) -> ContractDocument:
    """Store a document on a contract after checking its type and size (``ContractDocument.clean``)."""
    document = ContractDocument(contract=contract, title=title or file.name, file=file, uploaded_by=uploaded_by)
    document.size_bytes = file.size or 0
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def contact_update_reachability(*, contact: Contact, email: str, phone: str) -> Contact:
    """The one change vendor users may make themselves: how their own contacts are reached."""
    contact.email = email
    contact.phone = phone
    contact.full_clean()
    contact.save(update_fields=["email", "phone", "updated_at"])
    return contact


@transaction.atomic
def contract_document_delete(*, document: ContractDocument) -> None:
    """Remove the record, and its file once the deletion is committed."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def vendor_create(
    *, name: str, kind: str, website: str = "", notes: str = "", contact: dict[str, str] | None = None
) -> Vendor:
    """A new vendor (a chosen candidate of a selection, carried over), with its account manager as
    first contact when one is named (``contact``: name, email, phone)."""
    vendor = Vendor(name=name, kind=kind, website=website, notes=notes)
    vendor.full_clean()
    vendor.save()
    if contact and contact.get("name"):
        first = Contact(vendor=vendor, role=Contact.Role.ACCOUNT_MANAGER, **contact)
        first.full_clean()
        first.save()
    return vendor
