from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = "KPIs and PACS probes"

    def ready(self) -> None:
        from kpis.selectors.interfaces import interface_states
        from vendors.interface_states import register_interface_states

        register_interface_states(interface_states)
