"""``/api/v1/reports/``: the archive's versions (hospital users: all; vendor users: their
vendor's generated ones), the PDF of a version, and ``generate/`` for hospital admins.
``/api/v1/qbr-packs/``: the QBR packs the same way (vendor users: their own meetings' generated
packs), ``generate/`` and ``send/`` for hospital admins.
``/api/v1/evaluation-pdfs/``: the PDF of each finalised evaluation, the same way, and ``send/``."""

import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import Conflict, ScopedModelViewSet
from reports.api import serializers
from reports.filters import EvaluationReportFilterSet, MonthlyReportFilterSet, QbrPackFilterSet
from reports.models import MonthlyReport
from reports.pages import evaluation_report_pdf_response, qbr_pack_pdf_response, report_pdf_response
from reports.selectors import evaluation_report_list, qbr_pack_list, report_list
from reports.services.evaluation_delivery import evaluation_report_send
from reports.services.evaluations import evaluation_report_queue
from reports.services.generation import MonthNotReportable, ReportBusy, report_queue
from reports.services.qbr import qbr_pack_queue
from reports.services.qbr_delivery import qbr_pack_send


class PdfRenderer(BaseRenderer):
    """Lets clients ask for ``Accept: application/pdf``; errors still come as JSON
    (``PdfErrorsAsJsonMixin`` labels them so)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class PdfErrorsAsJsonMixin:
    def finalize_response(self, request: Request, response: HttpResponse, *args: Any, **kwargs: Any) -> HttpResponse:
        # An error answers JSON, as the schema documents it, even to a client that asked for the
        # PDF: labelled application/pdf, a client would save the error text as the report.
        if getattr(response, "exception", False) and isinstance(
            getattr(request, "accepted_renderer", None), PdfRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class MonthlyReportViewSet(PdfErrorsAsJsonMixin, ScopedModelViewSet):
    """One row per version of a vendor's month: status, hashes, pages, and its month's other
    versions. The detail adds the snapshot's key figures (``summary``) and the agreements used."""

    queryset = report_list()
    serializer_class = serializers.MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    ordering_fields = ["month", "vendor__name", "version", "generated_at", "created_at"]
    ordering = ["-month", "vendor__name", "-version"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"generate": "report.manage", "create": "report.manage"}  # create: answered 405

    def get_queryset(self) -> QuerySet[MonthlyReport]:
        queryset = super().get_queryset()
        return queryset.defer(None) if self.action == "retrieve" else queryset  # the snapshot's figures

    def get_serializer_class(self) -> type[serializers.MonthlyReportSerializer]:
        if self.action == "retrieve":
            return serializers.MonthlyReportDetailSerializer
        return serializers.MonthlyReportSerializer

    def _versions(self, reports: list[MonthlyReport]) -> dict[tuple[int, Any], list[dict[str, Any]]]:
        """The versions of each listed vendor-month, in one query."""
        vendor_ids = {report.vendor_id for report in reports}
        months = {report.month for report in reports}
        if not reports:
            return {}
        rows = (
            MonthlyReport.objects.visible_to(self.request.user)
            .filter(vendor_id__in=vendor_ids, month__in=months)
            .order_by("version")
            .values("id", "vendor_id", "month", "version", "state", "is_current")
        )
        versions: dict[tuple[int, Any], list[dict[str, Any]]] = {}
        for row in rows:
            key = (row.pop("vendor_id"), row.pop("month"))
            versions.setdefault(key, []).append(row)
        return versions

    def _data(self, reports: list[MonthlyReport], *, many: bool) -> Any:
        context = {**self.get_serializer_context(), "versions": self._versions(reports)}
        serializer_class = self.get_serializer_class()
        return serializer_class(reports if many else reports[0], many=many, context=context).data

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self._data(list(page), many=True))
        return Response(self._data(list(queryset), many=True))

    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        return Response(self._data([self.get_object()], many=False))

    @extend_schema(exclude=True)
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        raise MethodNotAllowed("POST", detail="Reports are generated: POST generate/ with the vendor and month.")

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="No PDF")}
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The version's PDF (generated versions only), as stored when it was generated."""
        return report_pdf_response(self.get_object())

    @extend_schema(
        request=serializers.GenerateSerializer,
        responses={
            202: serializers.MonthlyReportSerializer,
            400: OpenApiResponse(description="Unknown vendor, or a month that has not ended"),
            409: OpenApiResponse(description="A version of this vendor-month is being generated"),
        },
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Hospital admins: generate a new version of ``vendor``'s finished ``month`` (YYYY-MM),
        with an optional ``reason``. Answers 202 with the version, in state ``generating``:
        poll it until ``state`` is ``ready`` (or ``failed``). Earlier versions are kept and
        marked superseded when the new one is ready."""
        query = serializers.GenerateSerializer(data=request.data, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        with self._audited():
            try:
                report = report_queue(
                    vendor=data["vendor"], month=data["month"], requested_by=request.user, reason=data["reason"]
                )
            except ReportBusy as busy:
                running = busy.report
                raise Conflict(
                    f"{running.vendor}'s report for {running.month:%Y-%m} is being generated already "
                    f"(version {running.version}, id {running.pk})."
                ) from busy
            except MonthNotReportable as error:
                return Response({"month": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        fresh = report_list().visible_to(request.user).get(pk=report.pk)
        return Response(self._data([fresh], many=False), status=status.HTTP_202_ACCEPTED)


class QbrPackViewSet(PdfErrorsAsJsonMixin, ScopedModelViewSet):
    """QBR packs: hospital users see every pack, vendor users their own meetings' generated
    ones. Hospital admins ``generate/`` a held review's pack (202; poll the pack until ``state``
    is ``ready`` or ``failed``, ``progress`` says how far it is) and ``send/`` it by email."""

    queryset = qbr_pack_list()
    serializer_class = serializers.QbrPackSerializer
    filterset_class = QbrPackFilterSet
    ordering_fields = ["first_month", "vendor__name", "generated_at", "created_at"]
    ordering = ["-first_month", "vendor__name", "-pk"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"generate": "report.manage", "send": "report.manage", "create": "report.manage"}

    @extend_schema(exclude=True)
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        raise MethodNotAllowed("POST", detail="Packs are generated: POST generate/ with the meeting.")

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="No PDF")}
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The pack's PDF, once generated."""
        return qbr_pack_pdf_response(self.get_object())

    @extend_schema(
        request=serializers.QbrPackGenerateSerializer,
        responses={
            202: serializers.QbrPackSerializer,
            400: OpenApiResponse(description="Not a quarterly business review, not started, or being generated"),
        },
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Hospital admins: generate (or generate again) the pack of ``meeting``, a quarterly
        business review that has started. Answers 202 with the pack in state ``generating``."""
        query = serializers.QbrPackGenerateSerializer(data=request.data, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        with self._audited():
            pack = qbr_pack_queue(meeting=query.validated_data["meeting"], requested_by=request.user)
        fresh = qbr_pack_list().visible_to(request.user).get(pk=pack.pk)
        return Response(serializers.QbrPackSerializer(fresh, context=self.get_serializer_context()).data, status=202)

    @extend_schema(
        request=None,
        responses={
            201: serializers.QbrPackDeliverySerializer(many=True),
            400: OpenApiResponse(description="The pack is not generated, or nobody has an address"),
        },
    )
    @action(detail=True, methods=["post"], pagination_class=None)  # the sends: a list, not a page
    def send(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: email the generated pack to the meeting's attendees and the vendor's
        contacts (one mail per address; a second call records a re-send). Answers the sends."""
        with self._audited():
            deliveries = qbr_pack_send(pack=self.get_object(), requested_by=request.user)
        data = serializers.QbrPackDeliverySerializer(deliveries, many=True).data
        return Response(data, status=status.HTTP_201_CREATED)


class EvaluationReportViewSet(PdfErrorsAsJsonMixin, ScopedModelViewSet):
    """The PDF of each finalised vendor evaluation (hospital users: all; vendor users: their
    vendor's, once generated and the evaluation shared), its bytes, and ``generate/`` for
    hospital admins."""

    queryset = evaluation_report_list()
    serializer_class = serializers.EvaluationReportSerializer
    filterset_class = EvaluationReportFilterSet
    ordering_fields = ["evaluation__period_start", "vendor__name", "generated_at"]
    ordering = ["-evaluation__period_start", "vendor__name"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"generate": "report.manage", "send": "report.manage", "create": "report.manage"}

    @extend_schema(exclude=True)
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        raise MethodNotAllowed("POST", detail="Evaluation PDFs are generated: POST generate/ with the evaluation.")

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="No PDF")}
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The evaluation's PDF, as stored when it was generated."""
        return evaluation_report_pdf_response(self.get_object())

    @extend_schema(
        request=serializers.EvaluationReportGenerateSerializer,
        responses={
            202: serializers.EvaluationReportSerializer,
            400: OpenApiResponse(description="Unknown evaluation, one not finalised, or its PDF being generated"),
        },
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Hospital admins: generate the PDF of a finalised ``evaluation`` (again). Answers 202 with
        the PDF in state ``generating``: poll it until ``state`` is ``ready`` (or ``failed``)."""
        query = serializers.EvaluationReportGenerateSerializer(data=request.data, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        with self._audited():
            report = evaluation_report_queue(evaluation=query.validated_data["evaluation"], requested_by=request.user)
        fresh = evaluation_report_list().visible_to(request.user).get(pk=report.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={
            201: serializers.EvaluationDeliverySerializer(many=True),
            400: OpenApiResponse(description="The PDF is not generated, or there is no one to send it to"),
        },
    )
    @action(detail=True, methods=["post"], pagination_class=None)  # the sends: a list, not a page
    def send(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: mail the generated PDF to the vendor's account managers and the
        hospital admins (again: every send is recorded). Answers the addresses of this send."""
        report = self.get_object()
        with self._audited():
            deliveries = evaluation_report_send(report=report, by=request.user)
        data = serializers.EvaluationDeliverySerializer(deliveries, many=True).data
        return Response(data, status=status.HTTP_201_CREATED)
