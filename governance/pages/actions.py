"""The action register's page, shared by the hospital UI and the portal: the filters, the table
(or its CSV), in the few queries of one union whatever the number of sources."""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_tables2 import LazyPaginator

from core.exports import csv_response
from core.links import audience_of
from governance.filters.actions import ActionRegisterFilterForm
from governance.selectors.actions import action_register
from governance.tables.actions import ActionRegisterTable

PER_PAGE = 25


def _page_number(request: HttpRequest) -> int:
    page = request.GET.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


def register_page(request: HttpRequest, *, exclude: tuple[str, ...] = ()) -> dict[str, Any] | HttpResponseBase:
    """The register's context for ``request`` (its filters in the query string), or the CSV
    download when ``?export=csv``. Invalid filters show the form's errors and no rows."""
    user = request.user
    form = ActionRegisterFilterForm(request.GET or None, user=user)
    exporting = request.GET.get("export") == "csv"
    sort = request.GET.get("sort", "")
    if form.is_bound and not form.is_valid():
        rows: Any = []
    else:
        if not form.is_bound:
            form = ActionRegisterFilterForm({}, user=user)
            form.is_valid()
        # A page reads its rows and one more (to know whether a next page exists).
        first_rows = None if exporting else _page_number(request) * PER_PAGE + 1
        rows = action_register(form.query(), source=form.chosen_source, sort=sort, first_rows=first_rows)
    # The order is the selector's (``sort`` pushed into every source): the table does not sort again.
    table = ActionRegisterTable(rows, audience=audience_of(user), exclude=exclude, order_by=None)
    table.show_order(sort)
    table.lazy_pages = True  # core/table.html: "Page n", no total
    if exporting:
        return csv_response(table, filename="actions")
    # No COUNT over the union of every source: pages are known as far as they are read.
    table.paginate(paginator_class=LazyPaginator, per_page=PER_PAGE, page=_page_number(request))
    return {"table": table, "filter_form": form}
