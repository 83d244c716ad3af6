from core.audit import register_audited
from operations.models import (
    ChangePlan,
    ComponentLifecycle,
    LessonsReview,
    ProtocolTemplate,
    RecoveryTest,
    SecurityBulletin,
)

# Version changes are themselves the history of a component's version, and a recovery test's
# runs the history of the test: not audited again.
for model in (ComponentLifecycle, SecurityBulletin, ChangePlan, ProtocolTemplate, LessonsReview, RecoveryTest):
    register_audited(model)
