from compliance.models import Assessment, ComplianceDocument, DataProtectionTerms, DocumentType, Finding
from core.audit import register_audited

for model in (DocumentType, ComplianceDocument, DataProtectionTerms, Assessment, Finding):
    register_audited(model)
