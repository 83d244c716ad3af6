from rest_framework.routers import SimpleRouter

from training.api.views.completions import CompletionViewSet
from training.api.views.courses import CourseViewSet
from training.api.views.requirements import RequirementViewSet

router = SimpleRouter()
router.register("courses", CourseViewSet, basename="course")
router.register("training-requirements", RequirementViewSet, basename="training-requirement")
router.register("training-completions", CompletionViewSet, basename="training-completion")

urlpatterns = router.urls
