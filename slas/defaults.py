"""Defaults from a realistic PACS SLA (shared/domain/sla-template.md), for new agreements and demo data.

Business days are the template's Mon-Fri 08:00-18:00: one business day is 10 hours.
"""

import datetime
from decimal import Decimal

from slas.models import Agreement, BusinessCalendar, Metric, Severity
from slas.models.agreements import SupportTier
from slas.services.agreements import BandInput, RuleInput, TargetInput, TicketCreditInput, agreement_save
from slas.services.calendars import WindowInput, calendar_save
from vendors.models import Contact

H = datetime.timedelta(hours=1)
BUSINESS_DAY = 10 * H

# severity: (response, update, resolution, runs 24x7)
TEMPLATE_TARGETS = {
    Severity.P1: (datetime.timedelta(minutes=15), H, 4 * H, True),
    Severity.P2: (H, 4 * H, 8 * H, True),
    Severity.P3: (4 * H, BUSINESS_DAY, 3 * BUSINESS_DAY, False),
    Severity.P4: (BUSINESS_DAY, 5 * BUSINESS_DAY, None, False),
}

TEMPLATE_RULES = [
    RuleInput(Metric.RESPONSE, 50),
    RuleInput(Metric.RESPONSE, 100, notify_contact_role=Contact.Role.ACCOUNT_MANAGER, notify_hospital_admins=True),
    RuleInput(Metric.RESPONSE, 150, notify_escalation_level=3, notify_hospital_admins=True),
    RuleInput(Metric.UPDATE, 100),
    RuleInput(Metric.RESOLUTION, 50),
    RuleInput(Metric.RESOLUTION, 75, notify_contact_role=Contact.Role.ACCOUNT_MANAGER),
    RuleInput(
        Metric.RESOLUTION,
        100,
        notify_contact_role=Contact.Role.ESCALATION_MANAGER,
        notify_hospital_admins=True,
        raise_tier_to=SupportTier.REMOTE_DIAGNOSTICS,
    ),
    RuleInput(
        Metric.RESOLUTION,
        150,
        notify_escalation_level=4,
        notify_hospital_admins=True,
        raise_tier_to=SupportTier.ON_SITE,
    ),
]


# Availability credits, as % of the monthly fee: below 99.9 % earns 5 %, ... below 98 % earns 25 %.
TEMPLATE_BANDS = [
    BandInput(Decimal("99.9"), Decimal(5)),
    BandInput(Decimal("99.5"), Decimal(10)),
    BandInput(Decimal("99.0"), Decimal(15)),
    BandInput(Decimal("98.0"), Decimal(25)),
]

# 2 % per missed P1 response and 1 % per missed P1 restore (capped at 10 % by the agreement).
TEMPLATE_TICKET_CREDITS = [
    TicketCreditInput(Severity.P1, Metric.RESPONSE, Decimal(2)),
    TicketCreditInput(Severity.P1, Metric.RESOLUTION, Decimal(1)),
]

SUNDAY = 6


def maintenance_window_calendar(*, name: str, timezone: str = "Europe/Berlin") -> BusinessCalendar:
    """The template's allowed maintenance window: Sunday 00:00-06:00."""
    return calendar_save(
        calendar=BusinessCalendar(
            name=name, timezone=timezone, description="When the vendor may do planned maintenance."
        ),
        windows=[WindowInput(SUNDAY, datetime.time(0), datetime.time(6))],
    )


def office_hours_calendar(*, name: str, timezone: str = "Europe/Berlin") -> BusinessCalendar:
    """The template's business hours: Mon-Fri 08:00-18:00."""
    return calendar_save(
        calendar=BusinessCalendar(name=name, timezone=timezone),
        windows=[WindowInput(day, datetime.time(8), datetime.time(18)) for day in range(5)],
    )


def template_agreement(
    *,
    contract: object,
    office: BusinessCalendar,
    round_the_clock: BusinessCalendar,
    version: int = 1,
    effective_from: datetime.date | None = None,
    name: str = "",
    maintenance: BusinessCalendar | None = None,
) -> Agreement:
    """An agreement on ``contract`` with the template's targets (P1/P2 on the 24x7 calendar,
    P3/P4 on business hours), escalation rules, credit bands and ticket credits, and
    maintenance allowed in the ``maintenance`` calendar's windows with 48 h notice."""
    targets = [
        TargetInput(severity, (round_the_clock if every_hour else office).pk, response, update, resolution)
        for severity, (response, update, resolution, every_hour) in TEMPLATE_TARGETS.items()
    ]
    agreement = Agreement(
        contract=contract,
        version=version,
        name=name or f"{contract} SLA",
        effective_from=effective_from or contract.start_date,
        maintenance_calendar=maintenance,
    )
    return agreement_save(
        agreement=agreement,
        targets=targets,
        rules=TEMPLATE_RULES,
        bands=TEMPLATE_BANDS,
        ticket_credits=TEMPLATE_TICKET_CREDITS,
    )
