"""The API's query-parameter contract: a GET takes only the parameters it documents (its filters,
its ordering, its pagination, ``format``, and what an action declares), and answers 400 naming any
other, rather than ignoring it and answering something the client did not ask for (``?page=2`` on
a list paged by cursor used to return the first page)."""

from typing import Any

from django import forms
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings


def _widget_names(name: str, widget: forms.Widget) -> list[str]:
    """The query parameters a filter's widget reads: one, or one per part of a range."""
    if hasattr(widget, "suffixes"):  # django-filter's ranges: name_min, name_max, ...
        return [widget.suffixed(name, suffix) for suffix in widget.suffixes]
    if isinstance(widget, forms.MultiWidget):
        return [name + suffix for suffix in widget.widgets_names]
    return [name]


def _filter_backend_parameters(backend_class: type, view: Any) -> set[str]:
    backend = backend_class()
    if not hasattr(backend, "get_filterset_class"):  # DRF's own backends describe their parameters
        return {parameter["name"] for parameter in backend.get_schema_operation_parameters(view)}
    filterset_class = backend.get_filterset_class(view, view.get_queryset())
    if filterset_class is None:
        return set()
    names = set()
    for name, declared in filterset_class.base_filters.items():
        # Not ``declared.field``: it would build and cache the class's field, choices unscoped.
        widget = declared.extra.get("widget") or declared.field_class.widget
        names.update(_widget_names(name, widget() if isinstance(widget, type) else widget))
    return names


def _paginates(view: Any) -> bool:
    """Whether this request's answer is paged: the list, and extra actions given a paginator."""
    if getattr(view, "action", None) == "list":
        return True
    handler = getattr(view, view.action, None) if getattr(view, "action", None) else None
    return "pagination_class" in getattr(handler, "kwargs", {})


def known_query_parameters(view: Any) -> set[str]:
    """Every query parameter this GET understands."""
    known = {api_settings.URL_FORMAT_OVERRIDE} | set(getattr(view, "query_parameters", ()))
    if hasattr(view, "get_queryset"):
        for backend in getattr(view, "filter_backends", ()):
            known |= _filter_backend_parameters(backend, view)
    paginator = getattr(view, "paginator", None)
    if paginator is not None and _paginates(view):
        known |= {parameter["name"] for parameter in paginator.get_schema_operation_parameters(view)}
    return known - {None}


def reject_unknown_query_parameters(view: Any, request: Request) -> None:
    """400 with one message per unknown parameter, listing what the request may use instead."""
    known = known_query_parameters(view)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known))
        raise ValidationError({name: [f"Unknown query parameter. This request takes: {takes}."] for name in unknown})


class QueryParameterContract:
    """For API views: every GET and HEAD refuses query parameters it does not take. A view or an
    extra action lists the parameters of its own in ``query_parameters``
    (``@action(..., query_parameters=("month",))``)."""

    query_parameters: tuple[str, ...] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # authenticated and permitted first
        if request.method in ("GET", "HEAD"):
            reject_unknown_query_parameters(self, request)
