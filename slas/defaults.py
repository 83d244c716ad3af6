"""Defaults from a realistic PACS SLA (shared/domain/sla-template.md), for new agreements and demo data.

Business days are the template's Mon-Fri 08:00-18:00: one business day is 10 hours.
"""

import datetime

from slas.models import Metric, Severity
from slas.models.agreements import SupportTier
from slas.services.agreements import RuleInput
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
