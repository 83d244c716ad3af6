"""Writes on a component's lifecycle (operations.services.lifecycle): version changes in order,
rollbacks said as such, bulletins applied by reaching their fix, refused writes storing nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.services.lifecycle import (
    bulletin_mark_applied,
    bulletin_save,
    lifecycle_of,
    lifecycle_save,
    version_change_record,
)
from operations.tests.factories import bulletin_for, lifecycle_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db
Kind = VersionChange.Kind


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def admin():
    return HospitalAdminFactory()


@pytest.fixture
def component():
    return ComponentFactory(name="Enterprise Archive")


def record(component, admin, to_version, *, days=0, kind=Kind.UPGRADE, patch="", note="", by=None):
    return version_change_record(
        component=component,
        to_version=to_version,
        to_patch_level=patch,
        changed_on=days_ago(days),
        kind=kind,
        note=note,
        by=by or admin,
    )


def test_the_first_version_then_an_upgrade_keep_the_history(component, admin) -> None:
    record(component, admin, "7.1", days=400, kind=Kind.INITIAL)
    change = record(component, admin, "7.2", days=20, patch="SP1", note="Plan UP-12")
    lifecycle = ComponentLifecycle.objects.get(component=component)
    assert (lifecycle.software_version, lifecycle.patch_level) == ("7.2", "SP1")
    assert (change.from_version, change.to_version, change.to_patch_level) == ("7.1", "7.2", "SP1")
    assert change.recorded_by == admin
    history = list(VersionChange.objects.filter(component=component).values_list("to_version", "changed_on"))
    assert history == [("7.2", days_ago(20)), ("7.1", days_ago(400))]


def test_a_version_going_backwards_without_a_rollback_is_refused_and_nothing_is_written(component, admin) -> None:
    record(component, admin, "7.3", days=30, kind=Kind.INITIAL)
    with pytest.raises(ValidationError) as refused:
        record(component, admin, "7.2", days=1)
    assert "going backwards is a rollback" in str(refused.value.message_dict["kind"])
    assert VersionChange.objects.filter(component=component).count() == 1
    assert ComponentLifecycle.objects.get(component=component).software_version == "7.3"


def test_a_rollback_needs_a_reason_and_an_older_release(component, admin) -> None:
    record(component, admin, "7.3", days=30, kind=Kind.INITIAL)
    with pytest.raises(ValidationError) as no_reason:
        record(component, admin, "7.2", days=1, kind=Kind.ROLLBACK)
    assert "note" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as forward:
        record(component, admin, "7.4", days=1, kind=Kind.ROLLBACK, note="Failed go-live")
    assert "older release" in str(forward.value.message_dict["kind"])
    change = record(component, admin, "7.2", days=1, kind=Kind.ROLLBACK, note="Worklist froze after go-live")
    assert change.kind == Kind.ROLLBACK
    assert ComponentLifecycle.objects.get(component=component).software_version == "7.2"


def test_the_same_release_again_is_refused(component, admin) -> None:
    record(component, admin, "7.3", days=30, kind=Kind.INITIAL)
    with pytest.raises(ValidationError) as refused:
        record(component, admin, "7.3", days=1)
    assert "already runs 7.3" in str(refused.value)


def test_changes_are_recorded_in_order_and_never_in_the_future(component, admin) -> None:
    record(component, admin, "7.1", days=10, kind=Kind.INITIAL)
    with pytest.raises(ValidationError) as earlier:
        record(component, admin, "7.2", days=11)
    assert "record changes in order" in str(earlier.value)
    with pytest.raises(ValidationError) as future:
        record(component, admin, "7.2", days=-1)
    assert "future" in str(future.value)
    assert VersionChange.objects.filter(component=component).count() == 1


def test_reaching_a_fixed_version_applies_its_bulletins_and_a_rollback_reopens_them(component, admin) -> None:
    record(component, admin, "7.2", days=60, kind=Kind.INITIAL)
    fixed_in_73 = bulletin_for(component, reference="SB-1", fixed_in_version="7.3", released_on=days_ago(40))
    fixed_in_74 = bulletin_for(component, reference="SB-2", fixed_in_version="7.4", released_on=days_ago(40))
    record(component, admin, "7.3", days=5)
    fixed_in_73.refresh_from_db()
    fixed_in_74.refresh_from_db()
    assert fixed_in_73.applied_on == days_ago(5)
    assert fixed_in_74.applied_on is None
    record(component, admin, "7.2", days=2, kind=Kind.ROLLBACK, note="Viewer crashes")
    fixed_in_73.refresh_from_db()
    assert fixed_in_73.applied_on is None


def test_a_vendor_user_records_only_their_own_vendors_versions(component) -> None:
    own = VendorUserFactory(vendor=component.vendor)
    other = VendorUserFactory()
    record(component, None, "1.0", kind=Kind.INITIAL, by=own)
    with pytest.raises(PermissionDenied):
        record(component, None, "1.1", by=other)
    with pytest.raises(PermissionDenied):
        record(component, None, "1.1", by=UserFactory())  # hospital staff read, never write
    assert ComponentLifecycle.objects.get(component=component).software_version == "1.0"


def test_a_bulletin_already_fixed_by_the_running_version_is_applied_on_its_release(component, admin) -> None:
    lifecycle_for(component, software_version="7.4")
    bulletin = SecurityBulletin(
        component=component,
        reference="SB-9",
        title="TLS",
        severity="high",
        released_on=days_ago(3),
        fixed_in_version="7.3",
    )
    bulletin_save(bulletin=bulletin, by=admin)
    assert SecurityBulletin.objects.get(pk=bulletin.pk).applied_on == days_ago(3)


def test_a_bulletin_is_applied_once_between_its_release_and_today(component, admin) -> None:
    bulletin = bulletin_for(component, released_on=days_ago(10), fixed_in_version="")
    with pytest.raises(ValidationError):
        bulletin_mark_applied(bulletin=bulletin, applied_on=days_ago(11), by=admin)
    with pytest.raises(ValidationError):
        bulletin_mark_applied(bulletin=bulletin, applied_on=days_ago(-1), by=admin)
    bulletin_mark_applied(bulletin=bulletin, applied_on=days_ago(4), by=admin)
    stored = SecurityBulletin.objects.get(pk=bulletin.pk)
    assert (stored.applied_on, stored.applied_by) == (days_ago(4), admin)
    with pytest.raises(ValidationError):
        bulletin_mark_applied(bulletin=stored, applied_on=days_ago(1), by=admin)


def test_lifecycle_facts_never_change_the_version(component, admin) -> None:
    record(component, admin, "7.2", days=5, kind=Kind.INITIAL)
    lifecycle = lifecycle_of(component)
    lifecycle.software_version = "9.9"  # a form never offers it; even so the service keeps it
    lifecycle.hardware_model = "Dell R760"
    lifecycle.support_ends_on = days_ago(-300)
    lifecycle_save(lifecycle=lifecycle, by=admin)
    stored = ComponentLifecycle.objects.get(component=component)
    assert (stored.software_version, stored.hardware_model) == ("7.2", "Dell R760")


def test_end_of_life_before_end_of_support_is_refused(component, admin) -> None:
    lifecycle = lifecycle_of(component)
    lifecycle.support_ends_on = days_ago(-300)
    lifecycle.end_of_life_on = days_ago(-200)
    with pytest.raises(ValidationError) as refused:
        lifecycle_save(lifecycle=lifecycle, by=admin)
    assert "end of life cannot come before" in str(refused.value)
    assert not ComponentLifecycle.objects.filter(component=component).exists()
