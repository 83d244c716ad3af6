"""The scoping proof: every URL pattern and every API route, walked as a vendor user of another
vendor, as hospital staff and anonymously, leaks nothing and changes nothing it may not.

Routes are discovered from the URL configuration, so a new app's pages and API are covered as
soon as they exist; a route this proof cannot classify, or whose model has no registered test
object (``core.testing.registry``), fails ``test_every_route_is_classified``.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory, VendorUserFactory
from accounts.tests.two_factor import VerifiedClient
from core.api.views import api_not_found
from core.models import HospitalOnlyQuerySet, SharedQuerySet
from core.permissions import can, grant_of
from core.roles import Role
from core.testing.registry import make_test_object, registered_models
from core.testing.routes import Route, iter_routes
from core.views.mixins import HospitalUserRequiredMixin
from portal.mixins import PortalMixin
from vendors.tests.factories import VendorFactory


def writes_allowed(route: Route, user: Model) -> bool:
    """Whether the route's viewset lets this role write at all (it may still refuse per action)."""
    viewset = route.callback.cls
    declared = {getattr(viewset, "write_action", ""), *getattr(viewset, "permission_actions", {}).values()} - {""}
    return any(can(user, action) for action in declared)


def refused_to_staff(view_class: type) -> bool:
    """A hospital page whose action (``permission_action``) the role matrix refuses hospital staff."""
    action = getattr(view_class, "permission_action", "")
    return bool(action) and Role.HOSPITAL_STAFF not in grant_of(action).roles


def is_shared(model: type[Model]) -> bool:
    return isinstance(model._default_manager.get_queryset(), SharedQuerySet)


def is_hospital_only(model: type[Model]) -> bool:
    """Rows no vendor user sees, not even those made "for" their vendor (history imports)."""
    return isinstance(model._default_manager.get_queryset(), HospitalOnlyQuerySet)


OWN = "OWNMARK"
FOREIGN = "LEAKMARK"

# Routes open to any signed-in user (or to everyone) that act only on the user's own account
# or on nothing vendor-specific. Listed by name so a new route is a conscious decision.
SELF_SERVICE_ROUTES = {
    "home",
    "healthz",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "profile",
    "two_factor_verify",  # the signed-in user's own second factor, on each of these
    "two_factor",
    "two_factor_setup",
    "two_factor_recovery_codes",
    "two_factor_recovery_codes_download",
    "two_factor_recovery_codes_regenerate",
    "two_factor_remove",
    "api-schema",
    "api-docs",
    "api-redoc",
    "api:api-token",
    "api:notification-preferences",  # the requesting user's own settings
    "tickets:rate",  # a signed, single-use link for the reporter; no data without a valid token
}
# Calendar feeds that calendar applications fetch without a session: the secret key in the
# path stands for its user, and the feed holds what that user may see (their own vendor's
# windows for a vendor user). A made-up key answers 404 to everyone; the feed's own tests
# (slas/tests/test_ical.py) cover real keys, scoping, deactivated users and revoked keys.
TOKEN_ROUTES = {
    "slas:maintenance_feed",
    "slas:maintenance_vendor_feed",
    "reports:opt_out",  # the signed link in a report email; reports/tests/test_recipients.py
    "scorecards:survey_answer",  # a person's one-use survey link; scorecards/tests/test_survey_pages.py
    "training:session_feedback",  # an attendee's one-use feedback link; training/tests/test_session_feedback.py
    "governance:meeting_feed",  # the meetings the key's user attends; governance/tests/test_feed.py
}
# Routes that POST only (HTML actions); a GET answers 405.
WRITE_METHODS = ("post", "put", "patch", "delete")
PLACEHOLDER_KWARGS = {
    "uidb64": "MQ",
    "token": "set-password",
    "url": "x",
    "app_label": "x",
    "content_type_id": 1,
    "form": "tickets.forms.TicketForm",  # the vendor picker's options (vendors:choices)
}


def classify(route: Route) -> str:
    view_class = route.view_class
    if route.is_api_viewset:
        return "api"
    if route.regex.startswith("admin/"):
        return "django-admin"
    if route.callback is api_not_found:
        return "self-service"
    if view_class and issubclass(view_class, HospitalUserRequiredMixin):
        return "hospital-admin" if refused_to_staff(view_class) else "hospital"
    if view_class and issubclass(view_class, PortalMixin):
        return "portal"
    if route.name in TOKEN_ROUTES:
        return "token"
    if route.name in SELF_SERVICE_ROUTES:
        return "self-service"
    is_login_view = bool(view_class and issubclass(view_class, LoginRequiredMixin))
    if route.name and route.name.startswith("notifications:") and is_login_view:
        return "personal"
    return "unclassified"


