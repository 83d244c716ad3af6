# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes so ``from operations.models import ComponentLifecycle`` works. The one place in the
# app where ``__init__.py`` holds code (docs/architecture.md).
from operations.models.health import (
    HealthAssessment,
    HealthCheckResult,
    HealthFinding,
    HealthRun,
    HealthTemplate,
)
from operations.models.lessons import LessonAction, LessonsReview
from operations.models.lifecycle import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.models.plans import ChangePlan, PlanCheck, PlanIntegrationCheck, PlanStep
from operations.models.protocols import PlanTestCase, ProtocolTemplate, ProtocolTemplateCase
from operations.models.recovery import RecoveryTest, RecoveryTestRun

__all__ = [
    "ChangePlan",
    "ComponentLifecycle",
    "HealthAssessment",
    "HealthCheckResult",
    "HealthFinding",
    "HealthRun",
    "HealthTemplate",
    "LessonAction",
    "LessonsReview",
    "PlanCheck",
    "PlanIntegrationCheck",
    "PlanStep",
    "PlanTestCase",
    "ProtocolTemplate",
    "ProtocolTemplateCase",
    "RecoveryTest",
    "RecoveryTestRun",
    "SecurityBulletin",
    "VersionChange",
]
