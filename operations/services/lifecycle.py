"""Writes on a component's lifecycle: its facts (hardware, dates, the replacement plan), its
version changes and the security bulletins the vendor releases for it.

Rules enforced here, for the hospital pages, the portal and the API alike:

- the software version and patch level change only through a recorded version change, dated
  neither in the future nor before the component's latest change;
- a change to an older release (``operations.versions``) must be recorded as a rollback, and a
  rollback must go to an older release: anything else is refused and nothing is written;
- reaching a bulletin's fixed-in version applies it on the day of the change; rolling back below
  it makes it open again;
- a bulletin is applied on a day between its release and today, once.

Changes of one component are serialised by locking its lifecycle row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import require
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.versions import compare_releases, is_at_least
from vendors.models import Component

Kind = VersionChange.Kind


def lifecycle_of(component: Component) -> ComponentLifecycle:
    """The component's lifecycle row, or a new unsaved one when nothing is recorded yet."""
    try:
        return component.lifecycle
    except ComponentLifecycle.DoesNotExist:
        return ComponentLifecycle(component=component)


def lifecycle_save(*, lifecycle: ComponentLifecycle, by: User) -> ComponentLifecycle:
    """Store the lifecycle facts (not the version: ``version_change_record`` changes that)."""
    require(by, "lifecycle.manage", lifecycle)
    lifecycle.full_clean()
    update_fields = None
    if not lifecycle._state.adding:
        version_fields = {"software_version", "patch_level", "component"}
        update_fields = [f.name for f in ComponentLifecycle._meta.concrete_fields if f.name not in version_fields]
    lifecycle.save(update_fields=update_fields)
    return lifecycle


def _locked_lifecycle(component: Component) -> ComponentLifecycle:
    ComponentLifecycle.objects.get_or_create(component=component)
    return ComponentLifecycle.objects.select_for_update().get(component=component)


def _check_date(component: Component, changed_on: datetime.date, today: datetime.date) -> None:
    if changed_on not in limits.DATES:
        raise ValidationError({"changed_on": f"The date must be {limits.DATES}."})
    if changed_on > today:
        raise ValidationError({"changed_on": "A version change is recorded once it has happened: not in the future."})
    latest = VersionChange.objects.filter(component=component).order_by("-changed_on", "-id").first()
    if latest is not None and changed_on < latest.changed_on:
        raise ValidationError(
            {"changed_on": f"The latest recorded change is of {latest.changed_on:%Y-%m-%d}: record changes in order."}
        )


def _check_direction(lifecycle: ComponentLifecycle, to: tuple[str, str], kind: str) -> None:
    current = (lifecycle.software_version, lifecycle.patch_level)
    if not lifecycle.software_version:
        if kind == Kind.ROLLBACK:
            raise ValidationError({"kind": "No version is recorded yet: there is nothing to roll back from."})
        return
    direction = compare_releases(current, to)
    shown = " ".join(part for part in current if part)
    if direction == 0:
        raise ValidationError({"to_version": f"The component already runs {shown}."})
    if direction < 0 and kind != Kind.ROLLBACK:
        raise ValidationError(
            {
                "kind": f"{' '.join(p for p in to if p)} is older than {shown}: going backwards is a rollback; "
                "record it as one, with what made you roll back."
            }
        )
    if direction > 0 and kind == Kind.ROLLBACK:
        raise ValidationError({"kind": f"A rollback goes to an older release than {shown}."})
    if kind == Kind.INITIAL:
        raise ValidationError({"kind": "The first recorded version is only for a component without one."})


def _settle_bulletins(component: Component, version: str, patch_level: str, changed_on: datetime.date) -> None:
    for bulletin in SecurityBulletin.objects.filter(component=component).exclude(fixed_in_version=""):
        fixed = is_at_least(version, patch_level, bulletin.fixed_in_version)
        if fixed and bulletin.applied_on is None:
            bulletin.applied_on = max(changed_on, bulletin.released_on)
            bulletin.applied_by = None
            bulletin.save(update_fields=["applied_on", "applied_by", "updated_at"])
        elif not fixed and bulletin.applied_on is not None:
            bulletin.applied_on = None
            bulletin.applied_by = None
            bulletin.save(update_fields=["applied_on", "applied_by", "updated_at"])


@transaction.atomic
def version_change_record(
    *,
    component: Component,
    to_version: str,
    to_patch_level: str = "",
    changed_on: datetime.date,
    kind: str,
    note: str = "",
    by: User,
) -> VersionChange:
    """Record that the component now runs ``to_version`` (``to_patch_level``) since ``changed_on``,
    and settle its bulletins against the new release."""
    require(by, "lifecycle.record_version", component)
    to_version, to_patch_level = to_version.strip(), to_patch_level.strip()
    if not to_version:
        raise ValidationError({"to_version": "Say which version the component runs now."})
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose upgrade, patch, rollback or first recorded version."})
    if kind == Kind.ROLLBACK and not note.strip():
        raise ValidationError({"note": "Say why the component was rolled back."})
    limits.check_length("note", note, limits.NOTE_LENGTH)
    lifecycle = _locked_lifecycle(component)
    _check_date(component, changed_on, timezone.localdate())
    _check_direction(lifecycle, (to_version, to_patch_level), kind)
    change = VersionChange(
        component=component,
        changed_on=changed_on,
        kind=kind,
        from_version=lifecycle.software_version,
        from_patch_level=lifecycle.patch_level,
        to_version=to_version,
        to_patch_level=to_patch_level,
        note=note,
        recorded_by=by,
    )
    change.full_clean()
    change.save()
    lifecycle.software_version, lifecycle.patch_level = to_version, to_patch_level
    lifecycle.save(update_fields=["software_version", "patch_level", "updated_at"])
    _settle_bulletins(component, to_version, to_patch_level, changed_on)
    return change


def bulletin_save(*, bulletin: SecurityBulletin, by: User) -> SecurityBulletin:
    """Publish or correct a bulletin. One whose fix the component already runs is applied on
    its release day."""
    require(by, "bulletin.publish", bulletin)
    if bulletin.released_on and bulletin.released_on > timezone.localdate():
        raise ValidationError({"released_on": "A bulletin is recorded once released: the date is in the future."})
    lifecycle = lifecycle_of(bulletin.component)
    if (
        bulletin.applied_on is None
        and bulletin.fixed_in_version
        and lifecycle.software_version
        and is_at_least(lifecycle.software_version, lifecycle.patch_level, bulletin.fixed_in_version)
    ):
        bulletin.applied_on = bulletin.released_on
    bulletin.full_clean()
    bulletin.save()
    return bulletin


def bulletin_mark_applied(*, bulletin: SecurityBulletin, applied_on: datetime.date, by: User) -> SecurityBulletin:
    """Record that the bulletin's fix was applied on ``applied_on``."""
    require(by, "bulletin.apply", bulletin)
    if bulletin.applied_on is not None:
        raise ValidationError({"applied_on": f"This bulletin was applied on {bulletin.applied_on:%Y-%m-%d}."})
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": "The date is in the future."})
    if applied_on < bulletin.released_on:
        raise ValidationError(
            {"applied_on": f"The bulletin was released on {bulletin.released_on:%Y-%m-%d}: not applied before that."}
        )
    bulletin.applied_on = applied_on
    bulletin.applied_by = by
    bulletin.save(update_fields=["applied_on", "applied_by", "updated_at"])
    return bulletin
