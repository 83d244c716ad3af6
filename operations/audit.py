from core.audit import register_audited
from operations.models import ChangePlan, ComponentLifecycle, SecurityBulletin

# Version changes are themselves the history of a component's version: not audited again.
for model in (ComponentLifecycle, SecurityBulletin, ChangePlan):
    register_audited(model)
