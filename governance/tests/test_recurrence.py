"""Occurrences keep the first meeting's wall time in the hospital's zone, whatever the DST."""

import datetime
import itertools
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.recurrence import occurrences

BERLIN = ZoneInfo("Europe/Berlin")
UTC = datetime.UTC


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.datetimes(min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2030, 1, 1)),
    frequency=st.sampled_from(["weekly", "biweekly", "monthly", "quarterly"]),
)
def test_every_occurrence_keeps_the_wall_time_and_lies_in_the_window(first, frequency):
    first = first.replace(second=0, microsecond=0, hour=10, tzinfo=BERLIN)
    after = first.astimezone(UTC)
    before = after + datetime.timedelta(days=400)
    starts = occurrences(first_start=first, frequency=frequency, zone=BERLIN, after=after, before=before)
    assert starts
    assert starts[0] == after
    assert starts == sorted(set(starts))
    for start in starts:
        assert after <= start < before
        local = start.astimezone(BERLIN)
        assert (local.hour, local.minute) == (10, first.minute)
    gaps = {"weekly": 7, "biweekly": 14}
    if frequency in gaps:
        for earlier, later in itertools.pairwise(starts):
            assert (later.astimezone(BERLIN).date() - earlier.astimezone(BERLIN).date()).days == gaps[frequency]


def test_a_monthly_series_on_the_31st_falls_on_the_last_day_of_shorter_months():
    first = datetime.datetime(2027, 1, 31, 9, 0, tzinfo=BERLIN)
    starts = occurrences(
        first_start=first, frequency="monthly", zone=BERLIN, after=first, before=first + datetime.timedelta(days=100)
    )
    assert [s.astimezone(BERLIN).date().isoformat() for s in starts] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
    ]


def test_a_one_off_meeting_and_the_end_date():
    first = datetime.datetime(2027, 3, 2, 14, 0, tzinfo=BERLIN)
    window = {"after": first, "before": first + datetime.timedelta(days=90)}
    assert occurrences(first_start=first, frequency="once", zone=BERLIN, **window) == [first.astimezone(UTC)]
    weekly = occurrences(first_start=first, frequency="weekly", zone=BERLIN, until=datetime.date(2027, 3, 16), **window)
    assert len(weekly) == 3
