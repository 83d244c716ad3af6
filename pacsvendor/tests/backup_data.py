"""Data for the backup round trip (test_backup.py), written by a process of its own into the
database of DATABASE_URL and the MEDIA_ROOT of its environment, so that the test's own database
and transaction stay out of it: ``python -m pacsvendor.tests.backup_data``.

Vendors with contacts, contracts and a contract document (a file), users, tickets with thread
messages and attachments (files), KPI samples and outbox mail: rows of most apps, files in two
upload folders."""

import datetime
import os
from decimal import Decimal

import django


def build() -> None:
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.test import override_settings
    from django.utils import timezone

    from accounts.tests.factories import HospitalAdminFactory, VendorUserFactory
    from kpis.catalogue import catalogue_ensure
    from kpis.models import Kpi, KpiSample, Source
    from notifications.tests.factories import OutboxEmailFactory
    from tickets.models import TicketAttachment, TicketMessage
    from tickets.tests.factories import open_ticket
    from vendors.tests.factories import vendor_with_related

    # The production hasher is deliberately slow; these users never sign in.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]), transaction.atomic():
        catalogue_ensure(Kpi)
        admin = HospitalAdminFactory(username="backup-admin")
        availability = Kpi.objects.get(code="prior_availability")
        now = timezone.now()
        for number in range(3):
            vendor = vendor_with_related(contacts=2, components=2)
            VendorUserFactory(vendor=vendor)
            for index in range(2):
                ticket = open_ticket(vendor, title=f"Vendor {number} ticket {index}", reporter=admin)
                message = TicketMessage.objects.create(
                    ticket=ticket, author=admin, body=f"Logs of ticket {index}", at=ticket.opened_at
                )
                content = f"vendor {number} ticket {index} log\n".encode() * 50
                TicketAttachment.objects.create(
                    message=message, file=ContentFile(content, name=f"ticket-{index}.log"), size_bytes=len(content)
                )
            KpiSample.objects.bulk_create(
                KpiSample(
                    kpi=availability,
                    vendor=vendor,
                    measured_at=now - datetime.timedelta(hours=hour),
                    value=Decimal("99.5") - Decimal(hour) / 10,
                    source=Source.VENDOR,
                    reporter="backup test",
                )
                for hour in range(24)
            )
            OutboxEmailFactory()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")
    django.setup()
    build()
