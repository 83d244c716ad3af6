"""KPI samples in the API, and the plain parser of bulk sample lists.

A monitoring system sends tens of thousands of samples a request. Building DRF fields for each
item costs more than storing it, so the list is read by ``parse_sample_items`` (a few type checks
per item); ``SampleInputSerializer`` documents the same item shape in the OpenAPI schema."""

import datetime
from typing import Any

from rest_framework import serializers

from core.api.fields import InstantField
from core.instants import instant_parse, instant_problem
from kpis.models import KpiSample
from kpis.models.catalogue import KPI_VALUE
from kpis.services.samples import SampleInput

MAX_ID = 2**63 - 1
ITEM_SHAPE = "Each sample is an object with kpi, vendor, measured_at, value and optionally component."


class KpiSampleSerializer(serializers.ModelSerializer):
    kpi = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The KPI's code.")

    class Meta:
        model = KpiSample
        fields = [
            "id",
            "kpi",
            "vendor",
            "component",
            "measured_at",
            "value",
            "source",
            "reporter",
            "reported_by",
            "created_at",
        ]
        read_only_fields = fields


class SampleInputSerializer(serializers.Serializer):
    """One item of the list ``POST /api/v1/kpi-samples/`` takes (read by ``parse_sample_items``)."""

    kpi = serializers.SlugField(help_text="The KPI's code, e.g. retrieval_time.")
    vendor = serializers.IntegerField(help_text="The vendor's id.")
    component = serializers.IntegerField(
        required=False, allow_null=True, help_text="The component's id; required for per-component KPIs."
    )
    measured_at = InstantField(help_text="ISO 8601 with its UTC offset, e.g. 2026-10-05T14:30:00+02:00.")
    value = serializers.DecimalField(max_digits=18, decimal_places=4, min_value=KPI_VALUE.low, max_value=KPI_VALUE.high)


class IngestedSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Samples stored.")


def _id(item: dict[str, Any], name: str, *, required: bool) -> tuple[int | None, str | None]:
    raw = item.get(name)
    if raw is None:
        return None, f"{name}: this field is required." if required else None
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw <= MAX_ID:
        return None, f"{name}: give the {name}'s id, a positive integer."
    return raw, None


def _item(item: object) -> tuple[SampleInput | None, list[str]]:
    if not isinstance(item, dict):
        return None, [ITEM_SHAPE]
    errors = []
    kpi = item.get("kpi")
    if not isinstance(kpi, str) or not kpi.strip():
        errors.append("kpi: give the KPI's code." if kpi is None else "kpi: the code is a non-empty string.")
    vendor_id, problem = _id(item, "vendor", required=True)
    if problem:
        errors.append(problem)
    component_id, problem = _id(item, "component", required=False)
    if problem:
        errors.append(problem)
    raw_instant = item.get("measured_at")
    measured_at = None
    if not isinstance(raw_instant, str):
        errors.append("measured_at: give an ISO 8601 date and time with its UTC offset.")
    else:
        parsed = instant_parse(raw_instant, naive_is_local=False)
        if isinstance(parsed, str):
            errors.append(f"measured_at: {parsed}")
        else:
            measured_at = parsed
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append("value: give a number.")
    if errors:
        return None, errors
    return SampleInput(kpi.strip(), vendor_id, measured_at, value, component_id), []


def _well_formed(item: object) -> SampleInput | None:
    """The sample of an item in the usual form (ids as integers, an ISO 8601 instant with its
    offset), or None to let ``_item`` look closer. Most items of a push take this path."""
    if type(item) is not dict:
        return None
    kpi = item.get("kpi")
    vendor_id = item.get("vendor")
    component_id = item.get("component")
    raw_instant = item.get("measured_at")
    value = item.get("value")
    if not (
        type(kpi) is str
        and (kpi := kpi.strip())
        and type(vendor_id) is int
        and 0 < vendor_id <= MAX_ID
        and (component_id is None or (type(component_id) is int and 0 < component_id <= MAX_ID))
        and type(raw_instant) is str
        and type(value) in (int, float, str)
    ):
        return None
    try:
        measured_at = datetime.datetime.fromisoformat(raw_instant)
    except ValueError:
        return None
    if measured_at.utcoffset() is None or instant_problem(measured_at):
        return None
    return SampleInput(kpi, vendor_id, measured_at, value, component_id)


def parse_sample_items(data: object) -> tuple[list[SampleInput], list[int], dict[int, list[str]]]:
    """The samples that parse, each one's position in the list sent, and the problems of those
    that do not (by position). ``data`` must be a list (the caller checks)."""
    samples: list[SampleInput] = []
    positions: list[int] = []
    problems: dict[int, list[str]] = {}
    for index, item in enumerate(data):  # type: ignore[arg-type]
        sample = _well_formed(item)
        if sample is None:
            sample, errors = _item(item)
            if errors:
                problems[index] = errors
                continue
        samples.append(sample)  # type: ignore[arg-type]
        positions.append(index)
    return samples, positions, problems
