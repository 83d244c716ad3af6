from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Security and compliance"

    def ready(self) -> None:
        from compliance import audit  # noqa: F401  (registers models with the audit trail)
        from compliance.pages.terms import agreement_terms_section
        from compliance.selectors.documents import documents_valid_percent
        from kpis.computed_sources import register_computed_kpis
        from slas.agreement_sections import register_agreement_section

        # The agreement page (slas) shows the data-protection terms without importing compliance.
        register_agreement_section(agreement_terms_section, relations=("data_protection_terms",))
        # The hourly KPI computation (kpis) asks for the share of required documents valid.
        register_computed_kpis(("compliance_documents_valid",), documents_valid_percent)
