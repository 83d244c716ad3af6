"""How figures read, the same on every page, in the portal and in the PDFs: numbers with
thousands separators and no more decimals than they need, shares, amounts, and lengths of time
in hours and minutes rather than raw seconds. The template filters of ``core.templatetags.formatting``
are these functions; values may be numbers or the exact decimal strings of a report snapshot."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NOTHING = "–"
UNITLESS = ("count", "score")


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _places_for(number: Decimal) -> int:
    size = abs(number)
    return 0 if size >= 1000 else 1 if size >= 100 else 2


def _fixed(number: Decimal, places: int, *, keep_zeros: bool) -> str:
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded) if rounded.is_zero() else rounded:,.{places}f}"  # never "-0"
    if not keep_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: object, places: int | None = None) -> str:
    """``451441.10`` → ``451,441``; ``123.45`` → ``123.5``; ``3.10`` → ``3.1``; ``0.25`` →
    ``0.25``. Given ``places``, exactly that many decimals (``1,204.50``); otherwise by size:
    whole numbers from 1,000, one decimal from 100, two below, trailing zeros dropped."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    if places is not None:
        return _fixed(number, places, keep_zeros=True)
    return _fixed(number, _places_for(number), keep_zeros=False)


def format_percent(value: object, places: int | None = None) -> str:
    """``99.950`` → ``99.95 %``, ``5.00`` → ``5 %``: a contractual figure as written, up to three
    decimals. Given ``places``, exactly that many: a computed share (``66.6667`` with 1 →
    ``66.7 %``), an uptime (``99.64`` with 3 → ``99.640 %``)."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    if places is not None:
        return f"{_fixed(number, places, keep_zeros=True)} %"
    return f"{_fixed(number, 3, keep_zeros=False)} %"


def format_count(count: int, singular: str, plural: str | None = None) -> str:
    """``1 ticket``, ``3 public holidays``, ``1,204 samples``: never "ticket(s)"."""
    noun = singular if count == 1 else plural or f"{singular}s"
    return f"{count:,} {noun}"


def format_money(value: object, currency: str = "") -> str:
    """``10000`` → ``10,000.00 EUR``."""
    number = _decimal(value)
    if number is None:
        return NOTHING
    return f"{_fixed(number, 2, keep_zeros=True)} {currency}".strip()


def format_quantity(value: object, unit: str) -> str:
    """A measured value with its unit as a sentence says it: ``3.1 s``, ``451,441 GB``,
    ``99.9 %``; counts and scores without a unit."""
    number = format_number(value)
    if number == NOTHING or not unit or unit in UNITLESS:
        return number
    return f"{number} {unit}"


def format_hours(seconds: object) -> str:
    """Business time, which has no days (a business day is not 24 hours): ``30 h``,
    ``1 h 30 min``, ``45 min``, ``0 h``. Seconds are rounded to the minute."""
    number = _decimal(seconds)
    if number is None:
        return NOTHING
    minutes = int((number / 60).to_integral_value(rounding=ROUND_HALF_UP))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours:,} h {minutes} min"
    return f"{minutes} min" if minutes else f"{hours:,} h"


def format_minutes(minutes: object) -> str:
    """A wall-clock length given in minutes: ``2 d 2 h``, ``1 h 33 min``, ``45 min``,
    ``< 1 min``, ``0 min``."""
    number = _decimal(minutes)
    if number is None:
        return NOTHING
    total = int(number.to_integral_value(rounding=ROUND_HALF_UP))
    if total == 0 and number > 0:
        return "< 1 min"
    days, rest = divmod(total, 1440)
    hours, minutes_left = divmod(rest, 60)
    if days:
        return f"{days:,} d {hours} h" if hours else f"{days:,} d"
    if hours:
        return f"{hours} h {minutes_left} min" if minutes_left else f"{hours} h"
    return f"{minutes_left} min"


def format_elapsed(value: datetime.timedelta | None) -> str:
    """A wall-clock length: ``2 d 4 h``, ``3 h 5 min``, ``12 min``."""
    if value is None:
        return NOTHING
    return format_minutes(max(Decimal(str(value.total_seconds())), Decimal(0)) / 60)
