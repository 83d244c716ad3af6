"""Base models: timestamps, and the vendor-owned base that carries the one scoping rule."""

from typing import ClassVar, Self

from django.db import models
from django.db.models import Q

from core.roles import ScopedUser


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VendorScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a vendor, reachable through ``model.vendor_lookup``."""

    def visible_to(self, user: ScopedUser | None) -> Self:
        """Rows ``user`` may see: all for hospital users; for a vendor user only rows of their
        own vendor that are meant for vendors (``model.vendor_visible_q``); nothing otherwise."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hospital_user:
            return self
        if not user.is_vendor_user or user.vendor_id is None:
            return self.none()
        own_vendor = Q(**{self.model.vendor_lookup: user.vendor_id})
        return self.filter(own_vendor & self.model.vendor_visible_q())


class HospitalOnlyQuerySet(models.QuerySet):
    """Rows no vendor user may ever see (e.g. the email outbox): hospital users see all."""

    def visible_to(self, user: ScopedUser | None) -> Self:
        if user is None or not user.is_authenticated or not user.is_active or not user.is_hospital_user:
            return self.none()
        return self


class SharedQuerySet(models.QuerySet):
    """Reference rows every signed-in user may read (e.g. business calendars an SLA runs on)."""

    def visible_to(self, user: ScopedUser | None) -> Self:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self


class VendorOwnedModel(TimeStampedModel):
    """Base for every row that belongs to a vendor.

    Subclasses declare the ``vendor`` foreign key themselves (or, for rows owned through a
    parent, set ``vendor_lookup`` to the join path, e.g. ``"ticket__vendor"``), and override
    ``vendor_visible_q`` when some rows must never reach vendor users (internal notes, drafts).
    """

    vendor_lookup: ClassVar[str] = "vendor"

    objects = VendorScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q()


def is_vendor_scoped(model: type[models.Model]) -> bool:
    """Whether the model's rows can be read through ``visible_to`` (the one scoping rule)."""
    return hasattr(model._default_manager.get_queryset(), "visible_to")
