from rest_framework.routers import SimpleRouter

from training.api.views.certifications import CertificationKindViewSet, CertificationViewSet
from training.api.views.completions import CompletionViewSet
from training.api.views.courses import CourseViewSet
from training.api.views.requirements import RequirementViewSet
from training.api.views.sessions import SessionViewSet

router = SimpleRouter()
router.register("courses", CourseViewSet, basename="course")
router.register("training-requirements", RequirementViewSet, basename="training-requirement")
router.register("training-completions", CompletionViewSet, basename="training-completion")
router.register("certification-kinds", CertificationKindViewSet, basename="certification-kind")
router.register("certifications", CertificationViewSet, basename="certification")
router.register("training-sessions", SessionViewSet, basename="training-session")

urlpatterns = router.urls
