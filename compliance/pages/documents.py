"""What the pages of compliance documents show, for the hospital UI and the portal alike: one
document with its versions, and one vendor's row of the matrix."""

import datetime
from typing import Any

from compliance.models import ComplianceDocument
from compliance.selectors.documents import MatrixRow, compliance_matrix, document_versions
from core.roles import ScopedUser
from vendors.models import Vendor


def document_context(document: ComplianceDocument, *, user: ScopedUser, download_url: str) -> dict[str, Any]:
    """A document, where to download it (the caller's audience's URL), and every version of its
    type from its vendor."""
    return {
        "document": document,
        "download_url": download_url,
        "versions": list(document_versions(document, user=user)),
    }


def vendor_matrix_row(vendor: Vendor, *, user: ScopedUser, today: datetime.date) -> MatrixRow:
    """One vendor's row of the matrix: each active document type, required or not, and its state."""
    matrix = compliance_matrix(user=user, today=today, vendors=Vendor.objects.filter(pk=vendor.pk))
    return matrix.rows[0]
