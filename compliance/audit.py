from compliance.models import ComplianceDocument, DataProtectionTerms, DocumentType
from core.audit import register_audited

for model in (DocumentType, ComplianceDocument, DataProtectionTerms):
    register_audited(model)
