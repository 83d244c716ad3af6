from core.api.routers import LazyRouter

router = LazyRouter()
router.register("courses", "training.api.views.courses.CourseViewSet", basename="course")
router.register(
    "training-requirements", "training.api.views.requirements.RequirementViewSet", basename="training-requirement"
)
router.register(
    "training-completions", "training.api.views.completions.CompletionViewSet", basename="training-completion"
)
router.register(
    "certification-kinds", "training.api.views.certifications.CertificationKindViewSet", basename="certification-kind"
)
router.register("certifications", "training.api.views.certifications.CertificationViewSet", basename="certification")
router.register("training-sessions", "training.api.views.sessions.SessionViewSet", basename="training-session")
router.register("articles", "training.api.views.articles.ArticleViewSet", basename="article")
router.register(
    "training-effectiveness",
    "training.api.views.effectiveness.EffectivenessViewSet",
    basename="training-effectiveness",
)

urlpatterns = router.urls
