"""``/api/v1/lessons-reviews/``: lessons learned after finished changes. Hospital users read all,
vendor users their own vendor's. Hospital admins and the vendor write a review for a done or
rolled-back plan (one per plan), add its actions (``…/actions/``) and mark them done
(``…/done/``). Nothing here is deleted."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from operations.api.serializers.lessons import ActionDoneSerializer, LessonActionSerializer, LessonsReviewSerializer
from operations.filters.lessons import LessonsReviewFilterSet
from operations.models import LessonAction
from operations.selectors.lessons import review_detail
from operations.services import lessons as services


class LessonsReviewViewSet(ScopedModelViewSet):
    """Reviews, latest first, with their actions. Filters: ``vendor``, ``outcome``, ``q``."""

    write_action = "lessons.record"
    permission_actions = {"add_action": "lessons.record", "done": "lessons.record"}
    queryset = review_detail()
    serializer_class = LessonsReviewSerializer
    filterset_class = LessonsReviewFilterSet
    ordering_fields = ["held_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=LessonActionSerializer, responses={201: LessonActionSerializer})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request: Request, pk: str | None = None) -> Response:
        """Add an action the review agreed (owner, side, due date)."""
        review = self.get_object()
        given = LessonActionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            added = services.lesson_action_add(review=review, by=request.user, **given.validated_data)
        return Response(LessonActionSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionDoneSerializer, responses=LessonActionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """Mark one open action of the review done."""
        review = self.get_object()
        given = ActionDoneSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        found = LessonAction.objects.visible_to(request.user).filter(review=review, pk=given.validated_data["action"])
        lesson_action = found.first()
        if lesson_action is None:
            raise NotFound("No such action on this review.")
        with self._audited():
            lesson_action = services.lesson_action_done(action=lesson_action, by=request.user)
        return Response(LessonActionSerializer(lesson_action).data)
