"""A vendor's monthly access log as a PDF for auditors: its remote-access sessions with their
flags (without approval, outside the approved window, without a ticket), and every logged access
counted per person and per system (portal pages, API calls, downloads, refused requests). Read
through ``compliance.selectors.remote_access.access_month`` and rendered on demand with the
reports' PDF helpers (the shared styles, ``rendering.render_document``): the log is append-only,
so a past month reads the same whenever it is asked for."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from compliance.remote_access_rules import FLAG_LABELS
from compliance.selectors.remote_access import AccessMonth, access_month
from reports.models import vendor_file_stem
from reports.rendering import RenderedPdf, render_document
from vendors.models import Vendor


def access_log_filename(vendor: Vendor, month: datetime.date) -> str:
    return f"{vendor_file_stem(vendor.name)}-access-log-{month:%Y-%m}.pdf"


def _html(vendor: Vendor, summary: AccessMonth, generated_at: datetime.datetime) -> str:
    sessions = [
        {
            "session": session,
            "flags": [FLAG_LABELS[flag] for flag in flags],
        }
        for session, flags in summary.sessions
    ]
    return render_to_string(
        "reports/pdf/access_log.html",
        {
            "vendor": vendor,
            "summary": summary,
            "sessions": sessions,
            "flagged": sum(1 for row in sessions if row["flags"]),
            "last_day": summary.end - datetime.timedelta(microseconds=1),
            "generated_at": generated_at,
            "timezone": timezone.get_current_timezone_name(),
        },
    )


def access_log_pdf(vendor: Vendor, month: datetime.date) -> RenderedPdf:
    """``vendor``'s access in ``month`` (the first day; hospital time) as a PDF."""
    now = timezone.now()
    return render_document(_html(vendor, access_month(vendor.pk, month, now=now), now))
