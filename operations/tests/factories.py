import datetime

from django.utils import timezone

from core.testing.registry import register_test_object
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory


def lifecycle_for(component: Component, **fields: object) -> ComponentLifecycle:
    """A lifecycle row as the demo and the tests need it (the version set directly: tests of the
    version rules go through the service)."""
    return ComponentLifecycle.objects.create(component=component, **fields)


def bulletin_for(component: Component, **fields: object) -> SecurityBulletin:
    defaults = {
        "reference": f"SB-{SecurityBulletin.objects.count() + 1}",
        "title": "Remote code execution in the DICOM listener",
        "severity": SecurityBulletin.Severity.HIGH,
        "released_on": timezone.localdate() - datetime.timedelta(days=10),
        "fixed_in_version": "7.3",
    }
    return SecurityBulletin.objects.create(component=component, **{**defaults, **fields})


@register_test_object(ComponentLifecycle)
def make_lifecycle(*, vendor: Vendor, user: object, marker: str) -> ComponentLifecycle:
    component = ComponentFactory(vendor=vendor, name=f"{marker} lifecycle archive")
    return lifecycle_for(component, software_version="7.2", hardware_model=f"{marker} server")


@register_test_object(SecurityBulletin)
def make_bulletin(*, vendor: Vendor, user: object, marker: str) -> SecurityBulletin:
    component = ComponentFactory(vendor=vendor, name=f"{marker} patched viewer")
    return bulletin_for(component, reference=f"{marker}-SB", title=f"{marker} bulletin")


@register_test_object(VersionChange)
def make_version_change(*, vendor: Vendor, user: object, marker: str) -> VersionChange:
    component = ComponentFactory(vendor=vendor, name=f"{marker} upgraded worklist")
    return VersionChange.objects.create(
        component=component,
        changed_on=timezone.localdate() - datetime.timedelta(days=3),
        kind=VersionChange.Kind.UPGRADE,
        from_version="1.0",
        to_version="1.1",
        note=f"{marker} change",
    )
