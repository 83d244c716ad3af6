from compliance.models import (
    Assessment,
    ComplianceDocument,
    DataProtectionTerms,
    DocumentType,
    Finding,
    SecurityIncident,
)
from core.audit import register_audited

for model in (DocumentType, ComplianceDocument, DataProtectionTerms, Assessment, Finding, SecurityIncident):
    register_audited(model)
