"""``/api/v1/evaluations/``: read (a draft scored live, a finalised one from its snapshot), start,
and one POST route per step: score, finalise, share, respond (vendor users), answer, close.
Vendor users see their vendor's shared evaluations only."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from scorecards.api.serializers import evaluations as serializers
from scorecards.filters.evaluations import EvaluationFilterSet
from scorecards.models import Criterion, Evaluation
from scorecards.selectors.evaluations import evaluation_detail, evaluation_list
from scorecards.services import evaluations as services

Detail = serializers.EvaluationDetailSerializer


class EvaluationViewSet(ScopedModelViewSet):
    """One evaluation per vendor and period: a draft scored live with the inputs behind each
    number, a finalised one read from its snapshot (``snapshot_sha256``). Vendor users see their
    vendor's shared evaluations and respond per criterion."""

    queryset = evaluation_list()
    serializer_class = serializers.EvaluationSerializer
    filterset_class = EvaluationFilterSet
    ordering_fields = ["period_start", "vendor__name", "total", "state"]
    ordering = ["-period_start", "vendor__name"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {
        "create": "evaluation.manage",
        "score": "evaluation.manage",
        "finalise": "evaluation.manage",
        "share": "evaluation.manage",
        "answer": "evaluation.manage",
        "close": "evaluation.manage",
        "respond": "evaluation.respond",
    }

    def get_queryset(self) -> QuerySet[Evaluation]:
        if self.action == "list":
            return super().get_queryset()
        return evaluation_detail().visible_to(self.request.user)

    def get_serializer_class(self) -> type[BaseSerializer]:
        return serializers.EvaluationSerializer if self.action == "list" else Detail

    def _fresh(self, evaluation: Evaluation) -> Response:
        fresh = self.get_queryset().get(pk=evaluation.pk)
        return Response(Detail(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.EvaluationStartSerializer, responses={201: Detail})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Hospital admins: start a draft for a vendor, template and period."""
        data = serializers.EvaluationStartSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with self._audited():
            evaluation = services.evaluation_create(by=request.user, **data.validated_data)
        response = self._fresh(evaluation)
        response.status_code = status.HTTP_201_CREATED
        return response

    def _parsed(self, request: Request, serializer_class: type[BaseSerializer]) -> dict:
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    @extend_schema(request=serializers.ManualScoreSerializer, responses=Detail)
    @action(detail=True, methods=["post"])
    def score(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: score a manual criterion of a draft, with a justification."""
        evaluation = self.get_object()
        data = self._parsed(request, serializers.ManualScoreSerializer)
        criterion = Criterion.objects.filter(pk=data["criterion"], template_id=evaluation.template_id).first()
        if criterion is None:
            raise NotFound("This evaluation's template has no such criterion.")
        with self._audited():
            services.evaluation_score_manual(
                evaluation=evaluation,
                criterion=criterion,
                score=data["score"],
                justification=data["justification"],
                by=request.user,
            )
        return self._fresh(evaluation)

    @extend_schema(request=None, responses=Detail)
    @action(detail=True, methods=["post"])
    def finalise(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: freeze the draft's inputs and scores (its snapshot and SHA-256)."""
        evaluation = self.get_object()
        with self._audited():
            services.evaluation_finalise(evaluation=evaluation, by=request.user)
        return self._fresh(evaluation)

    @extend_schema(request=None, responses=Detail)
    @action(detail=True, methods=["post"])
    def share(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: show a finalised evaluation to the vendor."""
        evaluation = self.get_object()
        with self._audited():
            services.evaluation_share(evaluation=evaluation, by=request.user)
        return self._fresh(evaluation)

    @extend_schema(request=serializers.RespondSerializer, responses=Detail)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        """Vendor users: acknowledge a criterion, or appeal it with a ``comment``."""
        evaluation = self.get_object()
        data = self._parsed(request, serializers.RespondSerializer)
        with self._audited():
            services.evaluation_respond(
                evaluation=evaluation,
                criterion_id=data["criterion"],
                kind=data["kind"],
                comment=data["comment"],
                by=request.user,
            )
        return self._fresh(evaluation)

    @extend_schema(request=serializers.AnswerSerializer, responses=Detail)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: answer the vendor's appeal (``response`` id)."""
        evaluation = self.get_object()
        data = self._parsed(request, serializers.AnswerSerializer)
        response = evaluation.responses.filter(pk=data["response"]).first()
        if response is None:
            raise NotFound("This evaluation has no such response.")
        with self._audited():
            services.response_answer(response=response, answer=data["answer"], by=request.user)
        return self._fresh(evaluation)

    @extend_schema(request=None, responses=Detail)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: close a shared evaluation once every appeal is answered."""
        evaluation = self.get_object()
        with self._audited():
            services.evaluation_close(evaluation=evaluation, by=request.user)
        return self._fresh(evaluation)
