"""``/api/v1/selection-templates/``, ``/api/v1/selection-projects/``, ``/api/v1/candidates/``:
vendor selection for hospital users only (vendor users never see candidates). Hospital admins keep
templates, projects, candidates and costs and record the decision; hospital users score."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from scorecards.api.serializers import selection as serializers
from scorecards.filters.selection import SelectionProjectFilterSet
from scorecards.models import Candidate
from scorecards.selectors.selection import candidate_scores, project_list, selection_template_detail, side_by_side
from scorecards.services import selection as services


class SelectionTemplateViewSet(ScopedModelViewSet):
    """Selection templates with their criteria, written together (weights summing to 100)."""

    write_action = "selection.manage"
    queryset = selection_template_detail()
    serializer_class = serializers.SelectionTemplateSerializer
    ordering_fields = ["name", "updated_at"]
    ordering = ["name"]
    http_method_names = ["get", "post", "put", "head", "options"]


class SelectionProjectViewSet(ScopedModelViewSet):
    """Selections; ``side-by-side/`` compares their candidates; hospital admins ``decide/``."""

    write_action = "selection.manage"
    permission_actions = {"decide": "selection.decide"}
    queryset = project_list()
    serializer_class = serializers.SelectionProjectSerializer
    filterset_class = SelectionProjectFilterSet
    ordering_fields = ["created_at", "name"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(responses=serializers.SideBySideSerializer)
    @action(detail=True, methods=["get"], url_path="side-by-side")
    def side_by_side(self, request: Request, pk: str | None = None) -> Response:
        """Each candidate's mean score per criterion, weighted total and five-year cost."""
        return Response(serializers.SideBySideSerializer(side_by_side(self.get_object())).data)

    @extend_schema(request=serializers.SelectionDecisionSerializer, responses=serializers.SelectionProjectSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: record the chosen candidate, which becomes a vendor in the same step."""
        project = self.get_object()
        data = serializers.SelectionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = project.candidates.filter(pk=data.validated_data["chosen"]).first()
        if chosen is None:
            raise ValidationError({"chosen": ["Choose one of this selection's candidates."]})
        with self._audited():
            services.selection_decide(
                project=project,
                chosen=chosen,
                rationale=data.validated_data["rationale"],
                decided_on=data.validated_data["decided_on"],
                by=request.user,
            )
        fresh = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(fresh).data)


class CandidateViewSet(ScopedModelViewSet):
    """Candidates of selections; ``scores/`` (every evaluator's, and the caller's to give) and
    ``costs/`` (the five years quoted)."""

    write_action = "selection.manage"
    permission_actions = {"scores": "selection.score", "costs": "selection.manage"}
    queryset = Candidate.objects.select_related("project")
    serializer_class = serializers.CandidateSerializer
    filterset_fields = ["project"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    @extend_schema(methods=["GET"], request=None, responses=serializers.CandidateScoreSerializer(many=True))
    @extend_schema(
        methods=["PUT"],
        request=serializers.ScoresInputSerializer,
        responses=serializers.CandidateScoreSerializer(many=True),
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def scores(self, request: Request, pk: str | None = None) -> Response:
        """GET: every evaluator's scores and notes. PUT: the caller's own scores (a null score takes
        theirs back); other evaluators' stay."""
        candidate = self.get_object()
        if request.method == "PUT":
            data = serializers.ScoresInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            rows = [
                services.ScoreInput(criterion_id=row["criterion"], score=row["score"], note=row["note"])
                for row in data.validated_data["scores"]
            ]
            with self._audited():
                services.candidate_score(candidate=candidate, scores=rows, by=request.user)
        return Response(serializers.CandidateScoreSerializer(candidate_scores(candidate), many=True).data)

    @extend_schema(methods=["GET"], request=None, responses=serializers.CandidateCostSerializer(many=True))
    @extend_schema(
        methods=["PUT"],
        request=serializers.CostsInputSerializer,
        responses=serializers.CandidateCostSerializer(many=True),
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def costs(self, request: Request, pk: str | None = None) -> Response:
        """GET: the quoted years. PUT: hospital admins replace them (years 1 to 5, each once)."""
        candidate = self.get_object()
        if request.method == "PUT":
            data = serializers.CostsInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            years = [services.CostInput(**row) for row in data.validated_data["years"]]
            with self._audited():
                services.candidate_costs_save(candidate=candidate, years=years, by=request.user)
        return Response(serializers.CandidateCostSerializer(candidate.costs.all(), many=True).data)
