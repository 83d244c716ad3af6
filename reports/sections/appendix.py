"""Appendix: the complete lists that the sections' tables shorten (every incident of the month,
every breach kept in the snapshot), one compact line each. Its data is the other sections'."""

from typing import Any

from reports.sections.base import ReportPeriod

KEY = "appendix"
TITLE = "Appendix"
TEMPLATE = "reports/pdf/appendix.html"
DEPENDS_ON = ("availability", "tickets")


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    """Nothing of its own: the template lists from the availability and tickets sections, so
    the snapshot holds each incident and breach once."""
    return {}
