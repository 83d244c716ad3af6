"""The action register's page, shared by the hospital UI and the portal: the filters, the table
(or its CSV), in the few queries of one union whatever the number of sources."""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_tables2 import LazyPaginator, RequestConfig

from core.exports import csv_response
from core.links import audience_of
from governance.filters.actions import ActionRegisterFilterForm
from governance.selectors.actions import action_register
from governance.tables.actions import ActionRegisterTable


def register_page(request: HttpRequest, *, exclude: tuple[str, ...] = ()) -> dict[str, Any] | HttpResponseBase:
    """The register's context for ``request`` (its filters in the query string), or the CSV
    download when ``?export=csv``. Invalid filters show the form's errors and no rows."""
    user = request.user
    form = ActionRegisterFilterForm(request.GET or None, user=user)
    if form.is_bound and not form.is_valid():
        rows: Any = []
    else:
        if not form.is_bound:
            form = ActionRegisterFilterForm({}, user=user)
            form.is_valid()
        rows = action_register(form.query(), source=form.chosen_source)
    table = ActionRegisterTable(rows, audience=audience_of(user), exclude=exclude, orderable=True)
    table.lazy_pages = True  # core/table.html: "Page n", no total
    if request.GET.get("export") == "csv":
        return csv_response(table, filename="actions")
    # No COUNT over the union of every source: pages are known as far as they are read.
    RequestConfig(request, paginate={"per_page": 25, "paginator_class": LazyPaginator}).configure(table)
    return {"table": table, "filter_form": form}
