"""The data-protection checklist of an agreement: pure, no ORM. Each term the hospital expects
in writing, whether the agreement's terms state it, and what is missing."""

from dataclasses import dataclass

# Past this many hours a breach-notification deadline is not a deadline (GDPR gives us 72 h to
# tell the regulator from our own awareness; the vendor must tell us well before).
BREACH_NOTIFICATION_EXPECTED_HOURS = 72


@dataclass(frozen=True)
class TermsFacts:
    """What the terms state, each empty when not agreed."""

    encryption_at_rest: str = ""
    encryption_in_transit: str = ""
    access_control: str = ""
    data_location: str = ""
    sub_processors: str = ""
    breach_notification_hours: int | None = None
    audit_rights: bool = False
    data_return_and_deletion: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    met: bool
    detail: str  # what was agreed, or what is missing


def _text(label: str, value: str, missing: str) -> ChecklistItem:
    value = value.strip()
    return ChecklistItem(label, bool(value), value or missing)


def terms_checklist(facts: TermsFacts) -> list[ChecklistItem]:
    """Every term in order, met or not; a breach-notification deadline over
    ``BREACH_NOTIFICATION_EXPECTED_HOURS`` counts as not met."""
    hours = facts.breach_notification_hours
    if hours is None:
        breach = ChecklistItem("Breach notification", False, "No deadline for telling us of a breach.")
    elif hours > BREACH_NOTIFICATION_EXPECTED_HOURS:
        breach = ChecklistItem(
            "Breach notification",
            False,
            f"{hours} h is too late: we must tell the regulator within 72 h of our own awareness.",
        )
    else:
        breach = ChecklistItem("Breach notification", True, f"Within {hours} h of the vendor's awareness.")
    return [
        _text("Encryption at rest", facts.encryption_at_rest, "No standard named for stored data."),
        _text("Encryption in transit", facts.encryption_in_transit, "No standard named for data on the network."),
        _text("Access control", facts.access_control, "Who of the vendor may reach our data, and how, is not agreed."),
        _text("Data location", facts.data_location, "Where our data is stored and processed is not agreed."),
        _text("Sub-processors", facts.sub_processors, "The vendor's sub-processors are not listed."),
        breach,
        ChecklistItem(
            "Audit rights",
            facts.audit_rights,
            "We may audit the vendor." if facts.audit_rights else "We have no right to audit the vendor.",
        ),
        _text(
            "Data return and deletion",
            facts.data_return_and_deletion,
            "What happens to our data at contract end is not agreed.",
        ),
    ]


def missing_terms(facts: TermsFacts) -> list[ChecklistItem]:
    return [item for item in terms_checklist(facts) if not item.met]
