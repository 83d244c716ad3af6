"""``/api/v1/component-lifecycles/``, ``/api/v1/version-changes/`` and
``/api/v1/security-bulletins/``: components over their life. Hospital users read all, vendor
users their own vendor's; vendors push version changes and bulletins (and say when a fix was
applied), hospital admins keep the lifecycle facts too. Nothing here is deleted: the history is
the record."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from operations.api.serializers.lifecycle import (
    BulletinAppliedSerializer,
    ComponentLifecycleSerializer,
    SecurityBulletinSerializer,
    VersionChangeSerializer,
)
from operations.filters.lifecycle import (
    ComponentLifecycleFilterSet,
    SecurityBulletinFilterSet,
    VersionChangeFilterSet,
)
from operations.selectors.lifecycle import bulletin_list, lifecycle_records, version_change_list
from operations.services.lifecycle import bulletin_mark_applied


class ComponentLifecycleViewSet(ScopedModelViewSet):
    """One record per component (its id is the component's): hardware, support dates, the
    replacement plan, and the version it runs (read-only here: post a version change), with its
    flags and patch currency. Filters: ``vendor``, ``component``."""

    write_action = "lifecycle.manage"
    queryset = lifecycle_records()
    serializer_class = ComponentLifecycleSerializer
    filterset_class = ComponentLifecycleFilterSet
    ordering_fields = ["support_ends_on", "warranty_ends_on", "end_of_life_on", "replacement_planned_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class VersionChangeViewSet(ScopedModelViewSet):
    """Version changes, newest first. ``POST`` records one: the component runs ``to_version`` since
    ``changed_on``; an older release than the current one must be ``kind: rollback`` with a
    ``note``. Filters: ``vendor``, ``component``, ``kind``, ``changed_from``, ``changed_to``."""

    write_action = "lifecycle.record_version"
    queryset = version_change_list()
    serializer_class = VersionChangeSerializer
    filterset_class = VersionChangeFilterSet
    ordering_fields = ["changed_on"]
    http_method_names = ["get", "post", "head", "options"]


class SecurityBulletinViewSet(ScopedModelViewSet):
    """Security bulletins, newest first. Vendors push them (``POST``) and correct them; ``POST
    …/applied/`` records the day the fix was applied. Filters: ``vendor``, ``component``,
    ``severity``, ``applied``, ``q``."""

    write_action = "bulletin.publish"
    permission_actions = {"applied": "bulletin.apply"}
    queryset = bulletin_list()
    serializer_class = SecurityBulletinSerializer
    filterset_class = SecurityBulletinFilterSet
    ordering_fields = ["released_on", "applied_on", "severity"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=BulletinAppliedSerializer, responses=SecurityBulletinSerializer)
    @action(detail=True, methods=["post"])
    def applied(self, request: Request, pk: str | None = None) -> Response:
        """Record the day the bulletin's fix was applied (once, between its release and today)."""
        bulletin = self.get_object()
        given = BulletinAppliedSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            bulletin_mark_applied(bulletin=bulletin, applied_on=given.validated_data["applied_on"], by=request.user)
        fresh = self.get_queryset().get(pk=bulletin.pk)
        return Response(SecurityBulletinSerializer(fresh, context=self.get_serializer_context()).data)
