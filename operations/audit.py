from core.audit import register_audited
from operations.models import (
    ChangePlan,
    ComponentLifecycle,
    HealthAssessment,
    HealthTemplate,
    LessonsReview,
    ProtocolTemplate,
    RecoveryTest,
    SecurityBulletin,
)

# Version changes are themselves the history of a component's version, and a recovery test's
# runs the history of the test: not audited again.
# A health assessment's runs are its history in the same way.
for model in (
    ComponentLifecycle,
    SecurityBulletin,
    ChangePlan,
    ProtocolTemplate,
    LessonsReview,
    RecoveryTest,
    HealthTemplate,
    HealthAssessment,
):
    register_audited(model)
