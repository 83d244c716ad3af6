"""The version order (operations.versions): pure, property-tested."""

from hypothesis import given
from hypothesis import strategies as st

from operations.versions import compare_releases, is_at_least, version_key

versions = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}( ?(SP|HF|rc|beta)[0-9]{1,2})?", fullmatch=True)
patches = st.one_of(st.just(""), st.from_regex(r"(SP|HF)[0-9]{1,2}", fullmatch=True))


def test_numbers_compare_as_numbers_not_as_text() -> None:
    assert compare_releases(("7.9", ""), ("7.10", "")) == 1
    assert compare_releases(("10.0", ""), ("9.9.9", "")) == -1


def test_a_prefix_comes_first_and_separators_only_separate() -> None:
    assert compare_releases(("7.2", ""), ("7.2.1", "")) == 1
    assert version_key("5.4-HF12") == version_key("5.4 hf 12")


def test_the_patch_level_breaks_ties_after_the_version() -> None:
    assert compare_releases(("7.2", "SP1"), ("7.2", "SP2")) == 1
    assert compare_releases(("7.2", "SP9"), ("7.3", "")) == 1
    assert compare_releases(("7.3", ""), ("7.2", "SP9")) == -1


def test_a_fix_shipped_in_a_version_or_a_patch() -> None:
    assert is_at_least("7.3", "", "7.3")
    assert is_at_least("7.2", "SP3", "7.2 SP3")
    assert is_at_least("8.0", "", "7.2 SP3")
    assert not is_at_least("7.2", "SP2", "7.2 SP3")
    assert not is_at_least("7.2", "", "7.2.1")


@given(versions, patches)
def test_a_release_is_equal_to_itself(version: str, patch: str) -> None:
    assert compare_releases((version, patch), (version, patch)) == 0


@given(versions, patches, versions, patches)
def test_the_order_is_antisymmetric(a: str, pa: str, b: str, pb: str) -> None:
    assert compare_releases((a, pa), (b, pb)) == -compare_releases((b, pb), (a, pa))


@given(versions, versions, versions)
def test_the_order_is_transitive(a: str, b: str, c: str) -> None:
    if compare_releases((a, ""), (b, "")) >= 0 and compare_releases((b, ""), (c, "")) >= 0:
        assert compare_releases((a, ""), (c, "")) >= 0


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4), st.integers(0, 999))
def test_raising_the_last_number_goes_forward(numbers: list[int], step: int) -> None:
    head = ".".join(str(n) for n in numbers)
    raised = ".".join(str(n) for n in [*numbers[:-1], numbers[-1] + step + 1])
    assert compare_releases((head, ""), (raised, "")) == 1
