from compliance.models import ComplianceDocument, DocumentType
from core.audit import register_audited

for model in (DocumentType, ComplianceDocument):
    register_audited(model)
