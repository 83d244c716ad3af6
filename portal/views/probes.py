"""The vendor's own PACS probes in the portal: what we measure of their systems, read-only. The
configuration is shown without the REST credentials; the host is theirs to know."""

from typing import Any

from django.views.generic import DetailView

from core.views.mixins import ScopedQuerysetMixin
from kpis.filters.probes import ProbeFilterSet
from kpis.pages.probes import probe_context
from kpis.selectors.probes import probe_list
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalProbeTable


class PortalProbeListView(PortalListView):
    queryset = probe_list()
    filterset_class = ProbeFilterSet
    table_class = PortalProbeTable
    template_name = "portal/probe_list.html"
    title = "PACS probes"
    export_filename = "probes"


class PortalProbeDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = probe_list()
    template_name = "portal/probe_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(probe_context(self.object))
        return context
