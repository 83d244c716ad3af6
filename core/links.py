"""Where a user sees an object: the one way a lower app links to a page it does not own.

Hospital users see an object on its own page (``get_absolute_url``, in the object's app). Vendor
users see it in the vendor portal, which sits above every other app: the portal registers its
pages here in ``PortalConfig.ready()``. Code in a lower app that links to an object for an
audience it does not serve itself (a mail to vendor users, the calendar feed, a page shared with
the portal, a link to a higher app's object) asks ``object_url`` or the ``{% object_url %}``
template tag instead of naming the portal's URLs. The same inversion as ``slas.credit_sources``.
"""

from enum import StrEnum

from django.apps import apps
from django.db.models import Model
from django.urls import reverse

from core.roles import AnyUser, is_vendor_user
from core.urls_helpers import model_url


class Audience(StrEnum):
    HOSPITAL = "hospital"
    VENDOR = "vendor"


# "app_label.modelname" -> the name of the URL (taking the object's ``pk``) of the vendor's page.
_vendor_pages: dict[str, str] = {}


def _label(model: type[Model] | Model | str) -> str:
    if isinstance(model, str):
        return apps.get_model(model)._meta.label_lower
    return model._meta.label_lower


def register_vendor_page(model: type[Model] | str, url_name: str) -> None:
    """Declare the page (a URL name taking ``pk``) where vendor users see objects of ``model``."""
    _vendor_pages[_label(model)] = url_name


def audience_of(user: AnyUser) -> Audience:
    return Audience.VENDOR if is_vendor_user(user) else Audience.HOSPITAL


def object_url(model: type[Model] | Model | str, pk: int | None = None, *, audience: Audience) -> str:
    """The path of the page where ``audience`` sees the object: an instance, or a model (class or
    ``"app_label.Model"``) and a primary key. Vendor users get the page registered for them (a
    ``LookupError`` if the portal registered none: a vendor user must never be sent to a hospital
    page); everyone else the object's own ``get_absolute_url``."""
    if pk is None:
        if not isinstance(model, Model):
            raise TypeError("object_url needs an instance, or a model and a primary key.")
        pk = model.pk
    if audience == Audience.VENDOR:
        label = _label(model)
        try:
            url_name = _vendor_pages[label]
        except KeyError:
            raise LookupError(f"No vendor page is registered for {label}.") from None
        return reverse(url_name, kwargs={"pk": pk})
    if isinstance(model, Model):
        return model.get_absolute_url()
    # The hospital page by the URL convention the generic views follow (``slas:incident_detail``).
    return model_url(apps.get_model(model) if isinstance(model, str) else model, "detail", pk=pk)
