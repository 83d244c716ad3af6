# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes so ``from operations.models import ComponentLifecycle`` works. The one place in the
# app where ``__init__.py`` holds code (docs/architecture.md).
from operations.models.lifecycle import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.models.plans import ChangePlan, PlanCheck, PlanIntegrationCheck, PlanStep

__all__ = [
    "ChangePlan",
    "ComponentLifecycle",
    "PlanCheck",
    "PlanIntegrationCheck",
    "PlanStep",
    "SecurityBulletin",
    "VersionChange",
]
