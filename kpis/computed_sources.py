"""KPIs computed hourly from records that apps beside or above ``kpis`` own (training coverage,
compliance documents, recovery tests). ``kpis`` cannot import those apps, so each registers, in
its ``AppConfig.ready()``, the catalogue codes it computes and a function that computes them;
``kpis.services.computations`` calls every registered function with the month's bounds and
stores what they return the way it stores its own computed KPIs (one sample per vendor and KPI,
replaced on each run)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

# vendor ids, the month's start and end, and now -> {vendor id: {KPI code: value}}; a vendor or
# a KPI without data that month is left out.
Computation = Callable[
    [list[int], datetime.datetime, datetime.datetime, datetime.datetime], dict[int, dict[str, Decimal]]
]


@dataclass(frozen=True)
class ComputedSource:
    codes: tuple[str, ...]
    compute: Computation


_sources: list[ComputedSource] = []


def register_computed_kpis(codes: tuple[str, ...], compute: Computation) -> None:
    """Register ``compute`` as the one source of the catalogue KPIs ``codes`` (idempotent)."""
    taken = {code for source in _sources if source.compute is not compute for code in source.codes}
    if clash := taken & set(codes):
        raise ValueError(f"KPIs already computed by another source: {sorted(clash)}")
    _sources[:] = [source for source in _sources if source.compute is not compute]
    _sources.append(ComputedSource(tuple(codes), compute))


def computed_sources() -> tuple[ComputedSource, ...]:
    return tuple(_sources)


def source_values(
    source: ComputedSource,
    vendor_ids: list[int],
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime,
) -> dict[int, dict[str, Decimal]]:
    """What ``source`` computes for the month, refused if it names a KPI it did not register or a
    vendor it was not asked for."""
    values = source.compute(vendor_ids, start, end, now)
    if strangers := set(values) - set(vendor_ids):
        raise ValueError(f"{source.compute.__qualname__} returned vendors it was not asked for: {sorted(strangers)}")
    for vendor_values in values.values():
        if stray := set(vendor_values) - set(source.codes):
            raise ValueError(f"{source.compute.__qualname__} returned KPIs it does not compute: {sorted(stray)}")
    return values
