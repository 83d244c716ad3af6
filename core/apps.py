from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core.tables import cache_tables2_signatures

        cache_tables2_signatures()
