from core.api.routers import LazyRouter

router = LazyRouter()
# templates
router.register(
    "evaluation-templates", "scorecards.api.views.templates.EvaluationTemplateViewSet", basename="evaluation-template"
)
# evaluations
router.register("evaluations", "scorecards.api.views.evaluations.EvaluationViewSet", basename="evaluation")

# improvement plans
router.register("improvement-plans", "scorecards.api.views.plans.ImprovementPlanViewSet", basename="improvement-plan")
# staff surveys
router.register("surveys", "scorecards.api.views.surveys.SurveyViewSet", basename="survey")
# vendor selection
router.register(
    "selection-templates", "scorecards.api.views.selection.SelectionTemplateViewSet", basename="selection-template"
)
router.register(
    "selection-projects", "scorecards.api.views.selection.SelectionProjectViewSet", basename="selection-project"
)
router.register("candidates", "scorecards.api.views.selection.CandidateViewSet", basename="candidate")

urlpatterns = router.urls
