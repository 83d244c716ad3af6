"""The declarative permission mechanisms of ``core``: a page's ``permission_action``, the generic
writing views that refuse to run undeclared, the object a URL names (``ScopedUrlObjectMixin``),
and the API's ``ActionPermission`` reading a viewset's declared writes."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.views import View
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.api.permissions import permission_action_of
from core.api.viewsets import ScopedModelViewSet
from core.views.generic import ObjectDeleteView
from core.views.mixins import HospitalUserRequiredMixin, ScopedUrlObjectMixin
from vendors.api.serializers import VendorSerializer
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


class SeverityPage(HospitalUserRequiredMixin, View):
    permission_action = "ticket.change_severity"

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("changed")


class UndeclaredDelete(ObjectDeleteView):
    model = Vendor


class VendorPage(ScopedUrlObjectMixin, View):
    url_object_model = Vendor
    url_object_name = "vendor"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse(self.vendor.name)


class UndeclaredViewSet(ScopedModelViewSet):
    queryset = Vendor.objects.all()
    serializer_class = VendorSerializer


class DeclaredViewSet(UndeclaredViewSet):
    write_action = "vendor.manage"
    permission_actions = {"archive": "contract.manage"}


def _get(user: object, path: str = "/x/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_a_page_declares_its_action_and_refuses_the_roles_without_it() -> None:
    assert SeverityPage.as_view()(_get(HospitalAdminFactory())).content == b"changed"
    with pytest.raises(PermissionDenied, match="change a ticket's severity"):
        SeverityPage.as_view()(_get(UserFactory()))


def test_a_generic_writing_view_without_a_declared_action_is_refused_to_everyone() -> None:
    vendor = VendorFactory()
    with pytest.raises(ImproperlyConfigured, match="declare its permission_action"):
        UndeclaredDelete.as_view()(_get(HospitalAdminFactory()), pk=vendor.pk)
    assert Vendor.objects.filter(pk=vendor.pk).exists()


def test_the_object_a_url_names_is_read_once_through_visible_to() -> None:
    own, other = VendorFactory(name="Own"), VendorFactory(name="Other")
    assert VendorPage.as_view()(_get(UserFactory()), pk=other.pk).content == b"Other"
    with pytest.raises(Http404):
        VendorPage.as_view()(_get(UserFactory()), pk=0)
    vendor_user = VendorUserFactory(vendor=own)
    assert VendorPage.as_view()(_get(vendor_user), pk=own.pk).content == b"Own"
    with pytest.raises(Http404):
        VendorPage.as_view()(_get(vendor_user), pk=other.pk)


@pytest.mark.parametrize(
    ("viewset", "action", "expected"),
    [
        (UndeclaredViewSet, "create", ""),
        (DeclaredViewSet, "create", "vendor.manage"),
        (DeclaredViewSet, "destroy", "vendor.manage"),
        (DeclaredViewSet, "archive", "contract.manage"),
        (DeclaredViewSet, "reindex", ""),  # an action the viewset does not name: refused
    ],
)
def test_a_viewset_names_the_action_each_write_takes(viewset: type, action: str, expected: str) -> None:
    view = viewset()
    view.action = action
    assert permission_action_of(view) == expected


def test_the_api_refuses_undeclared_writes_and_roles_the_matrix_refuses() -> None:
    admin, staff = HospitalAdminFactory(), UserFactory()

    def allowed(viewset: type, user: object) -> bool:
        view = viewset.as_view({"post": "create"})
        request = APIRequestFactory().post("/api/v1/vendors/", {"name": "x"}, format="json")
        force_authenticate(request, user=user)
        response = view(request)
        return response.status_code != 403

    assert not allowed(UndeclaredViewSet, admin)
    assert allowed(DeclaredViewSet, admin)
    assert not allowed(DeclaredViewSet, staff)
