"""The API base viewset: the same scoping as the UI, writes attributed in the audit trail."""

import contextlib
from collections.abc import Iterator

from auditlog.context import auditlog_value, set_actor
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.serializers import BaseSerializer

from core.api.parameters import QueryParameterContract
from core.models import is_vendor_scoped


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This object is still referenced by other records."


class ScopedModelViewSet(QueryParameterContract, viewsets.ModelViewSet):
    """Lists and objects come from ``visible_to(request.user)``: a foreign object is a 404. A
    GET with a query parameter it does not take answers 400 (``core.api.parameters``).

    Writes are declared, as actions of the role matrix (``core.api.permissions``):
    ``write_action`` for creating, changing and deleting rows, ``permission_actions`` for the
    viewset's other routes (``{"severity": "ticket.change_severity"}``). A write a viewset does
    not declare is refused to everyone."""

    write_action: str = ""
    permission_actions: dict[str, str] = {}

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if not is_vendor_scoped(queryset.model):
            raise TypeError(f"{queryset.model.__name__} has no visible_to(); scope it before exposing it.")
        return queryset.visible_to(self.request.user)

    @contextlib.contextmanager
    def _audited(self) -> Iterator[None]:
        # Token-authenticated requests are authenticated after the audit middleware ran, so the
        # write names its actor here. auditlog's set_actor leaves its own data in the context it
        # shares with the middleware's: without restoring the middleware's, the middleware would
        # disconnect this receiver a second time and leave its own connected for good (one more
        # pre_save receiver, run on every save of the process, after each API write).
        enclosing = auditlog_value.get(None)
        try:
            with set_actor(self.request.user, remote_addr=self.request.META.get("REMOTE_ADDR")):
                yield
        finally:
            if enclosing is not None:
                auditlog_value.set(enclosing)

    def _reload(self, serializer: BaseSerializer) -> None:
        # The response shows the row as list and detail do, annotations included.
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_create(self, serializer: BaseSerializer) -> None:
        with self._audited(), transaction.atomic():
            serializer.save()
        self._reload(serializer)

    def perform_update(self, serializer: BaseSerializer) -> None:
        with self._audited(), transaction.atomic():
            serializer.save()
        self._reload(serializer)

    def perform_destroy(self, instance: Model) -> None:
        try:
            with self._audited(), transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
            raise Conflict(f"{instance} cannot be deleted while it still has {', '.join(kinds)}.") from error
