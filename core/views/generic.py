"""Generic hospital-UI views: a CRUD screen is a declaration of model, filterset, table and form.

Each view reads through ``visible_to`` (``ScopedQuerysetMixin``), so another vendor's object is
a 404 and a list never shows a foreign row. Who may write is the role matrix's
(``core.permissions``): a writing view declares the action it takes (``permission_action``), a
list or detail page the action that changes its rows (``manage_action``), and offers the add,
edit and delete buttons only to the roles that may take it.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.text import capfirst
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import LazyPaginator, SingleTableMixin

from core.exports import csv_response
from core.forms import add_service_errors
from core.permissions import can
from core.selectors import object_history
from core.urls_helpers import model_url, optional_model_url
from core.views.mixins import HospitalUserRequiredMixin, RequiredPermissionActionMixin, ScopedQuerysetMixin
from core.views.sticky import StickyFiltersMixin


class FilteredTableView(ScopedQuerysetMixin, StickyFiltersMixin, SingleTableMixin, FilterView):
    """A scoped, sortable, filterable, paginated table with CSV export (``?export=csv``).
    The audience (hospital UI or vendor portal) comes from the mixin in front of it."""

    # django-tables2 paginates the table; the list view itself must not paginate (and count) again.
    table_pagination = {"per_page": 25}
    paginate_by = None
    export_filename: str = "export"
    # For tables of millions of rows: no COUNT(*), pages known only as far as they are read.
    lazy_pagination: bool = False

    def get_table_pagination(self, table: Any) -> dict[str, Any]:
        pagination = super().get_table_pagination(table)
        if self.lazy_pagination and pagination:
            pagination = {**pagination, "paginator_class": LazyPaginator}
            table.lazy_pages = True
        return pagination

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def export_csv(self) -> HttpResponse:
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        table = self.get_table_class()(queryset, order_by=self.request.GET.get("sort"))
        return csv_response(table, filename=self.export_filename)


class ObjectListView(HospitalUserRequiredMixin, FilteredTableView):
    template_name = "core/object_list.html"
    add_label: str = ""
    manage_action: str = ""  # the matrix action that adds rows here: the "Add" button is for its roles

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        model = self.get_queryset().model
        context["model_verbose_name"] = model._meta.verbose_name
        context["model_verbose_name_plural"] = model._meta.verbose_name_plural
        context["can_add"] = bool(self.manage_action) and can(self.request.user, self.manage_action)
        context["add_url"] = optional_model_url(model, "add")
        context["add_label"] = self.add_label or f"Add {model._meta.verbose_name}"
        return context


class ObjectDetailView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    """One object, its related objects (``get_related``), the edit and delete buttons for the
    roles that may take ``manage_action``, and its change history for those who may read it."""

    manage_action: str = ""

    def get_related(self) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.get_related())
        user = self.request.user
        context["can_change"] = bool(self.manage_action) and can(user, self.manage_action)
        context["edit_url"] = optional_model_url(self.object, "edit", pk=self.object.pk)
        context["delete_url"] = optional_model_url(self.object, "delete", pk=self.object.pk)
        if can(user, "history.read"):
            context["history"] = object_history(self.object)
        return context


class ObjectFormMixin(RequiredPermissionActionMixin, HospitalUserRequiredMixin, ScopedQuerysetMixin):
    """Shared by create and update, for the roles that may take ``permission_action``: scoped
    form choices, the save in one transaction (through ``save_form``, which views with business
    rules point at a service; its ValidationErrors shown at the fields they name), a success
    message (``success_message``, formatted with the saved ``object``)."""

    template_name = "core/object_form.html"
    request: HttpRequest
    is_create: bool
    title: str = ""
    submit_label: str = ""
    success_message: str = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def save_form(self, form: Any) -> Model:
        return form.save()

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                self.object = self.save_form(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]

    def get_success_message(self) -> str:
        if self.success_message:
            return self.success_message.format(object=self.object)
        verb = "created" if self.is_create else "saved"
        return f"{capfirst(self.object._meta.verbose_name)} “{self.object}” {verb}."

    def get_cancel_url(self) -> str:
        if self.object:
            return self.object.get_absolute_url()
        return model_url(self.get_queryset().model, "list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        model = self.get_queryset().model
        context["model_verbose_name"] = model._meta.verbose_name
        context["is_create"] = self.is_create
        if self.is_create:
            context["title"] = self.title or f"Add {model._meta.verbose_name}"
        else:
            context["title"] = self.title or f"Edit {model._meta.verbose_name} “{self.object}”"
        context["submit_label"] = self.submit_label or ("Create" if self.is_create else "Save")
        context["cancel_url"] = self.get_cancel_url()
        return context


class ObjectCreateView(ObjectFormMixin, CreateView):
    is_create = True

    def get_initial(self) -> dict[str, Any]:
        # "Add contact" from a vendor page arrives with ?vendor=<id>; the scoped form
        # choices still decide whether that id is acceptable.
        initial = super().get_initial()
        form_fields = self.get_form_class().base_fields
        initial.update({key: value for key, value in self.request.GET.items() if key in form_fields})
        return initial


class ObjectUpdateView(ObjectFormMixin, UpdateView):
    is_create = False


class ObjectDeleteView(RequiredPermissionActionMixin, HospitalUserRequiredMixin, ScopedQuerysetMixin, DeleteView):
    """Delete after confirmation, for the roles that may take ``permission_action``; objects that
    other records still need are kept, with the reason."""

    template_name = "core/object_confirm_delete.html"

    def get_success_url(self) -> str:
        return model_url(self.object, "list")

    def delete_object(self, obj: Model) -> None:
        obj.delete()

    def form_valid(self, form: Any) -> HttpResponse:
        obj: Model = self.object
        label = f"{capfirst(obj._meta.verbose_name)} “{obj}”"
        try:
            with transaction.atomic():
                self.delete_object(obj)
        except ProtectedError as error:
            blockers = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
            messages.error(
                self.request,
                f"{label} cannot be deleted while it still has {', '.join(blockers)}. "
                "Remove those first, or mark it inactive instead.",
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(self.request, f"{label} deleted.")
        return HttpResponseRedirect(self.get_success_url())
