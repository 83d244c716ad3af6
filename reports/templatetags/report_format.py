"""Formatting of snapshot values (exact decimal strings, hospital-zone ISO instants) for the PDF
and the report pages. Values are shown as stored, never recomputed."""

import datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django import template

register = template.Library()


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def when(value: str | None) -> str:
    """``2026-10-04T03:12:00+02:00`` → ``2026-10-04 03:12`` (the zone the snapshot was taken in)."""
    if not value:
        return "–"
    return datetime.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")


@register.filter
def day(value: str | None) -> str:
    if not value:
        return "–"
    return datetime.datetime.fromisoformat(value).strftime("%Y-%m-%d")


@register.filter
def signed(value: str | None) -> str:
    number = _decimal(value)
    if number is None:
        return "–"
    return f"+{number}" if number > 0 else f"{number}"


@register.filter
def month_label(value: str | None) -> str:
    """``2026-10`` → ``October 2026``."""
    if not value:
        return "–"
    return datetime.datetime.strptime(value, "%Y-%m").strftime("%B %Y")


@register.filter
def month_short(value: str | None) -> str:
    """``2026-10`` → ``Oct 2026`` (a narrow table's column heading)."""
    if not value:
        return "–"
    return datetime.datetime.strptime(value, "%Y-%m").strftime("%b %Y")


@register.filter
def verdict_class(value: object) -> str:
    """True/"ok"/"better" → ok, "warning" → warn, False/"breach"/"worse" → bad, else muted."""
    if value is True or value in ("ok", "better"):
        return "ok"
    if value == "warning":
        return "warn"
    if value is False or value in ("breach", "worse"):
        return "bad"
    return "muted"


@register.filter
def get(mapping: dict | None, key: str) -> object:
    return (mapping or {}).get(key)


@register.filter
def brief(value: str | None) -> str:
    """A number cut (not rounded, like uptimes) to a width that fits a 12-month table:
    no decimals from 1,000, one from 100, two from 1, three below."""
    number = _decimal(value)
    if number is None:
        return "–"
    size = abs(number)
    places = 0 if size >= 1000 else 1 if size >= 100 else 2 if size >= 1 else 3
    cut = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    return f"{cut.normalize():f}" if cut == cut.to_integral_value() else f"{cut}"


# Long lists (a bad month's incidents, a busy month's breaches) show this many rows as a table in
# their section; every entry is listed in the appendix, as compact lines that lay out ten times
# faster than table rows.
TABLE_ROWS = 15


@register.filter
def table_rows(rows: list) -> list:
    """The first ``TABLE_ROWS`` entries, for the section's table."""
    return rows[:TABLE_ROWS]


@register.filter
def longest(rows: list[dict], field: str) -> list[dict]:
    """The ``TABLE_ROWS`` entries with the largest ``field`` (a number as text), largest first."""
    return sorted(rows, key=lambda row: _decimal(row.get(field)) or Decimal(0), reverse=True)[:TABLE_ROWS]


@register.filter
def beyond_table(rows: list) -> bool:
    """Whether the section's table leaves entries to the appendix."""
    return len(rows) > TABLE_ROWS


@register.simple_tag
def table_rows_limit() -> int:
    return TABLE_ROWS
