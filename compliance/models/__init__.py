# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes (and their choices) so ``from compliance.models import ComplianceDocument`` works. The
# one place in the project where ``__init__.py`` holds code (docs/architecture.md).
from compliance.models.assessments import Assessment, Finding
from compliance.models.documents import ComplianceDocument, DocumentType, Outcome
from compliance.models.incidents import SecurityIncident, SecurityIncidentUpdate
from compliance.models.remote_access import AccessLogEntry, RemoteAccessSession
from compliance.models.terms import DataProtectionTerms

__all__ = [
    "AccessLogEntry",
    "Assessment",
    "ComplianceDocument",
    "DataProtectionTerms",
    "DocumentType",
    "Finding",
    "Outcome",
    "RemoteAccessSession",
    "SecurityIncident",
    "SecurityIncidentUpdate",
]
