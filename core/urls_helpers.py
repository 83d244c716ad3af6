"""URL conventions shared by the generic views: ``<app_label>:<model_name>_<action>``."""

from typing import Any

from django.db.models import Model
from django.urls import NoReverseMatch, URLPattern, path, reverse

from core.views.lazy import lazy_view


def model_url_name(model: type[Model] | Model, action: str) -> str:
    meta = model._meta
    return f"{meta.app_label}:{meta.model_name}_{action}"


def model_url(model: type[Model] | Model, action: str, **kwargs: Any) -> str:
    return reverse(model_url_name(model, action), kwargs=kwargs or None)


def optional_model_url(model: type[Model] | Model, action: str, **kwargs: Any) -> str | None:
    """The URL of an action the model may not offer (e.g. users are deactivated, not deleted)."""
    try:
        return model_url(model, action, **kwargs)
    except NoReverseMatch:
        return None


def crud_paths(
    route: str,
    model_name: str,
    *,
    list_view: str,
    detail_view: str,
    create_view: str,
    update_view: str,
    delete_view: str,
) -> list[URLPattern]:
    """The five standard pages of a model: list, add, detail, edit, delete (views named by dotted
    path, imported when first requested: ``core.views.lazy``)."""
    return [
        path(f"{route}/", lazy_view(list_view), name=f"{model_name}_list"),
        path(f"{route}/add/", lazy_view(create_view), name=f"{model_name}_add"),
        path(f"{route}/<int:pk>/", lazy_view(detail_view), name=f"{model_name}_detail"),
        path(f"{route}/<int:pk>/edit/", lazy_view(update_view), name=f"{model_name}_edit"),
        path(f"{route}/<int:pk>/delete/", lazy_view(delete_view), name=f"{model_name}_delete"),
    ]
