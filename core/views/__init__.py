from core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.views.mixins import (
    HospitalAdminRequiredMixin,
    HospitalUserRequiredMixin,
    ScopedQuerysetMixin,
    protected_file_response,
)

__all__ = [
    "HospitalAdminRequiredMixin",
    "HospitalUserRequiredMixin",
    "ObjectCreateView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectListView",
    "ObjectUpdateView",
    "ScopedQuerysetMixin",
    "protected_file_response",
]
