"""The pure rules of compliance/matrix.py: which types a vendor must hold, and each cell's state."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.matrix import CellStatus, OnFile, Requirement, cell_status, is_required

TODAY = dt.date(2026, 6, 15)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("requirement", "kinds", "vendor_kind", "hosts_data", "required"),
    [
        (Requirement.ALL, [], "pacs", False, True),
        (Requirement.ALL, ["pacs", "vna"], "ris", True, False),
        (Requirement.ALL, ["pacs", "vna"], "vna", False, True),
        (Requirement.HOSTS_DATA, [], "ai", True, True),
        (Requirement.HOSTS_DATA, [], "ai", False, False),
        (Requirement.HOSTS_DATA, ["vna"], "pacs", True, False),
        (Requirement.NONE, [], "pacs", True, False),
    ],
)
def test_a_type_is_required_by_vendor_kind_and_hosting(
    requirement: str, kinds: list[str], vendor_kind: str, hosts_data: bool, required: bool
) -> None:
    assert is_required(requirement=requirement, kinds=kinds, vendor_kind=vendor_kind, hosts_data=hosts_data) is required


@pytest.mark.parametrize(
    ("on_file", "status"),
    [
        (OnFile(), CellStatus.MISSING),
        (OnFile(pending=1), CellStatus.PENDING),
        (OnFile(accepted_until=TODAY - DAY), CellStatus.EXPIRED),
        (OnFile(accepted_until=TODAY - DAY, pending=1), CellStatus.PENDING),
        (OnFile(accepted_until=TODAY), CellStatus.EXPIRING),
        (OnFile(accepted_until=TODAY + 90 * DAY), CellStatus.EXPIRING),
        (OnFile(accepted_until=TODAY + 91 * DAY), CellStatus.VALID),
        (OnFile(accepted_until=TODAY + 30 * DAY, pending=1), CellStatus.EXPIRING),
        (OnFile(accepted_without_expiry=True), CellStatus.VALID),
        (OnFile(accepted_until=TODAY - DAY, accepted_without_expiry=True), CellStatus.VALID),
    ],
)
def test_the_state_of_a_required_type(on_file: OnFile, status: CellStatus) -> None:
    assert cell_status(on_file, today=TODAY) == status


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1))
on_files = st.builds(
    OnFile,
    accepted_until=st.none() | dates,
    accepted_without_expiry=st.booleans(),
    pending=st.integers(min_value=0, max_value=3),
)


@given(on_file=on_files, today=dates)
def test_valid_means_an_accepted_document_runs_beyond_the_window(on_file: OnFile, today: dt.date) -> None:
    status = cell_status(on_file, today=today)
    runs_beyond = on_file.accepted_until is not None and on_file.accepted_until > today + 90 * DAY
    assert (status == CellStatus.VALID) == (on_file.accepted_without_expiry or runs_beyond)


@given(on_file=on_files, today=dates)
def test_missing_means_nothing_accepted_and_nothing_waiting(on_file: OnFile, today: dt.date) -> None:
    status = cell_status(on_file, today=today)
    nothing = on_file.accepted_until is None and not on_file.accepted_without_expiry and not on_file.pending
    assert (status == CellStatus.MISSING) == nothing


@given(on_file=on_files, today=dates)
def test_a_document_accepted_later_never_makes_a_cell_worse(on_file: OnFile, today: dt.date) -> None:
    order = [CellStatus.MISSING, CellStatus.EXPIRED, CellStatus.PENDING, CellStatus.EXPIRING, CellStatus.VALID]
    renewed = OnFile(
        accepted_until=max(filter(None, [on_file.accepted_until, today + 400 * DAY])),
        accepted_without_expiry=on_file.accepted_without_expiry,
        pending=on_file.pending,
    )
    before, after = cell_status(on_file, today=today), cell_status(renewed, today=today)
    assert order.index(after) >= order.index(before)
