from rest_framework.routers import SimpleRouter

from scorecards.api.views.evaluations import EvaluationViewSet
from scorecards.api.views.templates import EvaluationTemplateViewSet

router = SimpleRouter()
# templates
router.register("evaluation-templates", EvaluationTemplateViewSet, basename="evaluation-template")
# evaluations
router.register("evaluations", EvaluationViewSet, basename="evaluation")

urlpatterns = router.urls
