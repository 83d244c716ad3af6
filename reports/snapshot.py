"""The frozen snapshot of one vendor's month: built once from the other apps' selectors, stored
as JSON, and the only input of the PDF. Its SHA-256 is taken over a canonical encoding."""

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from core.months import month_bounds
from reports.sections.base import ReportPeriod, decimal_text, instant_text
from reports.sections.order import SECTIONS, build_order
from slas.selectors.agreements import agreements_in_force_during
from vendors.models import Vendor

SCHEMA_VERSION = 1

Progress = Callable[[int, str], None]


def _no_progress(percent: int, note: str) -> None:
    return None


def _agreement(agreement: Any) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        "name": agreement.name or str(agreement),
        "version": agreement.version,
        "contract_reference": agreement.contract.reference,
        "effective_from": agreement.effective_from.isoformat(),
        "effective_to": agreement.effective_to.isoformat() if agreement.effective_to else None,
        "uptime_target_percent": decimal_text(agreement.uptime_target_percent),
        "updated_at": instant_text(agreement.updated_at),
        "targets": [
            {
                "severity": target.severity,
                "severity_label": target.get_severity_display(),
                "response_minutes": decimal_text(target.response.total_seconds() / 60, 0),
                "update_minutes": decimal_text(target.update.total_seconds() / 60, 0) if target.update else None,
                "resolution_minutes": (
                    decimal_text(target.resolution.total_seconds() / 60, 0) if target.resolution else None
                ),
                "calendar": target.calendar.name,
            }
            for target in sorted(agreement.targets.all(), key=lambda t: t.severity)
        ],
    }


def _contract(agreements: list[Any]) -> dict[str, Any] | None:
    if not agreements:
        return None
    contract = agreements[-1].contract  # the one in force at the month's end
    return {
        "id": contract.pk,
        "reference": contract.reference,
        "title": contract.title,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "annual_fee": decimal_text(contract.annual_fee),
        "currency": contract.currency,
    }


def snapshot_build(
    vendor: Vendor, month: datetime.date, *, now: datetime.datetime | None = None, progress: Progress = _no_progress
) -> tuple[dict[str, Any], list[int]]:
    """The snapshot of ``vendor``'s ``month`` (its first day) and the ids of the SLA versions it
    used. ``progress`` hears of each section as it is built."""
    now = now or timezone.now()
    start, end = month_bounds(month)
    period = ReportPeriod(vendor_id=vendor.pk, month=month, start=start, end=end, now=now)
    last_day = (end - datetime.timedelta(days=1)).date()
    agreements = list(agreements_in_force_during([vendor.pk], month, last_day))
    built: dict[str, dict[str, Any]] = {}
    order = build_order()
    for index, section in enumerate(order):
        progress(5 + 60 * index // len(order), f"Collecting {section.TITLE.lower()}")
        built[section.KEY] = section.build(period, built)
    snapshot = {
        "schema": SCHEMA_VERSION,
        "vendor": {"id": vendor.pk, "name": vendor.name, "kind": vendor.get_kind_display()},
        "month": f"{month:%Y-%m}",
        "period": {
            "start": instant_text(start),
            "end": instant_text(end),
            "timezone": settings.TIME_ZONE,
            "complete": now >= end,
        },
        "generated_at": instant_text(now),
        "contract": _contract(agreements),
        "agreements": [_agreement(agreement) for agreement in agreements],
        "sections": {section.KEY: built[section.KEY] for section in SECTIONS},
    }
    return snapshot, [agreement.pk for agreement in agreements]


def canonical_json(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def snapshot_sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()
