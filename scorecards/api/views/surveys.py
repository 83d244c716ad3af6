"""``/api/v1/surveys/``: staff surveys with their aggregated results (never who answered; the
free text for hospital admins only), started by hospital admins, sent and closed by one POST
route each. Vendor users see their vendor's sent surveys."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from scorecards.api.serializers import surveys as serializers
from scorecards.filters.surveys import SurveyFilterSet
from scorecards.models import Survey
from scorecards.selectors.surveys import survey_detail, survey_list
from scorecards.services import surveys as services

Detail = serializers.SurveyDetailSerializer


class SurveyViewSet(ScopedModelViewSet):
    queryset = survey_list()
    serializer_class = serializers.SurveySerializer
    filterset_class = SurveyFilterSet
    ordering_fields = ["period_start", "vendor__name", "state", "closes_at"]
    ordering = ["-period_start", "vendor__name"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"create": "survey.manage", "send": "survey.manage", "close": "survey.manage"}

    def get_queryset(self) -> QuerySet[Survey]:
        if self.action == "list":
            return super().get_queryset()
        return survey_detail().visible_to(self.request.user)

    def get_serializer_class(self) -> type[BaseSerializer]:
        return serializers.SurveySerializer if self.action == "list" else Detail

    def _fresh(self, survey: Survey) -> Response:
        fresh = self.get_queryset().get(pk=survey.pk)
        return Response(Detail(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.SurveyStartSerializer, responses={201: Detail})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Hospital admins: a draft survey of a vendor for a period, with its audience."""
        data = serializers.SurveyStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with self._audited():
            survey = services.survey_create(by=request.user, **data.validated_data)
        response = self._fresh(survey)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=None, responses=Detail)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: send a draft: one personal one-use link by email to each person of its audience."""
        survey = self.get_object()
        with self._audited():
            services.survey_send(survey=survey, by=request.user)
        return self._fresh(survey)

    @extend_schema(request=None, responses=Detail)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: stop taking answers before the close date."""
        survey = self.get_object()
        with self._audited():
            services.survey_close(survey=survey, by=request.user)
        return self._fresh(survey)
