"""The shared mechanisms in ``core``, tested on the vendors models that use them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from accounts.tests.factories import UserFactory, VendorUserFactory
from core.api.exceptions import exception_handler
from core.db import subquery_count
from core.exports import FORMULA_PREFIXES, csv_cell
from core.widgets import FastSelect
from vendors.models import Component, Contact, Vendor
from vendors.tests.factories import ContactFactory, VendorFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+49 30", "'+49 30"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("plain", "plain"),
        (5, "5"),
        (Decimal("-2.5"), "-2.5"),  # numbers stay numbers
        (None, ""),
    ],
)
def test_csv_cells_cannot_become_formulas(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


@given(st.text())
def test_no_exported_text_cell_starts_a_formula_and_nothing_is_lost(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_PREFIXES)
    assert cell in (text, "'" + text)


def test_fast_select_marks_the_chosen_option_and_escapes_labels() -> None:
    widget = FastSelect(choices=[("", "Any"), (1, "A & B"), (2, "<b>C</b>")])
    html = widget.render("vendor", 2, attrs={"class": "form-select"})
    assert html.startswith('<select class="form-select" name="vendor">')
    assert '<option value="2" selected>&lt;b&gt;C&lt;/b&gt;</option>' in html
    assert '<option value="1">A &amp; B</option>' in html


@pytest.mark.django_db
def test_visible_to_by_role() -> None:
    own, other = VendorFactory(), VendorFactory()
    ContactFactory(vendor=own, name="mine")
    ContactFactory(vendor=other, name="theirs")
    vendor_user = VendorUserFactory(vendor=own)
    assert [c.name for c in Contact.objects.visible_to(vendor_user)] == ["mine"]
    assert Contact.objects.visible_to(UserFactory()).count() == 2
    assert Contact.objects.visible_to(UserFactory(is_active=False)).count() == 0
    assert Vendor.objects.visible_to(vendor_user).get() == own


@pytest.mark.django_db
def test_subquery_count_counts_per_row_without_multiplying() -> None:
    vendor = VendorFactory()
    ContactFactory.create_batch(3, vendor=vendor)
    VendorFactory()
    counts = dict(
        Vendor.objects.annotate(n=subquery_count(Contact.objects.all(), parent_field="vendor")).values_list("pk", "n")
    )
    assert sorted(counts.values()) == [0, 3]


@pytest.mark.django_db
def test_audit_trail_records_ui_changes_with_the_actor(admin_client: Client, admin_user: User) -> None:
    from auditlog.models import LogEntry

    vendor = VendorFactory(name="Meridian", support_phone="+49 1")
    admin_client.post(f"/vendors/{vendor.pk}/edit/", {"name": "Meridian", "kind": "pacs", "support_phone": "+49 2"})
    entry = LogEntry.objects.get_for_object(vendor).latest("timestamp")
    assert entry.actor == admin_user
    assert entry.changes_dict["support_phone"] == ["+49 1", "+49 2"]
    assert "updated_at" not in entry.changes_dict


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("15m", 15),
        ("4h", 240),
        ("1h30m", 90),
        ("30h", 1800),
        ("0:15", 15),
        ("04:00:00", 240),
        ("1 06:00:00", 1800),
        ("P1DT6H", 1800),
        ("15 min", 15),
    ],
)
def test_durations_as_people_write_them(text: str, minutes: int) -> None:
    from core.durations import parse_duration

    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "soon", "4x", "h", "1:75", "2d"])
def test_unreadable_durations_are_none(text: str) -> None:
    from core.durations import parse_duration

    assert parse_duration(text) is None


@given(st.integers(1, 60 * 24 * 30))
def test_formatted_durations_read_back(minutes: int) -> None:
    from core.durations import format_duration, parse_duration

    value = dt.timedelta(minutes=minutes)
    assert parse_duration(format_duration(value)) == value


def test_model_choice_filters_offer_only_what_the_user_may_see(vendor, other_vendor, vendor_user) -> None:
    import django_filters
    from django.test import RequestFactory

    from core.filters import SearchFilterSet
    from vendors.tests.factories import ComponentFactory

    class ComponentFilter(SearchFilterSet):
        component = django_filters.ModelChoiceFilter(queryset=Component.objects.all())

        class Meta:
            model = Component
            fields = ["component"]

    own = ComponentFactory(vendor=vendor)
    foreign = ComponentFactory(vendor=other_vendor)
    request = RequestFactory().get("/")
    request.user = vendor_user
    offered = set(ComponentFilter(request=request).form.fields["component"].queryset)
    assert own in offered
    assert foreign not in offered


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (DjangoValidationError({"ended_at": "Give the end."}), {"ended_at": ["Give the end."]}),
        (
            DjangoValidationError("A closed incident cannot be closed."),
            {"non_field_errors": ["A closed incident cannot be closed."]},
        ),
    ],
)
def test_a_services_validation_error_is_a_400_with_messages_per_field(error: DjangoValidationError, body: dict) -> None:
    response = exception_handler(error, {})
    assert (response.status_code, response.data) == (400, body)


def test_other_errors_keep_drfs_answers() -> None:
    assert exception_handler(Http404(), {}).status_code == 404
    assert exception_handler(RuntimeError("bug"), {}) is None  # a 500, as DRF leaves it