ROUTES = list(iter_routes())
# Tables that grow with every request of a vendor user, by design.
REQUEST_LOGS = {"compliance.AccessLogEntry"}


@dataclass
class World:
    own_vendor: Model
    foreign_vendor: Model
    vendor_user: Model
    staff_user: Model
    own: dict[type[Model], Model]
    foreign: dict[type[Model], Model]

    def object_for(self, route: Route, *, foreign: bool) -> Model | None:
        model = route.model
        if model is None:
            return None
        return (self.foreign if foreign else self.own)[model]

    def path(self, route: Route, *, foreign: bool = True) -> str:
        obj = self.object_for(route, foreign=foreign) if "pk" in route.kwarg_names else None
        values = {**PLACEHOLDER_KWARGS, "pk": obj.pk if obj else 1, "object_id": 1}
        return route.path(**{name: values.get(name, 1) for name in route.kwarg_names})

    def snapshot(self) -> dict:
        """Every foreign row as stored, and the row count of each model."""
        rows = {}
        for model, obj in self.foreign.items():
            fresh = model._default_manager.filter(pk=obj.pk).values().first()
            rows[(model._meta.label, obj.pk)] = fresh
        counts = {model._meta.label: self._rows_of(model).count() for model in self.foreign}
        return {"rows": rows, "counts": counts}

    def _rows_of(self, model: type[Model]) -> object:
        """The rows a walk must leave as they are: all but the walker's own requests, which the
        vendor access log records (compliance.middleware), refused ones included."""
        if model._meta.label in REQUEST_LOGS:
            return model._default_manager.exclude(user_id=self.vendor_user.pk, method__gt="")
        return model._default_manager.all()


@pytest.fixture
def world(db: None) -> World:
    own_vendor = VendorFactory(name=f"{OWN} Vendor")
    foreign_vendor = VendorFactory(name=f"{FOREIGN} Vendor")
    vendor_user = VendorUserFactory(vendor=own_vendor, first_name="Own", last_name="Vendoruser")
    foreign_user = VendorUserFactory(vendor=foreign_vendor, first_name=FOREIGN, last_name="Vendoruser")
    staff_user = UserFactory(first_name="Staff", last_name="Member")
    models = registered_models()
    return World(
        own_vendor=own_vendor,
        foreign_vendor=foreign_vendor,
        vendor_user=vendor_user,
        staff_user=staff_user,
        own={m: make_test_object(m, vendor=own_vendor, user=vendor_user, marker=OWN) for m in models},
        foreign={m: make_test_object(m, vendor=foreign_vendor, user=foreign_user, marker=FOREIGN) for m in models},
    )


def _client(user: Model) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client


def _body(response: object) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_every_route_is_classified() -> None:
    unclassified = [f"{route.regex} ({route.name})" for route in ROUTES if classify(route) == "unclassified"]
    assert not unclassified, f"Routes the scoping proof does not know how to check: {unclassified}"
    with_pk = [route for route in ROUTES if "pk" in route.kwarg_names and not route.regex.startswith("admin/")]
    without_model = [route.regex for route in with_pk if route.model is None]
    assert not without_model, f"Routes with a pk but no model or queryset on their view: {without_model}"
    missing = sorted({route.model._meta.label for route in with_pk if route.model not in registered_models()})
    assert not missing, f"Register test objects for: {missing}"


def test_vendor_user_sees_and_changes_nothing_of_another_vendor_in_html(world: World) -> None:
    client = _client(world.vendor_user)
    before = world.snapshot()
    checked = 0
    for route in ROUTES:
        kind = classify(route)
        if kind == "api" or route.name == "logout":
            continue
        client.force_login(world.vendor_user)
        path = world.path(route)
        response = client.get(path)
        body = _body(response)
        assert FOREIGN not in body, f"GET {path} ({kind}) shows another vendor's data"
        if "pk" in route.kwarg_names or kind in ("hospital", "hospital-admin", "django-admin", "token"):
            assert response.status_code in (404, 405), f"GET {path} ({kind}) answered {response.status_code}"
        if kind == "portal" and response.status_code == 200 and "pk" not in route.kwarg_names:
            assert OWN in body, f"GET {path}: the portal page does not show the user's own data"
            export = _body(client.get(path, {"export": "csv"}))
            assert FOREIGN not in export
        if "pk" in route.kwarg_names:
            post = client.post(path, {"email": "x@evil.example", "phone": "0", "name": "changed"})
            assert post.status_code in (403, 404, 405), f"POST {path} ({kind}) answered {post.status_code}"
        checked += 1
    assert checked > 30
    assert world.snapshot() == before


