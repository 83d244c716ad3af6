"""Which compliance documents a vendor must hold, and the state of each: pure rules, no ORM.

A document type is required of a vendor by two facts about the vendor: its kind (a type may
name the kinds it applies to; none named: every kind) and whether it hosts our data (a type is
required of every vendor, only of those hosting data, or of none). A required type's state
follows from what the vendor has on file: accepted documents (with their valid-until dates, or
without one for documents that do not expire) and documents waiting for review.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

# A valid document turns "expiring" this many days before its valid-until date.
EXPIRING_WITHIN_DAYS = 90


class Requirement(StrEnum):
    ALL = "all"
    HOSTS_DATA = "hosts_data"
    NONE = "none"


class CellStatus(StrEnum):
    """The state of one required document type for one vendor, worst first."""

    MISSING = "missing"
    EXPIRED = "expired"
    EXPIRING = "expiring"
    PENDING = "pending"
    VALID = "valid"
    NOT_REQUIRED = "not_required"


STATUS_LABELS = {
    CellStatus.MISSING: "Missing",
    CellStatus.EXPIRED: "Expired",
    CellStatus.EXPIRING: "Expiring",
    CellStatus.PENDING: "Pending review",
    CellStatus.VALID: "Valid",
    CellStatus.NOT_REQUIRED: "Not required",
}
# Bootstrap colours: the label is always shown beside the colour.
STATUS_COLOURS = {
    CellStatus.MISSING: "danger",
    CellStatus.EXPIRED: "danger",
    CellStatus.EXPIRING: "warning",
    CellStatus.PENDING: "info",
    CellStatus.VALID: "success",
    CellStatus.NOT_REQUIRED: "light",
}


def is_required(*, requirement: str, kinds: Collection[str], vendor_kind: str, hosts_data: bool) -> bool:
    """Whether a document type with this ``requirement`` and these vendor ``kinds`` (empty: all
    kinds) is required of a vendor of ``vendor_kind`` that does or does not host our data."""
    if kinds and vendor_kind not in kinds:
        return False
    if requirement == Requirement.ALL:
        return True
    return requirement == Requirement.HOSTS_DATA and hosts_data


@dataclass(frozen=True)
class OnFile:
    """What a vendor has on file for one document type."""

    accepted_until: datetime.date | None = None  # the latest valid-until of its accepted documents
    accepted_without_expiry: bool = False  # an accepted document that does not expire
    pending: int = 0  # documents waiting for review


def cell_status(on_file: OnFile, *, today: datetime.date, within_days: int = EXPIRING_WITHIN_DAYS) -> CellStatus:
    """The state of a required type: valid while an accepted document runs beyond the expiring
    window (or does not expire); expiring within ``within_days`` of its end; a document waiting
    for review otherwise shows as pending; an accepted document that ran out is expired; and
    nothing accepted (rejected documents do not count) is missing."""
    if on_file.accepted_without_expiry:
        return CellStatus.VALID
    until = on_file.accepted_until
    if until is not None and until >= today:
        if (until - today).days > within_days:
            return CellStatus.VALID
        return CellStatus.EXPIRING
    if on_file.pending:
        return CellStatus.PENDING
    if until is not None:
        return CellStatus.EXPIRED
    return CellStatus.MISSING
