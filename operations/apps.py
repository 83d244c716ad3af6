from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations: component lifecycle and change plans"

    def ready(self) -> None:
        from kpis.computed_sources import register_computed_kpis
        from operations import audit  # noqa: F401  (registers models with the audit trail)
        from operations.selectors.recovery import DR_TEST_COMPLIANCE, dr_test_compliance_values

        # The catalogue KPI of DR test compliance, computed hourly by kpis from our records.
        register_computed_kpis((DR_TEST_COMPLIANCE,), dr_test_compliance_values)
