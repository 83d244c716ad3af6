from rest_framework.routers import SimpleRouter

from scorecards.api.views.evaluations import EvaluationViewSet
from scorecards.api.views.plans import ImprovementPlanViewSet
from scorecards.api.views.surveys import SurveyViewSet
from scorecards.api.views.templates import EvaluationTemplateViewSet

router = SimpleRouter()
# templates
router.register("evaluation-templates", EvaluationTemplateViewSet, basename="evaluation-template")
# evaluations
router.register("evaluations", EvaluationViewSet, basename="evaluation")

# improvement plans
router.register("improvement-plans", ImprovementPlanViewSet, basename="improvement-plan")
# staff surveys
router.register("surveys", SurveyViewSet, basename="survey")

urlpatterns = router.urls