def test_vendor_user_api_shows_only_own_vendor_and_cannot_write(world: World) -> None:
    api = APIClient()
    api.force_authenticate(world.vendor_user)
    before = world.snapshot()
    api_routes = [route for route in ROUTES if classify(route) == "api"]
    assert len(api_routes) >= 8
    for route in api_routes:
        actions = route.callback.actions
        if "pk" not in route.kwarg_names:
            if "get" in actions:
                response = api.get(world.path(route))
                assert response.status_code == 200, route.regex
                body = response.content.decode()
                assert FOREIGN not in body, f"GET {route.regex} lists another vendor's rows"
                if is_hospital_only(route.model):
                    assert OWN not in body, f"GET {route.regex} lists hospital-only rows to a vendor user"
                elif not is_shared(route.model):
                    assert OWN in body, f"GET {route.regex} does not list the user's own rows"
            if "post" in actions:
                response = api.post(world.path(route), {"vendor": world.foreign_vendor.pk, "name": "x"})
                # Viewsets where vendor users create (maintenance announcements) refuse another
                # vendor's id as invalid input; the snapshot below proves nothing was created.
                refused = (400, 403) if writes_allowed(route, world.vendor_user) else (403,)
                if "post" not in route.callback.cls.http_method_names:
                    refused = (405,)  # a read-only route (history imports): no POST at all
                assert response.status_code in refused, route.regex
            continue
        foreign_path = world.path(route, foreign=True)
        own_path = world.path(route, foreign=False)
        if "get" in actions:
            # Shared reference rows (calendars) are everybody's to read; vendor rows are not.
            expected = 200 if is_shared(route.model) else 404
            assert api.get(foreign_path).status_code == expected, foreign_path
            assert api.get(own_path).status_code == (404 if is_hospital_only(route.model) else 200), own_path
        for method in WRITE_METHODS:
            if method in actions:
                response = getattr(api, method)(foreign_path, {"name": "changed"})
                assert response.status_code in (403, 404, 405), f"{method.upper()} {foreign_path}"
                response = getattr(api, method)(own_path, {"name": "changed"})
                if writes_allowed(route, world.vendor_user):
                    assert response.status_code < 500, f"{method.upper()} {own_path}"
                else:
                    assert response.status_code in (403, 405), f"{method.upper()} {own_path}"
    assert world.snapshot() == before


def test_hospital_staff_reads_but_cannot_write(world: World) -> None:
    client = _client(world.staff_user)
    api = APIClient()
    api.force_authenticate(world.staff_user)
    before = world.snapshot()
    for route in ROUTES:
        kind = classify(route)
        path = world.path(route)
        if kind == "hospital-admin":
            assert client.get(path).status_code == 403, f"GET {path}"
            assert client.post(path, {"name": "changed"}).status_code == 403, f"POST {path}"
        elif kind == "hospital":
            assert client.get(path).status_code in (200, 405), f"GET {path}"  # 405: POST-only actions
        elif kind in ("portal", "token"):
            assert client.get(path).status_code == 404, f"GET {path}"
        elif kind == "api":
            actions = route.callback.actions
            if "get" in actions:
                assert api.get(path).status_code == 200, f"GET {path}"
            if writes_allowed(route, world.staff_user):
                continue  # e.g. tickets: staff open and follow them; that viewset's tests cover each action
            for method in WRITE_METHODS:
                if method in actions:
                    response = getattr(api, method)(path, {"name": "changed", "vendor": world.own_vendor.pk})
                    assert response.status_code in (403, 405), f"{method.upper()} {path}"
    assert world.snapshot() == before


def test_anonymous_users_reach_only_public_pages(world: World) -> None:
    client = VerifiedClient()
    api = APIClient()
    for route in ROUTES:
        kind = classify(route)
        path = world.path(route)
        if kind in ("hospital", "hospital-admin", "portal", "personal"):
            response = client.get(path)
            assert response.status_code == 302, f"GET {path}"
            assert response["Location"].startswith("/accounts/login/")
        elif kind == "token":
            assert client.get(path).status_code == 404, f"GET {path} with a made-up key"
        elif kind == "api":
            for method in ("get", *WRITE_METHODS):
                if method in route.callback.actions:
                    assert getattr(api, method)(path).status_code in (401, 403), f"{method.upper()} {path}"
