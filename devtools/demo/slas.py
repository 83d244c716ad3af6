"""Demo SLAs: a 24x7 and a business-hours calendar (with Berlin's public holidays) and an
agreement on each running demo contract, with the targets and escalation path of the template."""

from decimal import Decimal

from django.utils import timezone

from devtools.demo import slas_availability
from devtools.seeding import DemoSeeder
from slas import defaults
from slas.models import Agreement, BusinessCalendar
from slas.services.agreements import agreement_new_version
from slas.services.calendars import calendar_save, public_holidays_import, public_holidays_preview
from vendors.models import Contract

UPTIME = {"MIS-2024-017": Decimal("99.9"), "AVH-22-311": Decimal("99.95"), "LDA-2025-002": Decimal("99.5")}


def _calendars(demo: DemoSeeder) -> tuple[BusinessCalendar, BusinessCalendar]:
    round_the_clock = BusinessCalendar.objects.filter(name="24x7 (Europe/Berlin)").first()
    if round_the_clock is None:
        round_the_clock = calendar_save(
            calendar=BusinessCalendar(name="24x7 (Europe/Berlin)", timezone="Europe/Berlin", always_open=True),
            windows=[],
        )
        demo.count_created("calendars", True)
    office = BusinessCalendar.objects.filter(name="Business hours Berlin").first()
    if office is None:
        office = defaults.office_hours_calendar(name="Business hours Berlin")
        office.description = "Mon-Fri 08:00-18:00, Berlin public holidays closed."
        office.save(update_fields=["description", "updated_at"])
        year = timezone.localdate().year
        found = public_holidays_preview(country="DE", subdivision="BE", years=[year - 1, year, year + 1])
        public_holidays_import(calendar=office, country="DE", subdivision="BE", chosen=found)
        demo.count_created("calendars", True)
    return round_the_clock, office


def seed(demo: DemoSeeder) -> None:
    round_the_clock, office = _calendars(demo)
    for reference, uptime in UPTIME.items():
        contract = Contract.objects.filter(reference=reference).first()
        if contract is None or Agreement.objects.filter(contract=contract).exists():
            continue
        agreement = defaults.template_agreement(
            contract=contract, office=office, round_the_clock=round_the_clock, name=f"{contract.vendor} support SLA"
        )
        agreement.uptime_target_percent = uptime
        agreement.save(update_fields=["uptime_target_percent", "updated_at"])
        demo.count_created("agreements", True)
        if reference == "MIS-2024-017":
            # The PACS vendor renegotiated this year: a second version with a higher uptime target.
            successor = agreement_new_version(
                agreement=agreement, effective_from=timezone.localdate().replace(month=1, day=1)
            )
            successor.uptime_target_percent = Decimal("99.95")
            successor.save(update_fields=["uptime_target_percent", "updated_at"])
            demo.count_created("agreements", True)
    slas_availability.seed(demo)
